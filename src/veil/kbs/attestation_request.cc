#include "veil/kbs/attestation_request.h"

#include "veil/crypto/digest.h"
#include "veil/json/jcs.h"

namespace veil::kbs {
namespace {

using nlohmann::json;

Error RequestError(std::string message) { return Error{ErrorCode::kMalformed, std::move(message), "attest request"}; }

Result<const json*> Member(const json& object, std::string_view key, std::string_view where) {
  const auto it = object.find(key);
  if (it == object.end()) return Fail(RequestError("missing \"" + std::string(key) + "\" in " + std::string(where)));
  return &*it;
}

Result<std::string> StringMember(const json& object, std::string_view key, std::string_view where) {
  VEIL_ASSIGN_OR_RETURN(const json* value, Member(object, key, where));
  if (!value->is_string()) return Fail(RequestError(std::string(where) + "." + std::string(key) + " must be a string"));
  return value->get<std::string>();
}

Result<std::optional<std::string>> ParseInitData(const json& body) {
  const auto it = body.find("init-data");
  if (it == body.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_object()) return Fail(RequestError("init-data must be an object"));
  VEIL_ASSIGN_OR_RETURN(std::string format, StringMember(*it, "format", "init-data"));
  if (format != "toml") return Fail(RequestError("init-data format \"" + format + "\" is not \"toml\""));
  VEIL_ASSIGN_OR_RETURN(std::string text, StringMember(*it, "body", "init-data"));
  return std::optional<std::string>(std::move(text));
}

}  // namespace

Result<AttestationRequest> ParseAttestationRequest(std::string_view body_text) {
  const json body = json::parse(body_text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return Fail(RequestError("body is not a JSON object"));
  AttestationRequest request;
  VEIL_ASSIGN_OR_RETURN(request.init_data_toml, ParseInitData(body));

  VEIL_ASSIGN_OR_RETURN(const json* runtime, Member(body, "runtime-data", "the request"));
  if (!runtime->is_object()) return Fail(RequestError("runtime-data must be an object"));
  VEIL_ASSIGN_OR_RETURN(request.nonce, StringMember(*runtime, "nonce", "runtime-data"));
  VEIL_ASSIGN_OR_RETURN(const json* pubkey, Member(*runtime, "tee-pubkey", "runtime-data"));
  if (!pubkey->is_object()) return Fail(RequestError("runtime-data.tee-pubkey must be a JWK object"));
  request.tee_pubkey = *pubkey;

  VEIL_ASSIGN_OR_RETURN(const json* evidence, Member(body, "tee-evidence", "the request"));
  if (!evidence->is_object()) return Fail(RequestError("tee-evidence must be an object"));
  VEIL_ASSIGN_OR_RETURN(const json* primary, Member(*evidence, "primary_evidence", "tee-evidence"));
  request.primary_evidence = *primary;
  const auto additional = evidence->find("additional_evidence");
  if (additional != evidence->end() && !additional->is_null()) {
    if (!additional->is_string()) return Fail(RequestError("tee-evidence.additional_evidence must be a JSON string"));
    request.additional_evidence = additional->get<std::string>();
  }
  return request;
}

Result<Bytes> ExpectedReportData(const AttestationRequest& request) {
  const json binding = {{"additional-evidence", request.additional_evidence},
                        {"nonce", request.nonce},
                        {"tee-pubkey", request.tee_pubkey}};
  VEIL_ASSIGN_OR_RETURN(std::string canonical, ::veil::json::CanonicalizeJcs(binding));
  Bytes report_data = crypto::Sha384(AsBytes(canonical));
  report_data.resize(64, 0);
  return report_data;
}

}  // namespace veil::kbs
