#pragma once
// The attestation result the trustee returned from /attest: an EAR JWT the agent presents as a
// Bearer token for resources. With pinned token keys ([trustee] token_key, token_keys.h) the
// signature is verified before any claim is read; without them the claims are read as they came,
// and only an https:// channel with a pinned key or CA proves who issued them. The agent reads
// them to know until when the token is usable, whether the trustee trusts this TEE, and why not.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/public_key.h"

namespace veil::agent {

struct AttestationToken {
  std::string jwt;
  TimePoint expires_at;  // the `exp` claim; TimePoint::max() past what a TimePoint holds (2262)
  std::string status;    // "affirming", "warning", "contraindicated", ... as sent (compare only)
  std::vector<std::string> denial_reasons;  // "veil.denial-reasons", made log-safe (LogSafe)
  nlohmann::json claims;                    // the whole payload

  // True until 30 s before `exp`, so a cached token is not sent just as it expires.
  bool UsableAt(TimePoint now) const;
};

// kMalformed when `jwt` is not a JWT with a JSON payload that has a numeric `exp` (1970..9999)
// and an EAR status (submods.*."ear.status"). With `keys`, kVerificationFailed unless one of
// them signed it (checked before anything else is read).
Result<AttestationToken> ReadAttestationToken(std::string_view jwt,
                                              std::span<const crypto::PublicKey> keys = {});

// The agent's own check: kPolicyDenied "the trustee appraised this TEE as <status>: <reasons>"
// unless the status is "affirming" or "warning". Status and reasons are log-safe in the message.
Status RequireTrustworthy(const AttestationToken& token);

}  // namespace veil::agent
