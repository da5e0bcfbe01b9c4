#pragma once
// Reference values: for a claim name (e.g. "snp.measurement", "tpm.pcrs.sha256.23") the set of
// values the appraisal accepts, with an optional expiry and where the values came from.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/clock.h"
#include "veil/base/result.h"

namespace veil::store {

inline constexpr std::size_t kMaxReferenceValueNameSize = 128;
inline constexpr std::size_t kMaxReferenceValueCount = 1024;
inline constexpr std::size_t kMaxReferenceValueSize = 4096;  // one accepted value, and provenance

struct ReferenceValue {
  std::string name;  // [a-z0-9_.-], 1..kMaxReferenceValueNameSize characters
  std::vector<std::string>
      values;  // 1..kMaxReferenceValueCount distinct non-empty values, kept in order
  std::optional<TimePoint> expires_at;  // stored as whole seconds; none = never expires
  std::string provenance;               // free text: who measured it, from which build

  friend bool operator==(const ReferenceValue&, const ReferenceValue&) = default;
};

struct ReferenceValueRecord {
  ReferenceValue reference;
  TimePoint updated_at;  // whole seconds
};

// kInvalidArgument unless `name` matches [a-z0-9_.-]+ and has 1..kMaxReferenceValueNameSize
// characters.
Status ValidateReferenceValueName(std::string_view name);
// The name as above, and the value and provenance rules documented on ReferenceValue.
Status ValidateReferenceValue(const ReferenceValue& reference);

}  // namespace veil::store
