#pragma once
// What the store accepts as a reference value (the type is base/reference_value.h, shared with
// policy/): its name, value and size rules.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/clock.h"
#include "veil/base/reference_value.h"
#include "veil/base/result.h"

namespace veil::store {

inline constexpr std::size_t kMaxReferenceValueNameSize = 128;
inline constexpr std::size_t kMaxReferenceValueCount = 1024;
inline constexpr std::size_t kMaxReferenceValueSize = 4096;  // one accepted value, and provenance

inline constexpr std::size_t kMaxReferenceValueEntries = 1024;  // entries in one replacement

// One entry as the store lists it: values of one name added together, with one expiry and
// provenance. A name may have several (e.g. an image that expires next week and its successor).
struct ReferenceValueRecord {
  ReferenceValue reference;
  TimePoint updated_at;  // whole seconds

  friend bool operator==(const ReferenceValueRecord&, const ReferenceValueRecord&) = default;
};

// One accepted value as a backend keeps it: each value of a name carries its own expiry,
// provenance and time of addition.
struct StoredReferenceValue {
  std::string name;
  std::string value;
  std::optional<TimePoint> expires_at;  // whole seconds
  std::string provenance;
  TimePoint updated_at;                                   // whole seconds
  ReferenceValueKind kind = ReferenceValueKind::kString;  // how `value` was written
  bool scalar = false;  // the value is an entry written as one value, not a list
};

// The records of `rows` ordered by name, then by addition: consecutive rows of one name with the
// same expiry, provenance and update time make one record, so an entry put or appended whole is
// listed as it was given. A scalar row is a record of its own.
std::vector<ReferenceValueRecord> GroupStoredReferenceValues(
    std::span<const StoredReferenceValue> rows);

// kInvalidArgument unless `name` matches [a-z0-9_.-]+ and has 1..kMaxReferenceValueNameSize
// characters.
Status ValidateReferenceValueName(std::string_view name);
// The name as above; 1..kMaxReferenceValueCount distinct non-empty values of at most
// kMaxReferenceValueSize bytes; provenance of at most kMaxReferenceValueSize bytes; no more kinds
// than values, a value of kind integer, boolean or number written as such (-12, true, 1.5e3); one
// value when `scalar`. The store keeps expires_at as whole seconds.
Status ValidateReferenceValue(const ReferenceValue& reference);
// 1..kMaxReferenceValueEntries entries, each as ValidateReferenceValue says, and no value twice
// within one name across entries.
Status ValidateReferenceValueEntries(std::span<const ReferenceValue> references);

}  // namespace veil::store
