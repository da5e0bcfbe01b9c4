#pragma once
// The text of the evaluator's messages: "rego: line L, column C: <what was expected and found>",
// as the parser words its own.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/error.h"
#include "veil/policy/rego/token.h"

namespace veil::policy::rego::eval {

inline std::string Where(const Position& at) {
  return "rego: line " + std::to_string(at.line) + ", column " + std::to_string(at.column) + ": ";
}

// {"object", "union_n"} -> "object.union_n".
inline std::string DottedName(const std::vector<std::string>& parts) {
  std::string name;
  for (const std::string& part : parts) name += (name.empty() ? "" : ".") + part;
  return name;
}

// kInvalidArgument "rego: [line L, column C: ]evaluation limit <name> (<bound>) exceeded".
inline Error LimitExceeded(std::string_view limit, std::uint64_t bound,
                           const std::optional<Position>& at = std::nullopt) {
  const std::string where = at ? Where(*at) : std::string("rego: ");
  return InvalidArgument(where + "evaluation limit " + std::string(limit) + " (" +
                         std::to_string(bound) + ") exceeded");
}

}  // namespace veil::policy::rego::eval
