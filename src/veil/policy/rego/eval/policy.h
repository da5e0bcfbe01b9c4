#pragma once
// A compiled Rego module and its evaluation (OPA policy language reference, "Evaluation").
//
// Compile() checks, before any evaluation, what OPA's compiler would refuse and what Veil does
// not support, each error naming the construct with "rego: line L, column C: ...":
//   - rules of one name that disagree on their kind, several `default`s, a default that is not
//     a constant, functions called with the wrong number of arguments;
//   - calls to functions that are neither rules, host functions named in CompileOptions, nor
//     built-ins Veil implements (builtins.h); imports other than rego.v1 / future.keywords;
//     `data.<package>` not followed by the name of one of its rules;
//   - recursion between rules or functions (kInvalidArgument, naming the cycle);
//   - a variable that nothing in its rule binds and that names no rule (OPA: unsafe).
//
// Evaluate() answers the value of one rule of the module's package, or nullopt when it is
// undefined. `input` and `data` are the documents the policy reads; `data.<package>.<rule>`
// refers to the module's own rules. Errors (never a hang or a crash): conflicting values of a
// complete rule, function or object key (kInvalidArgument); a limit of EvaluationLimits exceeded
// (kInvalidArgument, naming the limit); a host function's own error; a variable used before it
// is bound (literals are evaluated in the order written; OPA would reorder them). A built-in given
// the wrong types makes its expression undefined, as in OPA's default (non-strict) mode.
//
// A Policy is immutable once compiled: Evaluate() keeps its state in a local Evaluator, so
// evaluations may run concurrently (the host functions given must allow it).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/policy/rego/ast.h"
#include "veil/policy/rego/eval/value.h"

namespace veil::policy::rego::eval {

struct EvaluationLimits {
  // Literals and expressions evaluated, plus a step per element that an operator or built-in
  // walks or produces (per 16 bytes of a string), so that it bounds time, not expressions.
  std::uint64_t max_steps = 1'000'000;
  int max_call_depth = 64;                    // nested rule, function and comprehension calls
  std::size_t max_collection_size = 100'000;  // elements of a produced collection, string bytes
  // Expressions and literals under evaluation at once: each holds native stack while the rest
  // of its query runs, so this bounds the stack a long body or a long literal array can take.
  // Runs of scalar literals (`["a", "b", ...]`) do not count.
  int max_nesting = 1'000;
};

// A function the host provides, e.g. CoCo's `query_reference_value(name)`. nullopt: undefined.
using HostFunction = std::function<Result<std::optional<Value>>(std::span<const Value> args)>;

struct CompileOptions {
  // Names (dotted) of the host functions the policy may call, with their number of arguments.
  std::map<std::string, std::size_t, std::less<>> host_functions;
};

struct EvaluationOptions {
  EvaluationLimits limits;
  std::map<std::string, HostFunction, std::less<>> functions;  // by the names compiled against
  const Clock* clock = nullptr;                                // time.now_ns; undefined when absent
};

// A rule definition (or `else` clause, or default) that produced a value during evaluation.
struct RuleHit {
  std::string name;
  std::uint32_t line = 0;
  bool operator==(const RuleHit&) const = default;
};

struct Decision {
  std::optional<Value> value;  // nullopt: undefined
  std::vector<RuleHit> trace;  // in the order the definitions first produced a value
};

// The rules of one name, as compiled.
struct RuleGroup {
  RuleKind kind = RuleKind::kComplete;  // never kDefault: a default joins its complete rules
  const Rule* default_rule = nullptr;
  std::vector<const Rule*> definitions;
};

class Policy {
 public:
  static Result<Policy> Compile(Module module, const CompileOptions& options = {});

  Result<Decision> Evaluate(std::string_view rule_name, const Value& input, const Value& data,
                            const EvaluationOptions& options = {}) const;

  const Module& module() const { return *module_; }
  const std::map<std::string, RuleGroup, std::less<>>& rules() const { return rules_; }

 private:
  Policy() = default;
  std::unique_ptr<const Module> module_;  // rules_ points into it; a move keeps it in place
  std::map<std::string, RuleGroup, std::less<>> rules_;
};

}  // namespace veil::policy::rego::eval
