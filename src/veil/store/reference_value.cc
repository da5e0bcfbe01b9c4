#include "veil/store/reference_value.h"

#include <algorithm>
#include <map>
#include <set>

namespace veil::store {
namespace {

bool IsNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

Status CheckValues(const ReferenceValue& reference) {
  const std::string prefix = "reference value " + reference.name + ": ";
  if (reference.values.empty() || reference.values.size() > kMaxReferenceValueCount) {
    return Fail(InvalidArgument(prefix + "expected 1.." + std::to_string(kMaxReferenceValueCount) +
                                " accepted values, got " +
                                std::to_string(reference.values.size())));
  }
  std::set<std::string_view> seen;
  for (const std::string& value : reference.values) {
    if (value.empty() || value.size() > kMaxReferenceValueSize) {
      return Fail(InvalidArgument(prefix + "expected each value to have 1.." +
                                  std::to_string(kMaxReferenceValueSize) + " bytes, got " +
                                  std::to_string(value.size())));
    }
    if (!seen.insert(value).second)
      return Fail(InvalidArgument(prefix + "value \"" + value + "\" is listed twice"));
  }
  return {};
}

}  // namespace

Status ValidateReferenceValueName(std::string_view name) {
  if (name.empty() || name.size() > kMaxReferenceValueNameSize) {
    return Fail(InvalidArgument("reference value name: expected 1.." +
                                std::to_string(kMaxReferenceValueNameSize) + " characters, got " +
                                std::to_string(name.size())));
  }
  if (!std::all_of(name.begin(), name.end(), IsNameCharacter)) {
    return Fail(InvalidArgument("reference value name: expected [a-z0-9_.-]+, got \"" +
                                std::string(name) + "\""));
  }
  return {};
}

Status ValidateReferenceValue(const ReferenceValue& reference) {
  VEIL_TRY(ValidateReferenceValueName(reference.name));
  VEIL_TRY(CheckValues(reference));
  if (reference.provenance.size() > kMaxReferenceValueSize) {
    return Fail(InvalidArgument("reference value " + reference.name +
                                " provenance: expected at most " +
                                std::to_string(kMaxReferenceValueSize) + " bytes, got " +
                                std::to_string(reference.provenance.size())));
  }
  return {};
}

Status ValidateReferenceValueEntries(std::span<const ReferenceValue> references) {
  if (references.empty() || references.size() > kMaxReferenceValueEntries) {
    return Fail(InvalidArgument("reference values: expected 1.." +
                                std::to_string(kMaxReferenceValueEntries) + " entries, got " +
                                std::to_string(references.size())));
  }
  std::map<std::string_view, std::set<std::string_view>> values_by_name;
  for (const ReferenceValue& reference : references) {
    VEIL_TRY(ValidateReferenceValue(reference));
    std::set<std::string_view>& values = values_by_name[reference.name];
    for (const std::string& value : reference.values) {
      if (!values.insert(value).second) {
        return Fail(InvalidArgument("reference value " + reference.name + ": value \"" + value +
                                    "\" is listed in two entries"));
      }
    }
    if (values.size() > kMaxReferenceValueCount) {
      return Fail(InvalidArgument("reference value " + reference.name + ": expected at most " +
                                  std::to_string(kMaxReferenceValueCount) + " values, got " +
                                  std::to_string(values.size())));
    }
  }
  return {};
}

std::vector<ReferenceValueRecord> GroupStoredReferenceValues(
    std::span<const StoredReferenceValue> rows) {
  std::vector<ReferenceValueRecord> records;
  for (const StoredReferenceValue& row : rows) {
    const bool same_entry = !records.empty() && records.back().reference.name == row.name &&
                            records.back().reference.expires_at == row.expires_at &&
                            records.back().reference.provenance == row.provenance &&
                            records.back().updated_at == row.updated_at;
    if (!same_entry) {
      records.push_back({{row.name, {}, row.expires_at, row.provenance}, row.updated_at});
    }
    records.back().reference.values.push_back(row.value);
  }
  return records;
}

}  // namespace veil::store
