#pragma once
// The reference_values table: one row per accepted value of a name, with its own expiry,
// provenance, time of addition, kind and scalar flag, ordered within the name by `position`.
// Every function runs inside the caller's transaction, under the audit lock; validation is the
// caller's.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/reference_value.h"
#include "veil/base/result.h"
#include "veil/store/postgres/connection.h"
#include "veil/store/reference_value.h"

namespace veil::store::postgres {

// Deletes every value of each name the entries have, then inserts the entries' values in order.
Status ReplaceReferenceValueRows(Connection& connection, std::span<const ReferenceValue> references,
                                 std::int64_t now);

// Inserts the entry's values after the name's last; a value the name has is moved, taking the
// entry's expiry and provenance. kInvalidArgument when the name would have more than
// kMaxReferenceValueCount values.
Status AppendReferenceValueRows(Connection& connection, const ReferenceValue& reference,
                                std::int64_t now);

// Deletes `values` of `name`; kNotFound when one of them is not a value of `name`.
Status RemoveReferenceValueRows(Connection& connection, std::string_view name,
                                std::span<const std::string> values);

// Deletes every value of `name`; kNotFound when it has none.
Status DeleteReferenceValueRows(Connection& connection, std::string_view name);

// Every row, ordered by name and position; kMalformed for a time out of range or unknown kind.
Result<std::vector<StoredReferenceValue>> SelectReferenceValueRows(Connection& connection);

}  // namespace veil::store::postgres
