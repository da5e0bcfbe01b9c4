#pragma once
// Typed access to the members of a JSON object whose shape is not trusted. Every accessor
// checks presence and type before touching the value; errors are kMalformed and name the
// member, the expected type and what was found.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "veil/base/result.h"

namespace veil::json {

// The member `name` of `object`, or nullptr when absent (or when `object` is not an object).
const nlohmann::json* FindMember(const nlohmann::json& object, std::string_view name);
bool HasMember(const nlohmann::json& object, std::string_view name);

// A member that must be present and a string.
Result<std::string> RequireString(const nlohmann::json& object, std::string_view name);
// nullopt when absent; an error when present but not a string.
Result<std::optional<std::string>> OptionalString(const nlohmann::json& object,
                                                  std::string_view name);
// A member that must be present and an object; the pointer lives as long as `object`.
Result<const nlohmann::json*> RequireObject(const nlohmann::json& object, std::string_view name);

}  // namespace veil::json
