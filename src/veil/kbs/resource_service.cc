#include "veil/kbs/resource_service.h"

#include <spdlog/spdlog.h>

#include "veil/crypto/jose/jwe.h"
#include "veil/kbs/http_mapping.h"
#include "veil/kbs/policy_inputs.h"
#include "veil/kbs/presented_attestation.h"
#include "veil/protocol/resource_path.h"

namespace veil::kbs {
namespace {

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

  auto presented = PresentedAttestation(context_, request, now);
  if (!presented) return ErrorResponse(FromError(KbsErrorKind::kTokenNotFound, presented.error()));
  const nlohmann::json& claims = presented->claims;
  auto view = token::ReadEarView(claims);
  if (!view) return ErrorResponse(FromError(KbsErrorKind::kTokenNotFound, view.error()));
  if (view->token_id.empty()) view->token_id = presented->digest;

  auto decision = [&]() -> Result<policy::ResourceDecision> {
    VEIL_ASSIGN_OR_RETURN(auto resource_policy,
                          CurrentResourcePolicy(context_.store, context_.policies));
    if (const auto* rego = std::get_if<policy::coco::RegoResourcePolicy>(resource_policy.get())) {
      // CoCo's KBS: input is the token's claims, data names the plugin and the path.
      return policy::coco::DecideRegoResource(*rego, claims, policy::coco::CocoResourceData(*path));
    }
    VEIL_ASSIGN_OR_RETURN(auto references, CurrentReferenceValues(context_.store));
    const nlohmann::json input =
        policy::ResourcePolicyInputToJson({.resource = path->str(),
                                           .status = view->status,
                                           .tee = view->tee,
                                           .trust_vector = view->trust_vector,
                                           .claims = view->tee_claims,
                                           .policy_id = view->policy_id,
                                           .attestation_service = presented->attestation_service,
                                           .unverified = view->unverified,
                                           .init_data = view->init_data});
    return policy::DecideResource(std::get<policy::ResourcePolicy>(*resource_policy), input,
                                  references, now);
  }();
  if (!decision) return ErrorResponse(FromError(KbsErrorKind::kInternal, decision.error()));
  if (!decision->allowed) {
    std::string detail = "resource policy denies " + path->str() + ": " + decision->reason;
    const auto& denial = claims["submods"]["cpu0"];
    if (denial.contains("veil.denial-reasons") && !denial["veil.denial-reasons"].empty()) {
      detail += " (attestation: " +
                JoinLines(denial["veil.denial-reasons"].get<std::vector<std::string>>()) + ")";
    }
    spdlog::warn("release of {} to {} denied: {}", path->str(), TeeIdentity(*view), detail);
    // Refusals are audited like releases, so the log answers "who asked for what, and why not".
    // A failed append is logged, and the answer is a denial either way.
    if (auto audited = context_.store.AppendAudit(
            {"tee:" + TeeIdentity(*view),
             "resource.deny",
             path->str(),
             {{"token_id", view->token_id.empty() ? presented->digest : view->token_id},
              {"tee", view->tee},
              {"status", view->status},
              {"policy_id", view->policy_id},
              {"attestation_service", presented->attestation_service},
              {"rule", decision->rule},
              {"reason", decision->reason}}});
        !audited) {
      spdlog::warn("the denial of {} could not be audited: {}", path->str(),
                   audited.error().ToString());
    }
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
                                          {"attestation_service", presented->attestation_service},
                                          {"rule", decision->rule}}}));
    return jwe;
  }();
  if (!released) {
    const bool missing = released.error().code == ErrorCode::kNotFound;
    spdlog::warn("release of {} failed: {}", path->str(), released.error().ToString());
    return ErrorResponse(FromError(
        missing ? KbsErrorKind::kResourceNotFound : KbsErrorKind::kInternal, released.error()));
  }
  spdlog::info("released {} to {} (token {}, attested by {})", path->str(), TeeIdentity(*view),
               view->token_id, presented->attestation_service);
  context_.metrics.Increment("veil_resource_releases_total", "Secrets released",
                             {{"tee", view->tee}});
  return http::Response::Json(200, *released);
}

}  // namespace veil::kbs
