#include "veil/policy/rego/eval/regex.h"

#include <re2/re2.h>

#include <string>

namespace veil::policy::rego::eval {
namespace {

// RE2's own bound on the memory of a compiled program; a pattern that needs more fails to compile.
constexpr std::int64_t kMaxProgramBytes = 8 << 20;

}  // namespace

Result<std::optional<Value>> RegexMatch(std::span<const Value> args, const BuiltinContext&) {
  if (args.size() != 2 || !args[0].is_string() || !args[1].is_string()) return std::nullopt;
  const std::string& pattern = args[0].string();
  if (pattern.size() > kMaxRegexPatternBytes) {
    return Fail(Error{ErrorCode::kInvalidArgument,
                      "regex.match: the pattern is " + std::to_string(pattern.size()) +
                          " bytes, more than the " + std::to_string(kMaxRegexPatternBytes) +
                          " allowed",
                      "rego"});
  }
  RE2::Options options;
  options.set_log_errors(false);  // a bad pattern is the policy's error, not the trustee log's
  options.set_max_mem(kMaxProgramBytes);
  const RE2 regex(pattern, options);
  if (!regex.ok()) return std::nullopt;
  return std::optional<Value>(Value::Boolean(RE2::PartialMatch(args[1].string(), regex)));
}

}  // namespace veil::policy::rego::eval
