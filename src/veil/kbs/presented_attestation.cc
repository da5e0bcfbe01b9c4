#include "veil/kbs/presented_attestation.h"

#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/kbs/http_mapping.h"

namespace veil::kbs {
namespace {

std::string TokenDigest(std::string_view token) {
  return "sha256:" + HexEncode(crypto::Sha256(AsBytes(token)));
}

// A Bearer token: ours, else one a trusted attestation service signed.
Result<PresentedToken> VerifyBearer(const KbsContext& context, std::string_view token,
                                    TimePoint now) {
  const std::string digest = TokenDigest(token);
  auto own = context.signer.Verify(token, now);
  if (own) return PresentedToken{std::move(*own), std::string(kOwnTokens), digest};
  if (context.passport == nullptr) return Fail(std::move(own).error());
  auto foreign = context.passport->Verify(token, now);
  if (foreign) {
    return PresentedToken{std::move(foreign->claims), std::move(foreign->trusted_by), digest};
  }
  return Fail(Error{ErrorCode::kVerificationFailed,
                    "the Bearer token is neither this trustee's (" + own.error().message +
                        ") nor a trusted attestation service's (" + foreign.error().message + ")",
                    "attestation token"});
}

}  // namespace

Result<PresentedToken> PresentedAttestation(const KbsContext& context, const http::Request& request,
                                            TimePoint now) {
  if (const auto bearer = BearerToken(request)) return VerifyBearer(context, *bearer, now);
  const auto session_id = SessionIdFromCookie(request);
  if (!session_id)
    return Fail(NotFound("no attestation: send the kbs-session-id cookie or a Bearer token"));
  VEIL_ASSIGN_OR_RETURN(auto session, context.sessions.Find(*session_id));
  if (!session.token) return Fail(NotFound("session " + *session_id + " has not attested"));
  // The session outlives its token when token_ttl < session_ttl: the token's own exp decides.
  VEIL_ASSIGN_OR_RETURN(auto claims, context.signer.Verify(*session.token, now));
  return PresentedToken{std::move(claims), std::string(kOwnTokens), TokenDigest(*session.token)};
}

std::string TeeIdentity(const token::EarView& view) {
  for (const char* claim : {"measurement", "ak", "report_data"}) {
    if (view.tee_claims.contains(claim) && view.tee_claims[claim].is_string()) {
      return view.tee + ":" + view.tee_claims[claim].get<std::string>();
    }
  }
  return view.tee;
}

}  // namespace veil::kbs
