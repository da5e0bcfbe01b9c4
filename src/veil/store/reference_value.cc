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

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The text JSON prints for a value of `kind` (policy/claim_value.h CanonicalText); the store does
// not parse JSON, so this checks the characters only.
bool IsTextOfKind(std::string_view text, ReferenceValueKind kind) {
  switch (kind) {
    case ReferenceValueKind::kString:
      return true;
    case ReferenceValueKind::kBoolean:
      return text == "true" || text == "false";
    case ReferenceValueKind::kInteger:
      if (text.starts_with('-')) text.remove_prefix(1);
      return !text.empty() && std::all_of(text.begin(), text.end(), IsDigit);
    case ReferenceValueKind::kNumber:
      return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return IsDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
      });
  }
  return false;
}

Status CheckKinds(const ReferenceValue& reference) {
  const std::string prefix = "reference value " + reference.name + ": ";
  if (reference.kinds.size() > reference.values.size()) {
    return Fail(InvalidArgument(prefix + "expected at most one kind per value, got " +
                                std::to_string(reference.kinds.size()) + " kinds for " +
                                std::to_string(reference.values.size()) + " values"));
  }
  for (std::size_t i = 0; i < reference.values.size(); ++i) {
    if (!IsTextOfKind(reference.values[i], reference.KindOf(i))) {
      return Fail(InvalidArgument(prefix + "value \"" + reference.values[i] + "\" is not " +
                                  std::string(ReferenceValueKindName(reference.KindOf(i))) +
                                  " text"));
    }
  }
  if (reference.scalar && reference.values.size() != 1) {
    return Fail(InvalidArgument(prefix +
                                "expected one value in an entry written as a scalar, got " +
                                std::to_string(reference.values.size())));
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
  VEIL_TRY(CheckKinds(reference));
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
    const bool same_entry = !records.empty() && !row.scalar && !records.back().reference.scalar &&
                            records.back().reference.name == row.name &&
                            records.back().reference.expires_at == row.expires_at &&
                            records.back().reference.provenance == row.provenance &&
                            records.back().updated_at == row.updated_at;
    if (!same_entry) {
      ReferenceValue reference{row.name, {}, row.expires_at, row.provenance};
      reference.scalar = row.scalar;
      records.push_back({std::move(reference), row.updated_at});
    }
    records.back().reference.Add(row.value, row.kind);
  }
  return records;
}

}  // namespace veil::store
