#pragma once
// The attestation a request presents to a KBS endpoint that releases something to a TEE (a
// resource, a workload certificate): a Bearer token — this trustee's own EAR token, or one a
// trusted attestation service signed (passport/) — or the kbs-session-id cookie of a session that
// attested. Verified at `now`; kNotFound when the request presents none, the verifier's error
// when what it presents does not verify.

#include <string>

#include <nlohmann/json.hpp>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/http/message/request.h"
#include "veil/kbs/kbs_context.h"
#include "veil/token/ear_token.h"

namespace veil::kbs {

inline constexpr std::string_view kOwnTokens = "self";

struct PresentedToken {
  nlohmann::json claims;
  std::string attestation_service;  // kOwnTokens, or the trusted source (passport/)
  // "sha256:<hex>" of the token's compact text as presented (the session's token for a cookie):
  // names a token that has no jti, and is what a workload certificate's attestation extension
  // carries.
  std::string digest;
};

Result<PresentedToken> PresentedAttestation(const KbsContext& context, const http::Request& request,
                                            TimePoint now);

// Who presented an attestation, as the audit log records it: the TEE kind and its strongest
// identity claim ("tpm:<ak digest>", "snp:<measurement>").
std::string TeeIdentity(const token::EarView& view);

}  // namespace veil::kbs
