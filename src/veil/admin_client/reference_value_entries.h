#pragma once
// Reference values as the admin API lists them (GET /kbs/v0/reference-values:
// {"reference_values": [{"name", "values", "expires": RFC 3339 or null, "provenance",
// "updated"}, ...]}), rebuilt as entries in the order served (by name, then addition).

#include <vector>

#include <nlohmann/json.hpp>

#include "veil/base/reference_value.h"
#include "veil/base/result.h"

namespace veil::admin_client {

// kMalformed, with context "trustee", when the answer does not have that shape.
Result<std::vector<ReferenceValue>> ReferenceValueEntriesFromJson(const nlohmann::json& answer);

}  // namespace veil::admin_client
