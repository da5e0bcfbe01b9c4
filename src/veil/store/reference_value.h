#pragma once
// What the store accepts as a reference value (the type is base/reference_value.h, shared with
// policy/): its name, value and size rules.

#include <cstddef>
#include <string>
#include <string_view>

#include "veil/base/clock.h"
#include "veil/base/reference_value.h"
#include "veil/base/result.h"

namespace veil::store {

inline constexpr std::size_t kMaxReferenceValueNameSize = 128;
inline constexpr std::size_t kMaxReferenceValueCount = 1024;
inline constexpr std::size_t kMaxReferenceValueSize = 4096;  // one accepted value, and provenance

struct ReferenceValueRecord {
  ReferenceValue reference;
  TimePoint updated_at;  // whole seconds
};

// kInvalidArgument unless `name` matches [a-z0-9_.-]+ and has 1..kMaxReferenceValueNameSize
// characters.
Status ValidateReferenceValueName(std::string_view name);
// The name as above; 1..kMaxReferenceValueCount distinct non-empty values of at most
// kMaxReferenceValueSize bytes; provenance of at most kMaxReferenceValueSize bytes. The store keeps
// expires_at as whole seconds.
Status ValidateReferenceValue(const ReferenceValue& reference);

}  // namespace veil::store
