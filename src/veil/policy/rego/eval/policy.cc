#include "veil/policy/rego/eval/policy.h"

#include <functional>
#include <map>
#include <set>

#include "veil/base/overloaded.h"
#include "veil/policy/rego/eval/builtins.h"
#include "veil/policy/rego/eval/diagnostics.h"
#include "veil/policy/rego/eval/evaluator.h"

namespace veil::policy::rego::eval {
namespace {

Error At(ErrorCode code, const Position& at, const std::string& message) {
  return Error{code, Where(at) + message, ""};
}

using ExprVisitor = std::function<Status(const Expr&)>;

Status VisitQuery(const Query& query, const ExprVisitor& visit);

// Calls `visit` on `expr` and every expression inside it, bodies of comprehensions included.
Status VisitExpr(const Expr& expr, const ExprVisitor& visit) {
  VEIL_TRY(visit(expr));
  auto all = [&](const std::vector<Expr>& exprs) -> Status {
    for (const Expr& e : exprs) VEIL_TRY(VisitExpr(e, visit));
    return {};
  };
  return std::visit(Overloaded{
                        [&](const Ref& ref) -> Status {
                          VEIL_TRY(VisitExpr(*ref.head, visit));
                          return all(ref.path);
                        },
                        [&](const Call& call) { return all(call.args); },
                        [&](const Array& array) { return all(array.items); },
                        [&](const Set& set) { return all(set.items); },
                        [&](const Object& object) -> Status {
                          for (const ObjectItem& item : object.items) {
                            VEIL_TRY(VisitExpr(item.key, visit));
                            VEIL_TRY(VisitExpr(item.value, visit));
                          }
                          return {};
                        },
                        [&](const ArrayComprehension& c) -> Status {
                          VEIL_TRY(VisitExpr(*c.term, visit));
                          return VisitQuery(c.body, visit);
                        },
                        [&](const SetComprehension& c) -> Status {
                          VEIL_TRY(VisitExpr(*c.term, visit));
                          return VisitQuery(c.body, visit);
                        },
                        [&](const ObjectComprehension& c) -> Status {
                          VEIL_TRY(VisitExpr(*c.key, visit));
                          VEIL_TRY(VisitExpr(*c.value, visit));
                          return VisitQuery(c.body, visit);
                        },
                        [&](const Unary& unary) { return VisitExpr(*unary.operand, visit); },
                        [&](const Binary& binary) -> Status {
                          VEIL_TRY(VisitExpr(*binary.lhs, visit));
                          return VisitExpr(*binary.rhs, visit);
                        },
                        [&](const Membership& m) -> Status {
                          if (m.key) VEIL_TRY(VisitExpr(*m.key, visit));
                          VEIL_TRY(VisitExpr(*m.value, visit));
                          return VisitExpr(*m.collection, visit);
                        },
                        [&](const auto&) -> Status { return {}; },
                    },
                    expr.node);
}

Status VisitQuery(const Query& query, const ExprVisitor& visit) {
  for (const Literal& literal : query.literals) {
    Status visited = std::visit(Overloaded{
                                    [&](const ExprLiteral& e) { return VisitExpr(e.expr, visit); },
                                    [&](const SomeDecl&) -> Status { return {}; },
                                    [&](const SomeIn& s) -> Status {
                                      if (s.key) VEIL_TRY(VisitExpr(*s.key, visit));
                                      VEIL_TRY(VisitExpr(s.value, visit));
                                      return VisitExpr(s.collection, visit);
                                    },
                                    [&](const Every& e) -> Status {
                                      VEIL_TRY(VisitExpr(e.domain, visit));
                                      return VisitQuery(e.body, visit);
                                    },
                                },
                                literal.node);
    if (!visited) return visited;
  }
  return {};
}

Status VisitRule(const Rule& rule, const ExprVisitor& visit) {
  for (const Expr& arg : rule.args) VEIL_TRY(VisitExpr(arg, visit));
  if (rule.key) VEIL_TRY(VisitExpr(*rule.key, visit));
  if (rule.value) VEIL_TRY(VisitExpr(*rule.value, visit));
  VEIL_TRY(VisitQuery(rule.body, visit));
  for (const ElseClause& clause : rule.elses) {
    VEIL_TRY(VisitExpr(clause.value, visit));
    VEIL_TRY(VisitQuery(clause.body, visit));
  }
  return {};
}

bool IsConstant(const Expr& expr) {
  return std::visit(Overloaded{
                        [](const Null&) { return true; },
                        [](const Boolean&) { return true; },
                        [](const Number&) { return true; },
                        [](const String&) { return true; },
                        [](const Array& a) {
                          for (const Expr& e : a.items) {
                            if (!IsConstant(e)) return false;
                          }
                          return true;
                        },
                        [](const Set& s) {
                          for (const Expr& e : s.items) {
                            if (!IsConstant(e)) return false;
                          }
                          return true;
                        },
                        [](const Object& o) {
                          for (const ObjectItem& item : o.items) {
                            if (!IsConstant(item.key) || !IsConstant(item.value)) return false;
                          }
                          return true;
                        },
                        [](const Unary& u) { return IsConstant(*u.operand); },
                        [](const auto&) { return false; },
                    },
                    expr.node);
}

Status CheckImports(const Module& module) {
  for (const Import& import : module.imports) {
    const bool rego_v1 = import.path == std::vector<std::string>{"rego", "v1"};
    const bool keywords =
        import.path.size() >= 2 && import.path[0] == "future" && import.path[1] == "keywords";
    if (!rego_v1 && !keywords) {
      return Fail(At(ErrorCode::kUnsupported, import.position,
                     "import of '" + DottedName(import.path) + "' is not supported"));
    }
  }
  return {};
}

const char* KindName(RuleKind kind) {
  switch (kind) {
    case RuleKind::kDefault:
    case RuleKind::kComplete:
      return "complete rule";
    case RuleKind::kPartialSet:
      return "partial set rule";
    case RuleKind::kPartialObject:
      return "partial object rule";
    case RuleKind::kFunction:
      return "function";
  }
  return "rule";
}

using Groups = std::map<std::string, RuleGroup, std::less<>>;

Status AddRule(Groups& groups, const Rule& rule) {
  if (rule.name == "input" || rule.name == "data") {
    return Fail(At(ErrorCode::kInvalidArgument, rule.position,
                   "a rule cannot be named '" + rule.name + "'"));
  }
  const RuleKind kind = rule.kind == RuleKind::kDefault ? RuleKind::kComplete : rule.kind;
  auto [it, inserted] = groups.try_emplace(rule.name);
  RuleGroup& group = it->second;
  const Rule* earlier = group.default_rule != nullptr ? group.default_rule
                        : group.definitions.empty()   ? nullptr
                                                      : group.definitions[0];
  if (!inserted && group.kind != kind) {
    return Fail(At(ErrorCode::kInvalidArgument, rule.position,
                   "'" + rule.name + "' is a " + KindName(rule.kind) + " here but a " +
                       KindName(group.kind) + " at line " +
                       std::to_string(earlier->position.line)));
  }
  group.kind = kind;
  if (rule.kind == RuleKind::kDefault) {
    if (group.default_rule != nullptr) {
      return Fail(At(ErrorCode::kInvalidArgument, rule.position,
                     "a second default for '" + rule.name + "' (the first is at line " +
                         std::to_string(group.default_rule->position.line) + ")"));
    }
    if (!rule.value || !IsConstant(*rule.value)) {
      return Fail(At(ErrorCode::kInvalidArgument, rule.position,
                     "the default value of '" + rule.name + "' must be a constant"));
    }
    group.default_rule = &rule;
    return {};
  }
  if (kind == RuleKind::kFunction && earlier != nullptr &&
      earlier->args.size() != rule.args.size()) {
    return Fail(At(ErrorCode::kInvalidArgument, rule.position,
                   "function '" + rule.name + "' takes " + std::to_string(rule.args.size()) +
                       " arguments here but " + std::to_string(earlier->args.size()) + " at line " +
                       std::to_string(earlier->position.line)));
  }
  group.definitions.push_back(&rule);
  return {};
}

// Every call names a function of the module, a host function or a built-in, with its arity.
Status CheckCall(const Groups& groups, const CompileOptions& options, const Expr& expr,
                 const Call& call) {
  const std::string name = DottedName(call.name);
  std::optional<std::size_t> arity;
  if (auto group = groups.find(name); group != groups.end()) {
    if (group->second.kind != RuleKind::kFunction) {
      return Fail(At(ErrorCode::kInvalidArgument, expr.position,
                     "'" + name + "' is called but is a " + KindName(group->second.kind)));
    }
    arity = group->second.definitions[0]->args.size();
  } else if (auto host = options.host_functions.find(name); host != options.host_functions.end()) {
    arity = host->second;
  } else if (const Builtin* builtin = FindBuiltin(name)) {
    arity = builtin->arity;
  } else {
    return Fail(
        At(ErrorCode::kUnsupported, expr.position,
           "unknown function '" + name + "' (not a rule, host function or supported built-in)"));
  }
  if (call.args.size() != *arity) {
    return Fail(At(ErrorCode::kInvalidArgument, expr.position,
                   "'" + name + "' takes " + std::to_string(*arity) + " arguments, got " +
                       std::to_string(call.args.size())));
  }
  return {};
}

// The rules a rule's definitions refer to: by name, by call, or as data.<package>.<rule>.
std::set<std::string> Dependencies(const Groups& groups, const Module& module,
                                   const RuleGroup& group) {
  std::set<std::string> names;
  auto note = [&](const std::string& name) {
    if (groups.contains(name)) names.insert(name);
  };
  const ExprVisitor visit = [&](const Expr& expr) -> Status {
    if (const auto* var = std::get_if<Var>(&expr.node)) note(var->name);
    if (const auto* call = std::get_if<Call>(&expr.node)) note(DottedName(call->name));
    if (const auto* ref = std::get_if<Ref>(&expr.node)) {
      const auto* head = std::get_if<Var>(&ref->head->node);
      if (head != nullptr && head->name == "data" && ref->path.size() > module.package.size()) {
        if (const auto* s = std::get_if<String>(&ref->path[module.package.size()].node)) {
          note(s->value);
        }
      }
    }
    return {};
  };
  for (const Rule* rule : group.definitions) (void)VisitRule(*rule, visit);  // visit never fails
  return names;
}

// OPA refuses recursion at compile time; so does Veil, naming the cycle.
Status CheckNoRecursion(const Groups& groups, const Module& module) {
  std::map<std::string, std::set<std::string>> edges;
  for (const auto& [name, group] : groups) edges[name] = Dependencies(groups, module, group);
  std::map<std::string, int> state;  // 0 unvisited, 1 on the path, 2 done
  std::vector<std::string> path;
  std::function<Status(const std::string&)> visit = [&](const std::string& name) -> Status {
    state[name] = 1;
    path.push_back(name);
    for (const std::string& next : edges[name]) {
      if (state[next] == 1) {
        std::string cycle;
        for (auto it = std::find(path.begin(), path.end(), next); it != path.end(); ++it) {
          cycle += *it + " -> ";
        }
        const RuleGroup& group = groups.find(next)->second;
        const Rule& rule = group.definitions.empty() ? *group.default_rule : *group.definitions[0];
        return Fail(At(ErrorCode::kInvalidArgument, rule.position,
                       "recursion is not allowed: " + cycle + next));
      }
      if (state[next] == 0) VEIL_TRY(visit(next));
    }
    path.pop_back();
    state[name] = 2;
    return {};
  };
  for (const auto& [name, group] : groups) {
    if (state[name] == 0) VEIL_TRY(visit(name));
  }
  return {};
}

// `data.<package>` must be followed by the name of one of the module's rules (not a function),
// written as a constant: Veil does not build the package as a whole document.
Status CheckPackageRef(const Groups& groups, const Module& module, const Expr& expr,
                       const Ref& ref) {
  const auto* head = std::get_if<Var>(&ref.head->node);
  if (head == nullptr || head->name != "data" || ref.path.size() < module.package.size()) {
    return {};
  }
  for (std::size_t i = 0; i < module.package.size(); ++i) {
    const auto* step = std::get_if<String>(&ref.path[i].node);
    if (step == nullptr || step->value != module.package[i]) return {};  // other data
  }
  const std::string package = "data." + DottedName(module.package);
  if (ref.path.size() == module.package.size()) {
    return Fail(At(ErrorCode::kUnsupported, expr.position,
                   "'" + package + "' as a whole document is not supported; name a rule"));
  }
  const auto* rule = std::get_if<String>(&ref.path[module.package.size()].node);
  auto group = rule != nullptr ? groups.find(rule->value) : groups.end();
  if (group == groups.end() || group->second.kind == RuleKind::kFunction) {
    return Fail(At(ErrorCode::kUnsupported, expr.position,
                   "'" + package + "[...]' must name a rule of the package, found " +
                       ToString(ref.path[module.package.size()])));
  }
  return {};
}

// The variables a pattern binds: itself, or the items of an array, the values of an object.
void AddPatternVars(const Expr& pattern, std::set<std::string>& names) {
  if (const auto* var = std::get_if<Var>(&pattern.node)) names.insert(var->name);
  if (const auto* array = std::get_if<Array>(&pattern.node)) {
    for (const Expr& item : array->items) AddPatternVars(item, names);
  }
  if (const auto* object = std::get_if<Object>(&pattern.node)) {
    for (const ObjectItem& item : object->items) AddPatternVars(item.value, names);
  }
}

void AddBoundVars(const Query& query, std::set<std::string>& names);

// Variables that something inside `expr` can bind: a variable step of a reference iterates and
// binds; comprehension bodies bind their own.
void AddBoundVarsIn(const Expr& expr, std::set<std::string>& names) {
  (void)VisitExpr(expr, [&](const Expr& e) -> Status {  // the visitor never fails
    if (const auto* ref = std::get_if<Ref>(&e.node)) {
      for (const Expr& step : ref->path) AddPatternVars(step, names);
    }
    if (const auto* c = std::get_if<ArrayComprehension>(&e.node)) AddBoundVars(c->body, names);
    if (const auto* c = std::get_if<SetComprehension>(&e.node)) AddBoundVars(c->body, names);
    if (const auto* c = std::get_if<ObjectComprehension>(&e.node)) AddBoundVars(c->body, names);
    return {};
  });
}

void AddBoundVars(const Query& query, std::set<std::string>& names) {
  for (const Literal& literal : query.literals) {
    std::visit(Overloaded{
                   [&](const ExprLiteral& e) {
                     const auto* binary = std::get_if<Binary>(&e.expr.node);
                     if (binary != nullptr &&
                         (binary->op == BinaryOp::kAssign || binary->op == BinaryOp::kUnify)) {
                       AddPatternVars(*binary->lhs, names);
                       AddPatternVars(*binary->rhs, names);
                     }
                     AddBoundVarsIn(e.expr, names);
                   },
                   [&](const SomeDecl& some) {
                     for (const Var& var : some.vars) names.insert(var.name);
                   },
                   [&](const SomeIn& some) {
                     if (some.key) AddPatternVars(*some.key, names);
                     AddPatternVars(some.value, names);
                     AddBoundVarsIn(some.collection, names);
                   },
                   [&](const Every& every) {
                     if (every.key) names.insert(every.key->name);
                     names.insert(every.value.name);
                     AddBoundVarsIn(every.domain, names);
                     AddBoundVars(every.body, names);
                   },
               },
               literal.node);
  }
}

// OPA refuses a variable that nothing can bind ("var x is unsafe"), which is how a misspelt
// rule or variable name shows; so does Veil, before evaluation. Scopes are not told apart here,
// so a variable bound in one place and used out of its scope is still caught, later, by the
// evaluator.
Status CheckVariablesBindable(const Groups& groups, const Rule& rule) {
  std::set<std::string> bound = {"_", "input", "data"};
  for (const Expr& arg : rule.args) AddPatternVars(arg, bound);
  AddBoundVars(rule.body, bound);
  for (const ElseClause& clause : rule.elses) AddBoundVars(clause.body, bound);
  if (rule.key) AddBoundVarsIn(*rule.key, bound);
  if (rule.value) AddBoundVarsIn(*rule.value, bound);
  for (const ElseClause& clause : rule.elses) AddBoundVarsIn(clause.value, bound);
  return VisitRule(rule, [&](const Expr& expr) -> Status {
    const auto* var = std::get_if<Var>(&expr.node);
    if (var == nullptr || bound.contains(var->name) || groups.contains(var->name)) return {};
    return Fail(At(ErrorCode::kInvalidArgument, expr.position,
                   "variable '" + var->name + "' is never bound in rule '" + rule.name +
                       "' and names no rule (unsafe)"));
  });
}

}  // namespace

Result<Policy> Policy::Compile(Module module, const CompileOptions& options) {
  Policy policy;
  policy.module_ = std::make_unique<const Module>(std::move(module));
  const Module& m = *policy.module_;
  VEIL_TRY(CheckImports(m));
  for (const Rule& rule : m.rules) VEIL_TRY(AddRule(policy.rules_, rule));
  const ExprVisitor check_exprs = [&](const Expr& expr) -> Status {
    if (const auto* call = std::get_if<Call>(&expr.node)) {
      VEIL_TRY(CheckCall(policy.rules_, options, expr, *call));
    }
    if (const auto* ref = std::get_if<Ref>(&expr.node)) {
      VEIL_TRY(CheckPackageRef(policy.rules_, m, expr, *ref));
    }
    return {};
  };
  for (const Rule& rule : m.rules) VEIL_TRY(VisitRule(rule, check_exprs));
  for (const Rule& rule : m.rules) VEIL_TRY(CheckVariablesBindable(policy.rules_, rule));
  VEIL_TRY(CheckNoRecursion(policy.rules_, m));
  return policy;
}

Result<Decision> Policy::Evaluate(std::string_view rule_name, const Value& input, const Value& data,
                                  const EvaluationOptions& options) const {
  Evaluator evaluator(*this, input, data, options);
  VEIL_ASSIGN_OR_RETURN(std::optional<Value> value, evaluator.RuleValue(rule_name));
  return Decision{std::move(value), evaluator.TakeTrace()};
}

}  // namespace veil::policy::rego::eval
