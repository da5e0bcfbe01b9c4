#include "veil/admin_client/reference_value_entries.h"

#include "veil/base/rfc3339.h"

namespace veil::admin_client {
namespace {

using nlohmann::json;

Error Unexpected(const std::string& what) {
  return Error{ErrorCode::kMalformed, "reference values: " + what, "trustee"};
}

Result<ReferenceValue> EntryFromJson(const json& entry) {
  if (!entry.is_object()) return Fail(Unexpected("expected an object per entry"));
  const auto name = entry.find("name");
  const auto values = entry.find("values");
  if (name == entry.end() || !name->is_string() || values == entry.end() || !values->is_array())
    return Fail(Unexpected("expected \"name\" and \"values\" in every entry"));
  ReferenceValue reference;
  reference.name = name->get<std::string>();
  for (const json& value : *values) {
    if (!value.is_string()) return Fail(Unexpected(reference.name + ": expected string values"));
    reference.values.push_back(value.get<std::string>());
  }
  if (const auto expires = entry.find("expires"); expires != entry.end() && !expires->is_null()) {
    if (!expires->is_string()) return Fail(Unexpected(reference.name + ": \"expires\" not a time"));
    auto parsed = ParseRfc3339(expires->get<std::string>());
    if (!parsed) return Fail(Unexpected(reference.name + ": " + parsed.error().message));
    reference.expires_at = *parsed;
  }
  if (const auto provenance = entry.find("provenance"); provenance != entry.end()) {
    if (!provenance->is_string())
      return Fail(Unexpected(reference.name + ": \"provenance\" not a string"));
    reference.provenance = provenance->get<std::string>();
  }
  return reference;
}

}  // namespace

Result<std::vector<ReferenceValue>> ReferenceValueEntriesFromJson(const json& answer) {
  if (!answer.is_object() || !answer.contains("reference_values") ||
      !answer["reference_values"].is_array()) {
    return Fail(Unexpected("expected {\"reference_values\": [...]}"));
  }
  std::vector<ReferenceValue> entries;
  for (const json& entry : answer["reference_values"]) {
    VEIL_ASSIGN_OR_RETURN(ReferenceValue reference, EntryFromJson(entry));
    entries.push_back(std::move(reference));
  }
  return entries;
}

}  // namespace veil::admin_client
