#include "veil/policy/reference_values.h"

#include "veil/base/rfc3339.h"
#include "veil/policy/claim_value.h"
#include "veil/policy/document.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;

// The values as canonical text, each with the kind it was written as (a list is never a scalar).
Status ParseValues(const Json& entry, const std::string& where, ReferenceValue& reference) {
  auto it = entry.find("values");
  if (it == entry.end()) return Fail(InvalidArgument(where + ": missing \"values\""));
  if (!it->is_array() || it->empty()) {
    return Fail(
        InvalidArgument(where + ".values: expected a non-empty list, found " + Quoted(*it)));
  }
  for (const Json& value : *it) {
    const std::optional<ReferenceValueKind> kind = JsonKind(value);
    if (!kind || *kind == ReferenceValueKind::kNumber) {
      return Fail(InvalidArgument(
          where + ".values: expected strings, integers or booleans, found " + Quoted(value)));
    }
    reference.Add(*CanonicalText(value), *kind);
  }
  return {};
}

Result<ReferenceValue> ParseEntry(const Json& entry, std::size_t index) {
  std::string where = "reference_values[" + std::to_string(index) + "]";
  VEIL_TRY(ExpectObjectWithKeys(entry, {"name", "values", "expires", "provenance"}, where));
  ReferenceValue value;
  VEIL_ASSIGN_OR_RETURN(value.name, RequiredString(entry, "name", where));
  where += " (" + value.name + ")";
  VEIL_TRY(ParseValues(entry, where, value));
  if (auto it = entry.find("expires"); it != entry.end()) {
    if (!it->is_string())
      return Fail(
          InvalidArgument(where + ".expires: expected an RFC 3339 time, found " + Quoted(*it)));
    auto expires = ParseRfc3339(it->get_ref<const std::string&>());
    if (!expires) return Fail(InvalidArgument(where + ".expires: " + expires.error().message));
    value.expires_at = *expires;
  }
  if (auto it = entry.find("provenance"); it != entry.end()) {
    if (!it->is_string())
      return Fail(InvalidArgument(where + ".provenance: expected a string, found " + Quoted(*it)));
    value.provenance = it->get<std::string>();
  }
  return value;
}

Result<std::vector<ReferenceValue>> ParseEntries(std::string_view text) {
  VEIL_ASSIGN_OR_RETURN(Json document, ParseDocument(text));
  if (!document.is_array()) {
    return Fail(InvalidArgument(
        "reference values: expected a list of {name, values, expires?, provenance?}, found " +
        Quoted(document)));
  }
  std::vector<ReferenceValue> entries;
  for (std::size_t i = 0; i < document.size(); ++i) {
    VEIL_ASSIGN_OR_RETURN(ReferenceValue value, ParseEntry(document[i], i));
    entries.push_back(std::move(value));
  }
  return entries;
}

Result<ReferenceValueSet> ParseSet(std::string_view text) {
  VEIL_ASSIGN_OR_RETURN(std::vector<ReferenceValue> entries, ParseEntries(text));
  ReferenceValueSet set;
  for (ReferenceValue& value : entries) VEIL_TRY(set.Add(std::move(value)));
  return set;
}

}  // namespace

Status ReferenceValueSet::Add(ReferenceValue value) {
  if (value.name.empty()) return Fail(InvalidArgument("reference value without a name"));
  if (value.values.empty())
    return Fail(InvalidArgument("reference value " + value.name + " has no values"));
  std::string name = value.name;
  by_name_[std::move(name)].push_back(std::move(value));
  return {};
}

std::vector<std::string> ReferenceValueSet::NamesWithPrefix(std::string_view prefix) const {
  std::vector<std::string> names;
  for (auto it = by_name_.lower_bound(prefix);
       it != by_name_.end() && it->first.starts_with(prefix); ++it) {
    names.push_back(it->first);
  }
  return names;
}

ReferenceLookup ReferenceValueSet::Lookup(std::string_view name, TimePoint now) const {
  ReferenceLookup lookup;
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return lookup;
  lookup.known = true;
  std::string expired;
  for (const ReferenceValue& entry : it->second) {
    if (entry.expires_at && now >= *entry.expires_at) {
      expired += (expired.empty() ? "" : ", ") + FormatRfc3339(*entry.expires_at);
      continue;
    }
    lookup.accepted.insert(lookup.accepted.end(), entry.values.begin(), entry.values.end());
  }
  if (!expired.empty()) {
    lookup.note = "ignored reference values " + std::string(name) + " that expired at " + expired;
  }
  return lookup;
}

std::vector<const ReferenceValue*> ReferenceValueSet::CurrentEntries(std::string_view name,
                                                                     TimePoint now) const {
  std::vector<const ReferenceValue*> entries;
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return entries;
  for (const ReferenceValue& entry : it->second) {
    if (!entry.expires_at || now < *entry.expires_at) entries.push_back(&entry);
  }
  return entries;
}

Result<Json> RegisteredJson(std::span<const ReferenceValue* const> entries) {
  const auto typed = [](const ReferenceValue& entry, std::size_t index) -> Result<Json> {
    std::optional<Json> json = TypedJson(entry.values[index], entry.KindOf(index));
    if (json) return std::move(*json);
    return Fail(Malformed("reference value " + entry.name + ": \"" + entry.values[index] +
                          "\" is not the text of a JSON " +
                          std::string(ReferenceValueKindName(entry.KindOf(index)))));
  };
  if (entries.size() == 1 && entries.front()->scalar && entries.front()->values.size() == 1)
    return typed(*entries.front(), 0);
  Json values = Json::array();
  for (const ReferenceValue* entry : entries) {
    for (std::size_t i = 0; i < entry->values.size(); ++i) {
      VEIL_ASSIGN_OR_RETURN(Json value, typed(*entry, i));
      values.push_back(std::move(value));
    }
  }
  return values;
}

Result<ReferenceValueSet> ParseReferenceValues(std::string_view text) {
  auto set = ParseSet(text);
  if (!set) return Fail(std::move(set).error().WithContext("policy"));
  return set;
}

Result<std::vector<ReferenceValue>> ParseReferenceValueEntries(std::string_view text) {
  auto entries = ParseEntries(text);
  if (!entries) return Fail(std::move(entries).error().WithContext("policy"));
  return entries;
}

Json ReferenceValuesDocument(std::span<const ReferenceValue> entries) {
  Json document = Json::array();
  for (const ReferenceValue& entry : entries) {
    Json object = {{"name", entry.name}, {"values", entry.values}};
    if (entry.expires_at) object["expires"] = FormatRfc3339(*entry.expires_at);
    if (!entry.provenance.empty()) object["provenance"] = entry.provenance;
    document.push_back(std::move(object));
  }
  return document;
}

std::string ReferenceValuesYaml(std::span<const ReferenceValue> entries) {
  // A JSON string is a YAML double-quoted scalar; invalid UTF-8 (never stored) would be replaced.
  const auto quoted = [](const std::string& text) {
    return Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
  };
  if (entries.empty()) return "[]\n";
  std::string yaml;
  for (const ReferenceValue& entry : entries) {
    yaml += "- name: " + quoted(entry.name) + "\n  values:\n";
    for (const std::string& value : entry.values) yaml += "    - " + quoted(value) + "\n";
    if (entry.expires_at) yaml += "  expires: " + quoted(FormatRfc3339(*entry.expires_at)) + "\n";
    if (!entry.provenance.empty()) yaml += "  provenance: " + quoted(entry.provenance) + "\n";
  }
  return yaml;
}

}  // namespace veil::policy
