#include "veil/kbs/resource_service.h"

#include <spdlog/spdlog.h>

#include "veil/crypto/jose/jwe.h"
#include "veil/kbs/http_mapping.h"
#include "veil/kbs/policy_inputs.h"
#include "veil/protocol/resource_path.h"

namespace veil::kbs {
namespace {

// Who received a secret, as the audit log records it: the TEE kind and its strongest identity
// claim.
std::string TeeIdentity(const token::EarView& view) {
  for (const char* claim : {"measurement", "ak", "report_data"}) {
    if (view.tee_claims.contains(claim) && view.tee_claims[claim].is_string()) {
      return view.tee + ":" + view.tee_claims[claim].get<std::string>();
    }
  }
  return view.tee;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string joined;
  for (const std::string& line : lines) joined += (joined.empty() ? "" : "; ") + line;
  return joined;
}

}  // namespace

http::Response ResourceService::Get(const http::Request& request) {
  const TimePoint now = context_.clock.Now();
  auto path =
      protocol::ResourcePath::Parse(std::string_view(request.path).substr(kResourcePrefix.size()));
  if (!path) return ErrorResponse(FromError(KbsErrorKind::kInvalidRequestPath, path.error()));

  // The attestation: a Bearer token we issued, or the attested session behind the cookie.
  Result<nlohmann::json> claims =
      Fail(NotFound("no attestation: send the kbs-session-id cookie or a Bearer token"));
  if (const auto bearer = BearerToken(request)) {
    claims = context_.signer.Verify(*bearer, now);
  } else if (const auto session_id = SessionIdFromCookie(request)) {
    auto session = context_.sessions.Find(*session_id);
    if (!session) {
      claims = Fail(session.error());
    } else if (!session->token) {
      claims = Fail(NotFound("session " + *session_id + " has not attested"));
    } else {
      // The session outlives its token when token_ttl < session_ttl: the token's own exp decides.
      claims = context_.signer.Verify(*session->token, now);
    }
  }
  if (!claims) return ErrorResponse(FromError(KbsErrorKind::kTokenNotFound, claims.error()));
  auto view = token::ReadEarView(*claims);
  if (!view) return ErrorResponse(FromError(KbsErrorKind::kTokenNotFound, view.error()));

  auto decision = [&]() -> Result<policy::ResourceDecision> {
    VEIL_ASSIGN_OR_RETURN(auto resource_policy, CurrentResourcePolicy(context_.store));
    VEIL_ASSIGN_OR_RETURN(auto references, CurrentReferenceValues(context_.store));
    const nlohmann::json input = {{"resource", path->str()},
                                  {"status", view->status},
                                  {"tee", view->tee},
                                  {"trust_vector", view->trust_vector},
                                  {"claims", view->tee_claims},
                                  {"policy_id", view->policy_id},
                                  {"unverified", view->unverified}};
    return policy::DecideResource(resource_policy, input, references, now);
  }();
  if (!decision) return ErrorResponse(FromError(KbsErrorKind::kInternal, decision.error()));
  if (!decision->allowed) {
    std::string detail = "resource policy denies " + path->str() + ": " + decision->reason;
    const auto& denial = (*claims)["submods"]["cpu0"];
    if (denial.contains("veil.denial-reasons") && !denial["veil.denial-reasons"].empty()) {
      detail += " (attestation: " +
                JoinLines(denial["veil.denial-reasons"].get<std::vector<std::string>>()) + ")";
    }
    spdlog::warn("release of {} to {} denied: {}", path->str(), TeeIdentity(*view), detail);
    context_.metrics.Increment("veil_policy_decisions_total", "Resource policy decisions",
                               {{"decision", "deny"}});
    return ErrorResponse({KbsErrorKind::kPolicyDeny, detail});
  }
  context_.metrics.Increment("veil_policy_decisions_total", "Resource policy decisions",
                             {{"decision", "allow"}});

  auto released = [&]() -> Result<nlohmann::json> {
    VEIL_ASSIGN_OR_RETURN(auto sealed, context_.store.GetResource(*path));
    if (!sealed) return Fail(NotFound("no resource " + path->str()));
    VEIL_ASSIGN_OR_RETURN(auto secret, context_.sealer.Open(*sealed, path->str()));
    VEIL_ASSIGN_OR_RETURN(auto jwe, crypto::jose::EncryptJwe(view->tee_pubkey, secret.span()));
    // The release is recorded before the secret leaves: no audit entry, no secret.
    VEIL_TRY(context_.store.AppendAudit({"tee:" + TeeIdentity(*view),
                                         "resource.release",
                                         path->str(),
                                         {{"token_id", view->token_id},
                                          {"tee", view->tee},
                                          {"status", view->status},
                                          {"policy_id", view->policy_id},
                                          {"rule", decision->rule}}}));
    return jwe;
  }();
  if (!released) {
    const bool missing = released.error().code == ErrorCode::kNotFound;
    spdlog::warn("release of {} failed: {}", path->str(), released.error().ToString());
    return ErrorResponse(FromError(
        missing ? KbsErrorKind::kResourceNotFound : KbsErrorKind::kInternal, released.error()));
  }
  spdlog::info("released {} to {} (token {})", path->str(), TeeIdentity(*view), view->token_id);
  context_.metrics.Increment("veil_resource_releases_total", "Secrets released",
                             {{"tee", view->tee}});
  return http::Response::Json(200, *released);
}

}  // namespace veil::kbs
