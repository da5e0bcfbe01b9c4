#include "veil/evidence/tpm/coco_json.h"

#include "veil/base/base64.h"

namespace veil::evidence::tpm {
namespace {

using nlohmann::json;

Error CocoError(std::string message) {
  return Error{ErrorCode::kMalformed, std::move(message), "tpm"};
}

Result<Bytes> Base64Member(const json& object, std::string_view key, std::string_view where) {
  const std::string name = std::string(where) + "." + std::string(key);
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string())
    return Fail(CocoError(name + " must be a base64 string"));
  auto decoded = Base64Decode(it->get<std::string>());
  if (!decoded) return Fail(CocoError(name + ": " + decoded.error().message));
  return decoded;
}

}  // namespace

Result<CocoTpmEvidence> ParseCocoTpmEvidence(const json& evidence) {
  if (!evidence.is_object() || !evidence.contains("tpm_quote") ||
      !evidence["tpm_quote"].is_object()) {
    return Fail(
        CocoError("evidence must be {\"ak_public\", \"tpm_quote\": {message, signature, pcrs}}"));
  }
  const json& quote = evidence["tpm_quote"];
  CocoTpmEvidence out;
  VEIL_ASSIGN_OR_RETURN(out.ak_public, Base64Member(evidence, "ak_public", "evidence"));
  VEIL_ASSIGN_OR_RETURN(out.message, Base64Member(quote, "message", "tpm_quote"));
  VEIL_ASSIGN_OR_RETURN(out.signature, Base64Member(quote, "signature", "tpm_quote"));
  if (!quote.contains("pcrs") || !quote["pcrs"].is_array())
    return Fail(CocoError("tpm_quote.pcrs must be an array of 24 hex SHA-256 values"));
  out.pcrs = quote["pcrs"].dump();
  return out;
}

}  // namespace veil::evidence::tpm
