#pragma once
// The evaluation of one query against one compiled Policy (policy.h states the contract). The
// search is depth-first with continuations: each construct calls `next` once per way it can
// hold, binding variables on the way and unbinding them when `next` returns, and `next`
// answers true to stop the search (enough found: `not`, `every`, a default). Rule values are
// computed once per evaluation.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "veil/base/result.h"
#include "veil/policy/rego/eval/bindings.h"
#include "veil/policy/rego/eval/builtins.h"
#include "veil/policy/rego/eval/policy.h"

namespace veil::policy::rego::eval {

class Evaluator {
 public:
  Evaluator(const Policy& policy, const Value& input, const Value& data,
            const EvaluationOptions& options);

  // The value of a rule (not a function) of the package; nullopt when undefined.
  Result<std::optional<Value>> RuleValue(std::string_view name);
  std::vector<RuleHit> TakeTrace() { return std::move(trace_); }

 private:
  using Next = std::function<Result<bool>()>;                 // true: stop searching
  using OnValue = std::function<Result<bool>(const Value&)>;  // once per value of an expression
  using OnElement = std::function<Result<bool>(const Value& key, const Value& value)>;

  Status Step(std::uint64_t cost = 1);
  Status ChargeFor(const Position& at, const Value& produced);
  Status CheckNesting(const Position& at);
  Status EnterCall(const Position& at);

  // Queries and literals.
  Result<bool> EvalQuery(const Query& query, std::size_t index, const Next& next);
  Result<bool> EvalLiteral(const Literal& literal, const Next& next);
  Result<bool> EvalPositive(const Expr& expr, const Next& next);
  Result<bool> EvalNegation(const Expr& expr, const Next& next);
  Result<bool> EvalSomeIn(const SomeIn& some, const Next& next);
  Result<bool> EvalEvery(const Every& every, const Next& next);

  // Unification.
  bool IsUnboundVar(const Expr& expr) const;
  bool HasUnboundVars(const Expr& expr) const;
  void DeclarePatternVars(const Expr& pattern);
  Result<bool> UnifyExprs(const Expr& a, const Expr& b, const Next& next);
  Result<bool> UnifyValue(const Expr& pattern, const Value& value, const Next& next);
  Result<bool> UnifyItems(const std::vector<Expr>& patterns, const ValueList& values,
                          std::size_t index, const Next& next);
  Result<bool> UnifyObject(const Object& pattern, const Value& value, std::size_t index,
                           const Next& next);

  // Expressions.
  Result<bool> EvalExpr(const Expr& expr, const OnValue& on_value);
  Result<bool> EvalVar(const Expr& expr, const Var& var, const OnValue& on_value);
  Result<bool> EvalRef(const Ref& ref, const OnValue& on_value);
  Result<bool> WalkRef(const Value& value, const Ref& ref, std::size_t index,
                       const OnValue& on_value);
  Result<bool> EvalCall(const Expr& expr, const Call& call, const OnValue& on_value);
  Result<bool> EvalArgs(const std::vector<Expr>& args, std::size_t index, ValueList& values,
                        const std::function<Result<bool>(const ValueList&)>& on_args);
  Result<bool> CallByName(const Expr& expr, const std::string& name, const ValueList& args,
                          const OnValue& on_value);
  Result<bool> EvalCollection(const Expr& expr, const std::vector<Expr>& items, bool is_set,
                              const OnValue& on_value);
  Result<bool> EvalObject(const Expr& expr, const Object& object, const OnValue& on_value);
  Result<bool> EvalBinary(const Expr& expr, const Binary& binary, const OnValue& on_value);
  Result<bool> EvalMembership(const Membership& membership, const OnValue& on_value);
  Result<bool> EvalArrayComprehension(const Expr& expr, const ArrayComprehension& comprehension,
                                      const OnValue& on_value);
  Result<bool> EvalSetComprehension(const Expr& expr, const SetComprehension& comprehension,
                                    const OnValue& on_value);
  Result<bool> EvalObjectComprehension(const Expr& expr, const ObjectComprehension& comprehension,
                                       const OnValue& on_value);
  Status CheckSize(const Position& at, std::size_t size);

  // Rules and functions.
  const RuleGroup* FindGroup(std::string_view name) const;
  bool IsGlobalName(std::string_view name) const;
  Result<std::optional<Value>> ComputeRule(const RuleGroup& group);
  Result<std::optional<Value>> CompleteValue(const RuleGroup& group);
  Result<std::optional<Value>> DefinitionValue(const Rule& rule, const ValueList* args);
  Result<std::optional<Value>> ClauseValue(const Rule& rule, const ValueList* args,
                                           const Query& body, const Expr& value_expr);
  Result<Value> PartialSetValue(const RuleGroup& group);
  Result<Value> PartialObjectValue(const RuleGroup& group);
  Result<std::optional<Value>> CallFunction(const Expr& expr, const RuleGroup& group,
                                            const ValueList& args);
  void RecordHit(const std::string& name, const Position& at);

  // Counts nested calls or evaluations for as long as it lives.
  class ScopedDepth {
   public:
    explicit ScopedDepth(int& depth) : depth_(depth) { ++depth_; }
    ~ScopedDepth() { --depth_; }
    ScopedDepth(const ScopedDepth&) = delete;
    ScopedDepth& operator=(const ScopedDepth&) = delete;

   private:
    int& depth_;
  };

  const Policy& policy_;
  const Value& input_;
  const Value& data_;
  const EvaluationOptions& options_;
  BuiltinContext builtin_context_;
  Bindings bindings_;
  std::uint64_t steps_ = 0;
  int depth_ = 0;
  int nesting_ = 0;
  std::map<std::string, std::optional<Value>, std::less<>> rule_values_;
  std::set<std::string, std::less<>> in_progress_;
  std::vector<RuleHit> trace_;
  std::set<std::pair<std::string, std::uint32_t>> traced_;
};

}  // namespace veil::policy::rego::eval
