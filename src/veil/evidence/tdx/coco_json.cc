#include "veil/evidence/tdx/coco_json.h"

#include <string>

#include "veil/base/base64.h"

namespace veil::evidence::tdx {
namespace {

using nlohmann::json;

Error CocoError(std::string message) {
  return Error{ErrorCode::kMalformed, std::move(message), "tdx"};
}

Result<Bytes> DecodeMember(const json& value, std::string_view name) {
  auto bytes = Base64Decode(value.get<std::string>());
  if (!bytes) {
    return Fail(CocoError(std::string(name) + " is not standard base64: " + bytes.error().message));
  }
  return bytes;
}

}  // namespace

Result<CocoTdxEvidence> ParseCocoTdxEvidence(const json& evidence) {
  if (!evidence.is_object()) return Fail(CocoError("TDX evidence must be a JSON object"));
  const auto quote = evidence.find("quote");
  if (quote == evidence.end() || !quote->is_string()) {
    return Fail(CocoError("TDX evidence must have \"quote\", the base64 quote, as a string"));
  }
  if (quote->get_ref<const std::string&>().empty()) return Fail(CocoError("TDX quote is empty"));
  CocoTdxEvidence out;
  VEIL_ASSIGN_OR_RETURN(out.quote, DecodeMember(*quote, "quote"));
  const auto log = evidence.find("cc_eventlog");
  if (log == evidence.end() || log->is_null()) return out;
  if (!log->is_string()) return Fail(CocoError("cc_eventlog must be a base64 string or null"));
  if (log->get_ref<const std::string&>().empty()) return out;
  VEIL_ASSIGN_OR_RETURN(out.cc_eventlog, DecodeMember(*log, "cc_eventlog"));
  return out;
}

json ToCocoTdxEvidence(ByteSpan quote, const std::optional<Bytes>& cc_eventlog) {
  return {{"cc_eventlog", cc_eventlog ? json(Base64Encode(*cc_eventlog)) : json(nullptr)},
          {"quote", Base64Encode(quote)}};
}

}  // namespace veil::evidence::tdx
