#include "veil/evidence/sgx/coco_json.h"

#include <string>

#include "veil/base/base64.h"

namespace veil::evidence::sgx {
namespace {

using nlohmann::json;

Error CocoError(std::string message) {
  return Error{ErrorCode::kMalformed, std::move(message), "sgx"};
}

}  // namespace

Result<CocoSgxEvidence> ParseCocoSgxEvidence(const json& evidence) {
  if (!evidence.is_object()) return Fail(CocoError("SGX evidence must be a JSON object"));
  const auto quote = evidence.find("quote");
  if (quote == evidence.end() || !quote->is_string()) {
    return Fail(CocoError("SGX evidence must have \"quote\", the base64 quote, as a string"));
  }
  const std::string& text = quote->get_ref<const std::string&>();
  if (text.empty()) return Fail(CocoError("SGX quote is empty"));
  auto bytes = Base64Decode(text);
  if (!bytes) return Fail(CocoError("quote is not standard base64: " + bytes.error().message));
  return CocoSgxEvidence{*std::move(bytes)};
}

json ToCocoSgxEvidence(ByteSpan quote) { return {{"quote", Base64Encode(quote)}}; }

}  // namespace veil::evidence::sgx
