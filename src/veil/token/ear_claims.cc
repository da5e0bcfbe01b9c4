#include "veil/base/hex.h"
#include "veil/crypto/random.h"
#include "veil/json/member.h"
#include "veil/policy/trust_vector.h"
#include "veil/token/ear_token.h"

namespace veil::token {
namespace {

using nlohmann::json;

Error EarError(std::string message) {
  return Error{ErrorCode::kMalformed, std::move(message), "ear"};
}

}  // namespace

json BuildEarClaims(const EarInput& input, TimePoint now, std::chrono::seconds lifetime) {
  json annotated = {
      {std::string(input.claims.tee()), input.claims.claims()},
      {"report_data", HexEncode(input.report_data)},
      {"init_data",
       input.init_data_digest ? json(HexEncode(*input.init_data_digest)) : json(nullptr)},
      {"init_data_claims", input.init_data_claims},
      {"init_data_document", input.init_data_document},
      {"additional_evidence", input.unverified_evidence},
      {"runtime_data_claims", {{"tee-pubkey", input.tee_pubkey}, {"nonce", input.nonce}}},
  };
  json cpu0 = {
      {"ear.status", std::string(policy::ArStatusName(input.appraisal.status))},
      {"ear.trustworthiness-vector", policy::TrustVectorToJson(input.appraisal.vector)},
      {"ear.appraisal-policy-id", input.appraisal.policy_id},
      {"ear.veraison.annotated-evidence", std::move(annotated)},
  };
  // A Rego policy's extensions (CoCo's EAR appraisal extensions), by name; never one of the above.
  for (const auto& [name, value] : input.appraisal.extensions.items()) cpu0.emplace(name, value);
  return {
      {"eat_profile", std::string(kEatProfile)},
      {"iat", UnixSeconds(now)},
      {"exp", UnixSeconds(now + lifetime)},
      {"iss", "veil-trustee"},
      {"jti", HexEncode(crypto::RandomBytes(16))},
      {"ear.verifier-id",
       {{"developer", "https://github.com/veil-cc/veil"}, {"build", "veil-trustee 0.1.0"}}},
      {"submods", {{"cpu0", std::move(cpu0)}}},
  };
}

Result<EarView> ReadEarView(const json& claims) {
  VEIL_ASSIGN_OR_RETURN(const json* submods, ::veil::json::RequireObject(claims, "submods"));
  VEIL_ASSIGN_OR_RETURN(const json* cpu0, ::veil::json::RequireObject(*submods, "cpu0"));
  EarView view;
  VEIL_ASSIGN_OR_RETURN(view.status, ::veil::json::RequireString(*cpu0, "ear.status"));
  VEIL_ASSIGN_OR_RETURN(view.policy_id,
                        ::veil::json::RequireString(*cpu0, "ear.appraisal-policy-id"));
  VEIL_ASSIGN_OR_RETURN(const json* vector,
                        ::veil::json::RequireObject(*cpu0, "ear.trustworthiness-vector"));
  view.trust_vector = *vector;
  VEIL_ASSIGN_OR_RETURN(const json* annotated,
                        ::veil::json::RequireObject(*cpu0, "ear.veraison.annotated-evidence"));
  VEIL_ASSIGN_OR_RETURN(const json* runtime,
                        ::veil::json::RequireObject(*annotated, "runtime_data_claims"));
  VEIL_ASSIGN_OR_RETURN(const json* pubkey, ::veil::json::RequireObject(*runtime, "tee-pubkey"));
  view.tee_pubkey = *pubkey;
  view.unverified = annotated->value("additional_evidence", nlohmann::json::object());
  if (const auto init_data = annotated->find("init_data");
      init_data != annotated->end() && init_data->is_string())
    view.init_data = init_data->get<std::string>();
  for (const auto& [key, value] : annotated->items()) {
    if (key == "report_data" || key == "init_data" || key == "init_data_claims" ||
        key == "init_data_document" || key == "additional_evidence" || key == "runtime_data_claims")
      continue;
    if (!view.tee.empty())
      return Fail(EarError("annotated evidence names two TEEs: " + view.tee + " and " + key));
    view.tee = key;
    view.tee_claims = value;
  }
  if (view.tee.empty()) return Fail(EarError("annotated evidence names no TEE"));
  // Veil's tokens always carry a jti; other attestation services' (CoCo's) may not.
  VEIL_ASSIGN_OR_RETURN(auto token_id, ::veil::json::OptionalString(claims, "jti"));
  view.token_id = token_id.value_or("");
  return view;
}

}  // namespace veil::token
