#pragma once
// regex.match(pattern, value) (OPA policy reference, "Regex"): true when `value` contains a match
// of `pattern` (unanchored, as Go's regexp.MatchString). Evaluated by RE2, whose matching time is
// linear in the input whatever the pattern, so an untrusted claim cannot make a policy hang. RE2's
// syntax is Go's (both follow RE2), so OPA's patterns read the same; backreferences and
// lookaround, which neither supports, do not compile.
//
// Non-string arguments, or a pattern that does not compile, make the expression undefined (OPA's
// non-strict mode). A pattern longer than kMaxRegexPatternBytes is an error (kInvalidArgument),
// like the other size bounds of the evaluator.

#include <cstddef>
#include <optional>
#include <span>

#include "veil/base/result.h"
#include "veil/policy/rego/eval/builtins.h"
#include "veil/policy/rego/eval/value.h"

namespace veil::policy::rego::eval {

inline constexpr std::size_t kMaxRegexPatternBytes = 4096;

Result<std::optional<Value>> RegexMatch(std::span<const Value> args, const BuiltinContext& context);

}  // namespace veil::policy::rego::eval
