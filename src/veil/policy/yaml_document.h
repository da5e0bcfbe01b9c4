#pragma once
// The only door to yaml-cpp: YAML text to the JSON model, catching every yaml-cpp exception.
// Plain scalars resolve like the YAML 1.2 core schema, narrowed so that claim values survive:
// null/Null/NULL/~/empty -> null, true/True/TRUE/false/False/FALSE -> boolean, a decimal integer
// without leading zeros that fits int64 -> integer; every other scalar (quoted ones, "0x10",
// "007", "1.5") stays a string. Only `!!str` tags are accepted. Mapping keys must be scalars and
// unique; exactly one document; aliases are expanded within a bound on nesting and node count.

#include <nlohmann/json.hpp>
#include <string_view>

#include "veil/base/result.h"

namespace veil::policy {

Result<nlohmann::json> YamlToJson(std::string_view text);

}  // namespace veil::policy
