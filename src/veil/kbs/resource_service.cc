#include "veil/kbs/resource_service.h"

#include <spdlog/spdlog.h>

#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
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

// The attestation a request presents, verified, and who vouched for it.
struct PresentedToken {
  nlohmann::json claims;
  std::string attestation_service;  // kOwnTokens, or the trusted source (passport/)
  std::string digest;               // of a Bearer token: names one that has no jti
};

constexpr std::string_view kOwnTokens = "self";

// A Bearer token: ours, else one a trusted attestation service signed.
Result<PresentedToken> VerifyBearer(const KbsContext& context, std::string_view token,
                                    TimePoint now) {
  const std::string digest = "sha256:" + HexEncode(crypto::Sha256(AsBytes(token)));
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

// The attestation of a Bearer token or of the attested session behind the cookie.
Result<PresentedToken> PresentedAttestation(KbsContext& context, const http::Request& request,
                                            TimePoint now) {
  if (const auto bearer = BearerToken(request)) return VerifyBearer(context, *bearer, now);
  const auto session_id = SessionIdFromCookie(request);
  if (!session_id)
    return Fail(NotFound("no attestation: send the kbs-session-id cookie or a Bearer token"));
  VEIL_ASSIGN_OR_RETURN(auto session, context.sessions.Find(*session_id));
  if (!session.token) return Fail(NotFound("session " + *session_id + " has not attested"));
  // The session outlives its token when token_ttl < session_ttl: the token's own exp decides.
  VEIL_ASSIGN_OR_RETURN(auto claims, context.signer.Verify(*session.token, now));
  return PresentedToken{std::move(claims), std::string(kOwnTokens), {}};
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
