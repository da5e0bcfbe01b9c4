#include "veil/admin/rvps_message.h"

#include <string>

#include "veil/base/base64.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"
#include "veil/policy/claim_value.h"
#include "veil/store/reference_value.h"

namespace veil::admin {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxEchoedChars = 64;

// A hostile string is echoed in a refusal only up to a bound.
std::string Quoted(const std::string& text) {
  if (text.size() <= kMaxEchoedChars) return "\"" + text + "\"";
  return "\"" + text.substr(0, kMaxEchoedChars) + "\"...";
}

Error Refused(std::string message) {
  return InvalidArgument("RVPS message: " + std::move(message));
}

Status CheckVersion(const json& message) {
  VEIL_ASSIGN_OR_RETURN(auto version, ::veil::json::OptionalString(message, "version"));
  if (!version || *version == kRvpsMessageVersion) return {};
  return Fail(Refused("expected \"version\" \"" + std::string(kRvpsMessageVersion) + "\", got " +
                      Quoted(*version)));
}

Status CheckType(const json& message) {
  const json* type = ::veil::json::FindMember(message, "type");
  if (type == nullptr || !type->is_string())
    return Fail(Refused("expected a string \"type\" (\"sample\")"));
  const auto& name = type->get_ref<const std::string&>();
  if (name == "sample") return {};
  return Fail(Refused("type " + Quoted(name) +
                      " is not supported: this veil-trustee takes RVPS messages of type "
                      "\"sample\" and its own body {\"name\", \"values\": [...]} "
                      "(docs/coco-compatibility.md)"));
}

Result<json> DecodePayload(const json& message) {
  const json* payload = ::veil::json::FindMember(message, "payload");
  if (payload == nullptr || !payload->is_string())
    return Fail(Refused("expected a string \"payload\" (base64 of a JSON object)"));
  auto bytes = Base64Decode(payload->get_ref<const std::string&>());
  if (!bytes) return Fail(Refused("\"payload\" is not standard base64"));
  const std::string text(bytes->begin(), bytes->end());
  auto object = ::veil::json::ParseJsonObject(text, "the decoded \"payload\"");
  if (!object) return Fail(Refused(object.error().message));
  return std::move(*object);
}

// Adds `value` to `reference` as its canonical text and the kind it was written as.
Status AddValue(const std::string& name, const json& value, ReferenceValue& reference) {
  const std::optional<ReferenceValueKind> kind = policy::JsonKind(value);
  if (!kind) {
    return Fail(Refused("the value of " + Quoted(name) + " holds " + policy::DescribeType(value) +
                        "; expected a string, number or boolean, or a list of them"));
  }
  reference.Add(*policy::CanonicalText(value), *kind);
  return {};
}

// A list gives its elements; a single value gives one, and the entry remembers that it was not
// a list, for query_reference_value answers what the RVPS registered (rvps/src/extractors/sample).
Result<ReferenceValue> ToReferenceValue(const std::string& name, const json& value) {
  ReferenceValue reference{name, {}, std::nullopt, std::string(kRvpsSampleProvenance)};
  if (value.is_array()) {
    if (value.empty()) return Fail(Refused("the value of " + Quoted(name) + " is an empty list"));
    for (const json& element : value) VEIL_TRY(AddValue(name, element, reference));
  } else {
    VEIL_TRY(AddValue(name, value, reference));
    reference.scalar = true;
  }
  if (auto valid = store::ValidateReferenceValue(reference); !valid)
    return Fail(Refused(Quoted(name) + ": " + valid.error().message));
  return reference;
}

}  // namespace

bool IsRvpsMessage(const json& body) {
  return ::veil::json::HasMember(body, "payload") || ::veil::json::HasMember(body, "type") ||
         ::veil::json::HasMember(body, "version");
}

Result<std::vector<ReferenceValue>> ParseRvpsMessage(const json& message) {
  if (!message.is_object()) return Fail(Malformed("RVPS message is not a JSON object"));
  VEIL_TRY(CheckVersion(message));
  VEIL_TRY(CheckType(message));
  VEIL_ASSIGN_OR_RETURN(json payload, DecodePayload(message));
  if (payload.empty()) return Fail(Refused("the decoded \"payload\" names no reference value"));
  if (payload.size() > kMaxRvpsNames) {
    return Fail(Refused("expected at most " + std::to_string(kMaxRvpsNames) +
                        " reference values, got " + std::to_string(payload.size())));
  }
  std::vector<ReferenceValue> references;
  for (const auto& [name, value] : payload.items()) {
    VEIL_ASSIGN_OR_RETURN(ReferenceValue reference, ToReferenceValue(name, value));
    references.push_back(std::move(reference));
  }
  return references;
}

Result<std::vector<ReferenceValue>> ParseRvpsMessageBody(std::string_view body) {
  VEIL_ASSIGN_OR_RETURN(json message, ::veil::json::ParseJsonObject(body, "RVPS message"));
  return ParseRvpsMessage(message);
}

}  // namespace veil::admin
