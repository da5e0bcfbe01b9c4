// Evaluator: the values of rules and the results of functions (OPA policy reference, "Rules",
// "Functions"). evaluator.cc evaluates the queries of their bodies.
#include <map>
#include <set>

#include "veil/policy/rego/eval/diagnostics.h"
#include "veil/policy/rego/eval/evaluator.h"

namespace veil::policy::rego::eval {

// ---- rules and functions ----

const RuleGroup* Evaluator::FindGroup(std::string_view name) const {
  auto it = policy_.rules().find(name);
  return it == policy_.rules().end() ? nullptr : &it->second;
}

void Evaluator::RecordHit(const std::string& name, const Position& at) {
  if (traced_.emplace(name, at.line).second) trace_.push_back({name, at.line});
}

Result<std::optional<Value>> Evaluator::RuleValue(std::string_view name) {
  if (auto cached = rule_values_.find(name); cached != rule_values_.end()) return cached->second;
  const RuleGroup* group = FindGroup(name);
  if (group == nullptr) {
    return Fail(NotFound("rego: no rule named '" + std::string(name) + "' in package " +
                         DottedName(policy_.module().package)));
  }
  if (group->kind == RuleKind::kFunction) {
    return Fail(InvalidArgument("rego: '" + std::string(name) +
                                "' is a function; only a rule can be evaluated by name"));
  }
  const Rule& first = group->definitions.empty() ? *group->default_rule : *group->definitions[0];
  if (in_progress_.contains(name)) {  // Compile() refuses cycles; this guards the invariant
    return Fail(InvalidArgument(Where(first.position) + "rule '" + std::string(name) +
                                "' depends on itself"));
  }
  VEIL_TRY(EnterCall(first.position));
  ScopedDepth depth(depth_);
  in_progress_.insert(std::string(name));
  Result<std::optional<Value>> value = ComputeRule(*group);
  in_progress_.erase(in_progress_.find(name));
  if (!value) return value;
  rule_values_.emplace(std::string(name), *value);
  return value;
}

Result<std::optional<Value>> Evaluator::ComputeRule(const RuleGroup& group) {
  switch (group.kind) {
    case RuleKind::kPartialSet:
      return PartialSetValue(group);
    case RuleKind::kPartialObject:
      return PartialObjectValue(group);
    default:
      return CompleteValue(group);
  }
}

// Every definition that produces a value must produce the same one (OPA: "complete rules must
// not produce multiple outputs"); none: the default, if there is one.
Result<std::optional<Value>> Evaluator::CompleteValue(const RuleGroup& group) {
  std::optional<Value> result;
  const Rule* producer = nullptr;
  for (const Rule* rule : group.definitions) {
    VEIL_ASSIGN_OR_RETURN(std::optional<Value> value, DefinitionValue(*rule, nullptr));
    if (!value) continue;
    if (result && *result != *value) {
      return Fail(
          InvalidArgument(Where(rule->position) + "complete rule '" + rule->name + "' produced " +
                          ToRegoText(*value) + " here and " + ToRegoText(*result) + " at line " +
                          std::to_string(producer->position.line) + " (conflicting values)"));
    }
    result = std::move(value);
    producer = rule;
  }
  if (result || group.default_rule == nullptr) return result;
  const Rule& fallback = *group.default_rule;
  ScopedFrame frame(bindings_);
  VEIL_TRY(EvalExpr(*fallback.value, [&](const Value& value) -> Result<bool> {
    result = value;
    return true;
  }));
  if (result) RecordHit(fallback.name, fallback.position);
  return result;
}

// The value of the first clause (the rule's body, then each `else`) that holds.
Result<std::optional<Value>> Evaluator::DefinitionValue(const Rule& rule, const ValueList* args) {
  VEIL_ASSIGN_OR_RETURN(std::optional<Value> value,
                        ClauseValue(rule, args, rule.body, *rule.value));
  if (value) {
    RecordHit(rule.name, rule.position);
    return value;
  }
  for (const ElseClause& clause : rule.elses) {
    VEIL_ASSIGN_OR_RETURN(value, ClauseValue(rule, args, clause.body, clause.value));
    if (value) {
      RecordHit(rule.name, clause.position);
      return value;
    }
  }
  return std::optional<Value>();
}

Result<std::optional<Value>> Evaluator::ClauseValue(const Rule& rule, const ValueList* args,
                                                    const Query& body, const Expr& value_expr) {
  std::optional<Value> result;
  ScopedFrame frame(bindings_);
  const Next produce = [&]() {
    return EvalQuery(body, 0, [&]() {
      return EvalExpr(value_expr, [&](const Value& value) -> Result<bool> {
        if (result && *result != value) {
          return Fail(InvalidArgument(Where(value_expr.position) + "'" + rule.name +
                                      "' produced both " + ToRegoText(*result) + " and " +
                                      ToRegoText(value) + " (conflicting values)"));
        }
        result = value;
        return false;
      });
    });
  };
  if (args == nullptr) {
    VEIL_TRY(produce());
  } else {
    VEIL_TRY(UnifyItems(rule.args, *args, 0, produce));
  }
  return result;
}

Result<Value> Evaluator::PartialSetValue(const RuleGroup& group) {
  std::set<Value> members;
  for (const Rule* rule : group.definitions) {
    ScopedFrame frame(bindings_);
    const OnValue collect = [&](const Value& member) -> Result<bool> {
      members.insert(member);
      RecordHit(rule->name, rule->position);
      VEIL_TRY(CheckSize(rule->position, members.size()));
      return false;
    };
    VEIL_TRY(EvalQuery(rule->body, 0, [&]() { return EvalExpr(*rule->key, collect); }));
  }
  return Value::Set(ValueList(members.begin(), members.end()));
}

Result<Value> Evaluator::PartialObjectValue(const RuleGroup& group) {
  std::map<Value, Value> items;
  for (const Rule* rule : group.definitions) {
    ScopedFrame frame(bindings_);
    const auto collect = [&](const Value& key, const Value& value) -> Result<bool> {
      auto [at, inserted] = items.emplace(key, value);
      if (!inserted && at->second != value) {
        return Fail(InvalidArgument(Where(rule->position) + "'" + rule->name + "[" +
                                    ToRegoText(key) + "]' produced both " + ToRegoText(at->second) +
                                    " and " + ToRegoText(value) + " (conflicting values)"));
      }
      RecordHit(rule->name, rule->position);
      VEIL_TRY(CheckSize(rule->position, items.size()));
      return false;
    };
    VEIL_TRY(EvalQuery(rule->body, 0, [&]() {
      return EvalExpr(*rule->key, [&](const Value& key) {
        return EvalExpr(*rule->value, [&](const Value& value) { return collect(key, value); });
      });
    }));
  }
  return Value::Object(ObjectItems(items.begin(), items.end()));
}

Result<std::optional<Value>> Evaluator::CallFunction(const Expr& expr, const RuleGroup& group,
                                                     const ValueList& args) {
  VEIL_TRY(EnterCall(expr.position));
  ScopedDepth depth(depth_);
  std::optional<Value> result;
  for (const Rule* rule : group.definitions) {
    VEIL_ASSIGN_OR_RETURN(std::optional<Value> value, DefinitionValue(*rule, &args));
    if (!value) continue;
    if (result && *result != *value) {
      return Fail(InvalidArgument(Where(expr.position) + "function '" + rule->name +
                                  "' produced both " + ToRegoText(*result) + " and " +
                                  ToRegoText(*value) + " for the same arguments"));
    }
    result = std::move(value);
  }
  return result;
}

}  // namespace veil::policy::rego::eval
