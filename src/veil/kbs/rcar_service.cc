#include "veil/kbs/rcar_service.h"

#include <spdlog/spdlog.h>

#include "veil/base/hex.h"
#include "veil/base/log_safe.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/secret_bytes.h"
#include "veil/initdata/init_data.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"
#include "veil/kbs/additional_evidence.h"
#include "veil/kbs/attestation_request.h"
#include "veil/kbs/http_mapping.h"
#include "veil/kbs/init_data_claims.h"
#include "veil/kbs/policy_inputs.h"
#include "veil/kbs/tee_evidence.h"
#include "veil/policy/enrolment.h"
#include "veil/protocol/tee_kind.h"

namespace veil::kbs {
namespace {

// Log lines quote error messages that may carry request-derived text; they are escaped and capped.
constexpr std::size_t kLoggedErrorBytes = 2048;

KbsError AttestFailed(const Error& error) {
  return FromError(KbsErrorKind::kRcarAttestFailed, error);
}

// No Path attribute, as CoCo's KBS sets none: the cookie then defaults to the directory of the
// /auth request (…/kbs/v0), which covers /attest and /resource under any URL prefix a reverse
// proxy adds; a fixed Path=/kbs broke trustees served below a prefix.
std::string CookieHeader(const Session& session, std::chrono::seconds ttl) {
  return std::string(kSessionCookie) + "=" + session.id +
         "; Max-Age=" + std::to_string(ttl.count()) + "; HttpOnly; SameSite=Strict";
}

// The appraisal under Veil's policy language or, for a Rego policy, as CoCo's attestation
// service appraises (its input also carries the runtime and init-data claims).
Result<policy::Appraisal> Appraise(const AnyAttestationPolicy& attestation_policy,
                                   const appraisal::VerifiedClaims& claims,
                                   const policy::coco::CocoRuntimeClaims& runtime,
                                   const policy::ReferenceValueSet& references, TimePoint now) {
  if (const auto* rego = std::get_if<policy::coco::RegoAttestationPolicy>(&attestation_policy)) {
    return policy::coco::AppraiseWithRego(*rego, claims, runtime, references, now);
  }
  return policy::EvaluateAttestationPolicy(std::get<policy::AttestationPolicy>(attestation_policy),
                                           claims, references, now);
}

}  // namespace

http::Response RcarService::Refused(const Error& error) {
  const bool full = error.code == ErrorCode::kUnavailable;
  context_.metrics.Increment("veil_kbs_auth_refused_total",
                             "/auth requests refused for lack of session room",
                             {{"reason", full ? "sessions_full" : "client_quota"}});
  metrics::CountLimitRefusal(context_.metrics, full ? "sessions_full" : "session_quota");
  spdlog::warn("auth refused: {}", LogSafe(error.ToString(), kLoggedErrorBytes));
  http::Response response = ErrorResponse(
      FromError(full ? KbsErrorKind::kSessionsFull : KbsErrorKind::kSessionQuota, error));
  response.headers.Set("Retry-After", std::to_string(context_.sessions.RetryAfter().count()));
  return response;
}

http::Response RcarService::Auth(const http::Request& request) {
  auto auth = ParseAuthRequest(request.body);
  if (!auth) {
    spdlog::info("auth refused from {}: {}", LogSafe(request.peer),
                 LogSafe(auth.error().ToString(), kLoggedErrorBytes));
    return ErrorResponse(FromError(KbsErrorKind::kRcarAuthFailed, auth.error()));
  }
  auto created =
      context_.sessions.Create(auth->tee, ClientAddress(request.peer), auth->binding_hash);
  if (!created) return Refused(created.error());
  const Session& session = *created;
  http::Response response = http::Response::Json(
      200, {{"nonce", session.nonce},
            {"extra-params", protocol::ChallengeExtraParams(session.binding_hash)}});
  response.headers.Add("Set-Cookie",
                       CookieHeader(session, std::chrono::duration_cast<std::chrono::seconds>(
                                                 session.expires - context_.clock.Now())));
  return response;
}

http::Response RcarService::Attest(const http::Request& request) {
  const auto started = std::chrono::steady_clock::now();
  const auto session_id = SessionIdFromCookie(request);
  if (!session_id)
    return ErrorResponse(
        {KbsErrorKind::kRcarAttestFailed, "no kbs-session-id cookie: call /auth first"});
  auto session = context_.sessions.Find(*session_id);
  if (!session) return ErrorResponse(AttestFailed(session.error()));
  if (session->token) return http::Response::Json(200, {{"token", *session->token}});
  const std::string_view tee_name = protocol::TeeKindName(session->tee);

  auto outcome = [&]() -> Result<std::string> {
    VEIL_ASSIGN_OR_RETURN(AttestationRequest attest, ParseAttestationRequest(request.body));
    // The challenge is compared in constant time like every value a guest echoes back.
    if (!crypto::ConstantTimeEquals(AsBytes(attest.nonce), AsBytes(session->nonce))) {
      return Fail(VerificationFailed("runtime-data nonce does not match the session's challenge"));
    }
    VEIL_TRY(context_.sessions.ConsumeNonce(session->id));
    VEIL_TRY(
        crypto::jose::PublicKeyFromJwk(attest.tee_pubkey));  // the key secrets will be encrypted to
    std::optional<initdata::InitData> init_data;
    if (attest.init_data_toml) {
      VEIL_ASSIGN_OR_RETURN(init_data, initdata::ParseInitData(*attest.init_data_toml));
    }
    VEIL_ASSIGN_OR_RETURN(Bytes report_data, ExpectedReportData(attest, session->binding_hash));
    VEIL_ASSIGN_OR_RETURN(nlohmann::json unverified,
                          UnverifiedAdditionalEvidence(attest.additional_evidence));
    VEIL_ASSIGN_OR_RETURN(
        auto claims,
        AppraiseTeeEvidence({session->tee, attest.primary_evidence, report_data, init_data,
                             context_.clock, &context_.vcek_sources, context_.snp_chains,
                             context_.insecure_test_snp_ca_chain, context_.tpm_aks,
                             context_.dcap_collateral, &context_.store}));
    VEIL_ASSIGN_OR_RETURN(auto stored_references, CurrentReferenceValues(context_.store));
    VEIL_ASSIGN_OR_RETURN(auto references,
                          WithEnrolledNodeAk(std::move(stored_references), claims));
    VEIL_ASSIGN_OR_RETURN(auto attestation_policy,
                          CurrentAttestationPolicy(context_.store, context_.policies));
    VEIL_ASSIGN_OR_RETURN(
        const policy::Appraisal appraisal,
        Appraise(*attestation_policy, claims,
                 {HexEncode(report_data),
                  {{"tee-pubkey", attest.tee_pubkey}, {"nonce", attest.nonce}},
                  init_data ? nlohmann::json(HexEncode(init_data->digest)) : nlohmann::json(),
                  init_data ? CocoInitDataClaims(*init_data) : nlohmann::json()},
                 references, context_.clock.Now()));
    nlohmann::json ear = token::BuildEarClaims(
        {claims, appraisal, attest.tee_pubkey, attest.nonce, report_data,
         init_data ? std::optional<Bytes>(init_data->digest) : std::nullopt,
         init_data ? CocoInitDataClaims(*init_data) : nullptr,
         init_data ? InitDataDocumentClaims(*init_data) : nullptr, unverified},
        context_.clock.Now(), context_.token_ttl);
    const auto reasons = policy::DenialReasons(appraisal);
    ear["submods"]["cpu0"]["veil.denial-reasons"] = reasons;
    VEIL_ASSIGN_OR_RETURN(std::string token, context_.signer.Sign(ear));
    if (token.size() > context_.max_token_bytes) {
      metrics::CountLimitRefusal(context_.metrics, "token_size");
      return Fail(InvalidArgument("the attestation token would be " + std::to_string(token.size()) +
                                  " bytes, more than the " +
                                  std::to_string(context_.max_token_bytes) + " allowed"));
    }
    VEIL_TRY(context_.sessions.MarkAttested(session->id, token));
    spdlog::info("attested {} session {}: {} (policy {}){}{}", tee_name, session->id,
                 policy::ArStatusName(appraisal.status), appraisal.policy_id,
                 reasons.empty() ? "" : ": ", reasons.empty() ? "" : reasons.front());
    for (const std::string& hint : policy::EnrolmentHints(appraisal))
      spdlog::warn("attestation of {} session {}: {}", tee_name, session->id, hint);
    context_.metrics.Increment("veil_attestations_total", "Attestations by TEE and EAR status",
                               {{"tee", std::string(tee_name)},
                                {"status", std::string(policy::ArStatusName(appraisal.status))}});
    return token;
  }();
  context_.metrics.Observe(
      "veil_attestation_seconds", "Time to appraise evidence and issue a token",
      std::chrono::steady_clock::now() - started, {{"tee", std::string(tee_name)}});
  if (!outcome) {
    spdlog::warn("attestation of {} session {} refused: {}", tee_name, session->id,
                 LogSafe(outcome.error().ToString(), kLoggedErrorBytes));
    context_.metrics.Increment("veil_attestations_total", "Attestations by TEE and EAR status",
                               {{"tee", std::string(tee_name)}, {"status", "rejected"}});
    return ErrorResponse(AttestFailed(outcome.error()));
  }
  return http::Response::Json(200, {{"token", *outcome}});
}

}  // namespace veil::kbs
