#include "veil/policy/rego/eval/evaluator.h"

#include <charconv>
#include <cmath>
#include <type_traits>

#include "veil/base/overloaded.h"
#include "veil/policy/rego/eval/diagnostics.h"
#include "veil/policy/rego/eval/operators.h"

namespace veil::policy::rego::eval {
namespace {

Value NumberValue(const Number& number) {
  const std::string& text = number.text;
  std::int64_t integer = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
  if (ec == std::errc() && end == text.data() + text.size()) return Value::Integer(integer);
  double real = 0;
  std::from_chars(text.data(), text.data() + text.size(), real);
  return Value::Double(real);
}

// The value of a null, boolean, number or string literal; nullopt for any other expression.
std::optional<Value> ScalarLiteral(const Expr& expr) {
  if (std::holds_alternative<Null>(expr.node)) return Value::Null();
  if (const auto* b = std::get_if<Boolean>(&expr.node)) return Value::Boolean(b->value);
  if (const auto* n = std::get_if<Number>(&expr.node)) return NumberValue(*n);
  if (const auto* s = std::get_if<String>(&expr.node)) return Value::String(s->value);
  return std::nullopt;
}

// Calls on_element(key, value) for each element: array (index, item), object (key, value),
// set (member, member). Other values have no elements.
template <class F>
Result<bool> ForEachElement(const Value& collection, const F& on_element) {
  if (collection.is_array()) {
    const ValueList& items = collection.items();
    for (std::size_t i = 0; i < items.size(); ++i) {
      VEIL_ASSIGN_OR_RETURN(const bool stop,
                            on_element(Value::Integer(static_cast<std::int64_t>(i)), items[i]));
      if (stop) return true;
    }
  } else if (collection.is_set()) {
    for (const Value& member : collection.items()) {
      VEIL_ASSIGN_OR_RETURN(const bool stop, on_element(member, member));
      if (stop) return true;
    }
  } else if (collection.is_object()) {
    for (const auto& [key, value] : collection.object_items()) {
      VEIL_ASSIGN_OR_RETURN(const bool stop, on_element(key, value));
      if (stop) return true;
    }
  }
  return false;
}

}  // namespace

Evaluator::Evaluator(const Policy& policy, const Value& input, const Value& data,
                     const EvaluationOptions& options)
    : policy_(policy), input_(input), data_(data), options_(options) {
  if (options.clock != nullptr) builtin_context_.now = options.clock->Now();
  builtin_context_.max_collection_size = options.limits.max_collection_size;
}

Status Evaluator::Step(std::uint64_t cost) {
  steps_ += cost;
  if (steps_ > options_.limits.max_steps) {
    return Fail(LimitExceeded("max_steps", options_.limits.max_steps));
  }
  return {};
}

// A built-in or an operator works in proportion to what it produces (a sprintf of a large
// array, a set difference): charging that as steps bounds the time of the whole evaluation,
// not just the number of expressions. A string costs a step per 16 bytes.
Status Evaluator::ChargeFor(const Position& at, const Value& produced) {
  VEIL_TRY(CheckSize(at, produced.size()));
  const std::uint64_t bytes = produced.is_string() ? produced.string().size() : 0;
  return Step(produced.size() + bytes / 16);
}

Status Evaluator::EnterCall(const Position& at) {
  if (depth_ >= options_.limits.max_call_depth) {
    return Fail(LimitExceeded("max_call_depth",
                              static_cast<std::uint64_t>(options_.limits.max_call_depth), at));
  }
  return {};
}

Status Evaluator::CheckNesting(const Position& at) {
  if (nesting_ > options_.limits.max_nesting) {
    return Fail(
        LimitExceeded("max_nesting", static_cast<std::uint64_t>(options_.limits.max_nesting), at));
  }
  return {};
}

Status Evaluator::CheckSize(const Position& at, std::size_t size) {
  if (size > options_.limits.max_collection_size) {
    return Fail(LimitExceeded("max_collection_size", options_.limits.max_collection_size, at));
  }
  return {};
}

// ---- queries and literals ----

Result<bool> Evaluator::EvalQuery(const Query& query, std::size_t index, const Next& next) {
  if (index == query.literals.size()) return next();
  return EvalLiteral(query.literals[index], [&]() { return EvalQuery(query, index + 1, next); });
}

Result<bool> Evaluator::EvalLiteral(const Literal& literal, const Next& next) {
  VEIL_TRY(Step());
  ScopedDepth nesting(nesting_);
  VEIL_TRY(CheckNesting(literal.position));
  return std::visit(Overloaded{
                        [&](const ExprLiteral& expr) {
                          return expr.negated ? EvalNegation(expr.expr, next)
                                              : EvalPositive(expr.expr, next);
                        },
                        [&](const SomeDecl& some) -> Result<bool> {
                          ScopedMark mark(bindings_);
                          for (const Var& var : some.vars) bindings_.Declare(var.name);
                          return next();
                        },
                        [&](const SomeIn& some) { return EvalSomeIn(some, next); },
                        [&](const Every& every) { return EvalEvery(every, next); },
                    },
                    literal.node);
}

Result<bool> Evaluator::EvalPositive(const Expr& expr, const Next& next) {
  if (const auto* binary = std::get_if<Binary>(&expr.node)) {
    if (binary->op == BinaryOp::kAssign) {
      ScopedMark mark(bindings_);
      DeclarePatternVars(*binary->lhs);
      return UnifyExprs(*binary->lhs, *binary->rhs, next);
    }
    if (binary->op == BinaryOp::kUnify) return UnifyExprs(*binary->lhs, *binary->rhs, next);
  }
  // Any value but `false` makes the literal hold; an undefined one makes it fail.
  return EvalExpr(expr, [&](const Value& value) -> Result<bool> {
    if (value.is_boolean() && !value.boolean()) return false;
    return next();
  });
}

// Negation as failure: holds when the expression has no way to hold. Its variables must be
// bound already; whatever it binds is undone.
Result<bool> Evaluator::EvalNegation(const Expr& expr, const Next& next) {
  bool holds = false;
  {
    ScopedMark mark(bindings_);
    VEIL_TRY(EvalPositive(expr, [&]() -> Result<bool> {
      holds = true;
      return true;
    }));
  }
  if (holds) return false;
  return next();
}

Result<bool> Evaluator::EvalSomeIn(const SomeIn& some, const Next& next) {
  ScopedMark mark(bindings_);
  if (some.key) DeclarePatternVars(*some.key);
  DeclarePatternVars(some.value);
  return EvalExpr(some.collection, [&](const Value& collection) {
    return ForEachElement(collection, [&](const Value& key, const Value& value) -> Result<bool> {
      if (!some.key) return UnifyValue(some.value, value, next);
      return UnifyValue(*some.key, key, [&]() { return UnifyValue(some.value, value, next); });
    });
  });
}

// Holds when the body holds for every element of the domain (an empty domain included).
Result<bool> Evaluator::EvalEvery(const Every& every, const Next& next) {
  return EvalExpr(every.domain, [&](const Value& domain) -> Result<bool> {
    bool all_hold = true;
    const auto check_element = [&](const Value& key, const Value& value) -> Result<bool> {
      ScopedMark mark(bindings_);
      if (every.key && every.key->name != "_") bindings_.Bind(every.key->name, key);
      if (every.value.name != "_") bindings_.Bind(every.value.name, value);
      bool holds = false;
      const Next found = [&]() -> Result<bool> {
        holds = true;
        return true;
      };
      VEIL_TRY(EvalQuery(every.body, 0, found));
      if (!holds) all_hold = false;
      return !holds;
    };
    VEIL_TRY(ForEachElement(domain, check_element));
    if (!all_hold) return false;
    return next();
  });
}

// ---- unification ----

bool Evaluator::IsGlobalName(std::string_view name) const {
  if (name == "input" || name == "data") return true;
  const RuleGroup* group = FindGroup(name);
  return group != nullptr && group->kind != RuleKind::kFunction;
}

bool Evaluator::IsUnboundVar(const Expr& expr) const {
  const auto* var = std::get_if<Var>(&expr.node);
  if (var == nullptr) return false;
  if (var->name == "_") return true;
  const Value* value = nullptr;
  switch (bindings_.Lookup(var->name, &value)) {
    case Bindings::State::kBound:
      return false;
    case Bindings::State::kUnbound:
      return true;
    case Bindings::State::kUndeclared:
      return !IsGlobalName(var->name);
  }
  return false;
}

bool Evaluator::HasUnboundVars(const Expr& expr) const {
  if (IsUnboundVar(expr)) return true;
  if (const auto* array = std::get_if<Array>(&expr.node)) {
    for (const Expr& item : array->items) {
      if (HasUnboundVars(item)) return true;
    }
  }
  if (const auto* object = std::get_if<Object>(&expr.node)) {
    for (const ObjectItem& item : object->items) {
      if (HasUnboundVars(item.value)) return true;
    }
  }
  return false;
}

// `:=` declares the variables of its left side as new locals.
void Evaluator::DeclarePatternVars(const Expr& pattern) {
  if (const auto* var = std::get_if<Var>(&pattern.node)) {
    if (var->name != "_") bindings_.Declare(var->name);
  } else if (const auto* array = std::get_if<Array>(&pattern.node)) {
    for (const Expr& item : array->items) DeclarePatternVars(item);
  } else if (const auto* object = std::get_if<Object>(&pattern.node)) {
    for (const ObjectItem& item : object->items) DeclarePatternVars(item.value);
  }
}

Result<bool> Evaluator::UnifyExprs(const Expr& a, const Expr& b, const Next& next) {
  const bool a_open = HasUnboundVars(a);
  const bool b_open = HasUnboundVars(b);
  if (a_open && b_open) {
    const auto* a_array = std::get_if<Array>(&a.node);
    const auto* b_array = std::get_if<Array>(&b.node);
    if (a_array == nullptr || b_array == nullptr ||
        a_array->items.size() != b_array->items.size()) {
      return Fail(InvalidArgument(
          Where(a.position) + "cannot unify: both sides have unbound variables: " + ToString(a) +
          " = " + ToString(b)));
    }
    // [x, 1] = [2, y]: pairwise, each pair once the earlier ones are bound.
    std::function<Result<bool>(std::size_t)> pairwise = [&](std::size_t i) -> Result<bool> {
      if (i == a_array->items.size()) return next();
      return UnifyExprs(a_array->items[i], b_array->items[i], [&]() { return pairwise(i + 1); });
    };
    return pairwise(0);
  }
  if (a_open) return EvalExpr(b, [&](const Value& value) { return UnifyValue(a, value, next); });
  return EvalExpr(a, [&](const Value& value) { return UnifyValue(b, value, next); });
}

Result<bool> Evaluator::UnifyValue(const Expr& pattern, const Value& value, const Next& next) {
  ScopedDepth nesting(nesting_);
  VEIL_TRY(CheckNesting(pattern.position));
  if (IsUnboundVar(pattern)) {
    const auto& var = std::get<Var>(pattern.node);
    if (var.name == "_") return next();
    ScopedMark mark(bindings_);
    bindings_.Bind(var.name, value);
    return next();
  }
  if (const auto* array = std::get_if<Array>(&pattern.node); array && HasUnboundVars(pattern)) {
    if (!value.is_array() || value.items().size() != array->items.size()) return false;
    return UnifyItems(array->items, value.items(), 0, next);
  }
  if (const auto* object = std::get_if<Object>(&pattern.node); object && HasUnboundVars(pattern)) {
    if (!value.is_object() || value.size() != object->items.size()) return false;
    return UnifyObject(*object, value, 0, next);
  }
  return EvalExpr(pattern, [&](const Value& own) -> Result<bool> {
    if (own != value) return false;
    return next();
  });
}

Result<bool> Evaluator::UnifyItems(const std::vector<Expr>& patterns, const ValueList& values,
                                   std::size_t index, const Next& next) {
  if (index == patterns.size()) return next();
  return UnifyValue(patterns[index], values[index],
                    [&]() { return UnifyItems(patterns, values, index + 1, next); });
}

// The keys of an object pattern are ground (OPA requires it); its values may be patterns.
Result<bool> Evaluator::UnifyObject(const Object& pattern, const Value& value, std::size_t index,
                                    const Next& next) {
  if (index == pattern.items.size()) return next();
  const ObjectItem& item = pattern.items[index];
  return EvalExpr(item.key, [&](const Value& key) -> Result<bool> {
    const Value* found = value.Find(key);
    if (found == nullptr) return false;
    return UnifyValue(item.value, *found,
                      [&]() { return UnifyObject(pattern, value, index + 1, next); });
  });
}

// ---- expressions ----

Result<bool> Evaluator::EvalExpr(const Expr& expr, const OnValue& on_value) {
  VEIL_TRY(Step());
  ScopedDepth nesting(nesting_);
  VEIL_TRY(CheckNesting(expr.position));
  return std::visit(
      Overloaded{
          [&](const Null&) { return on_value(Value::Null()); },
          [&](const Boolean& b) { return on_value(Value::Boolean(b.value)); },
          [&](const Number& n) { return on_value(NumberValue(n)); },
          [&](const String& s) { return on_value(Value::String(s.value)); },
          [&](const Var& var) { return EvalVar(expr, var, on_value); },
          [&](const Ref& ref) { return EvalRef(ref, on_value); },
          [&](const Call& call) { return EvalCall(expr, call, on_value); },
          [&](const Array& array) { return EvalCollection(expr, array.items, false, on_value); },
          [&](const Set& set) { return EvalCollection(expr, set.items, true, on_value); },
          [&](const Object& object) { return EvalObject(expr, object, on_value); },
          [&](const ArrayComprehension& c) { return EvalArrayComprehension(expr, c, on_value); },
          [&](const SetComprehension& c) { return EvalSetComprehension(expr, c, on_value); },
          [&](const ObjectComprehension& c) { return EvalObjectComprehension(expr, c, on_value); },
          [&](const Unary& unary) {
            return EvalExpr(*unary.operand, [&](const Value& operand) -> Result<bool> {
              const std::optional<Value> negated = Negate(operand);
              if (!negated) return false;
              return on_value(*negated);
            });
          },
          [&](const Binary& binary) { return EvalBinary(expr, binary, on_value); },
          [&](const Membership& membership) { return EvalMembership(membership, on_value); },
      },
      expr.node);
}

Result<bool> Evaluator::EvalVar(const Expr& expr, const Var& var, const OnValue& on_value) {
  const Value* bound = nullptr;
  const Bindings::State state =
      var.name == "_" ? Bindings::State::kUnbound : bindings_.Lookup(var.name, &bound);
  if (state == Bindings::State::kBound) return on_value(*bound);
  if (state == Bindings::State::kUndeclared) {
    if (var.name == "input") return on_value(input_);
    if (var.name == "data") return on_value(data_);
    if (IsGlobalName(var.name)) {
      VEIL_ASSIGN_OR_RETURN(const std::optional<Value> value, RuleValue(var.name));
      if (!value) return false;
      return on_value(*value);
    }
  }
  return Fail(InvalidArgument(Where(expr.position) + "variable '" + var.name +
                              "' is used before it is bound (unsafe)"));
}

Result<bool> Evaluator::EvalRef(const Ref& ref, const OnValue& on_value) {
  // data.<package>.<rule>...: the module's own rule, then the rest of the path.
  const auto* head_var = std::get_if<Var>(&ref.head->node);
  const Value* ignored = nullptr;
  const std::vector<std::string>& package = policy_.module().package;
  if (head_var != nullptr && head_var->name == "data" &&
      bindings_.Lookup("data", &ignored) == Bindings::State::kUndeclared &&
      ref.path.size() > package.size()) {
    bool in_package = true;
    for (std::size_t i = 0; i < package.size() && in_package; ++i) {
      const auto* step = std::get_if<String>(&ref.path[i].node);
      in_package = step != nullptr && step->value == package[i];
    }
    const auto* rule = std::get_if<String>(&ref.path[package.size()].node);
    if (in_package && rule != nullptr && IsGlobalName(rule->value) && rule->value != "input" &&
        rule->value != "data") {
      VEIL_ASSIGN_OR_RETURN(const std::optional<Value> value, RuleValue(rule->value));
      if (!value) return false;
      return WalkRef(*value, ref, package.size() + 1, on_value);
    }
  }
  return EvalExpr(*ref.head, [&](const Value& head) { return WalkRef(head, ref, 0, on_value); });
}

// One step of a reference: a bound key looks up, an unbound variable iterates (and binds).
// A missing key makes the reference undefined.
Result<bool> Evaluator::WalkRef(const Value& value, const Ref& ref, std::size_t index,
                                const OnValue& on_value) {
  if (index == ref.path.size()) return on_value(value);
  const Expr& step = ref.path[index];
  if (IsUnboundVar(step)) {
    const std::string& name = std::get<Var>(step.node).name;
    return ForEachElement(value, [&](const Value& key, const Value& child) -> Result<bool> {
      VEIL_TRY(Step());
      ScopedMark mark(bindings_);
      if (name != "_") bindings_.Bind(name, key);
      return WalkRef(child, ref, index + 1, on_value);
    });
  }
  return EvalExpr(step, [&](const Value& key) -> Result<bool> {
    const std::optional<Value> child = Index(value, key);
    if (!child) return false;
    return WalkRef(*child, ref, index + 1, on_value);
  });
}

Result<bool> Evaluator::EvalCall(const Expr& expr, const Call& call, const OnValue& on_value) {
  const std::string name = DottedName(call.name);
  ValueList values;
  values.reserve(call.args.size());
  return EvalArgs(call.args, 0, values,
                  [&](const ValueList& args) { return CallByName(expr, name, args, on_value); });
}

Result<bool> Evaluator::EvalArgs(const std::vector<Expr>& args, std::size_t index,
                                 ValueList& values,
                                 const std::function<Result<bool>(const ValueList&)>& on_args) {
  if (index == args.size()) return on_args(values);
  // A run of scalar literals is taken in a loop, so a long allowlist costs no stack.
  const std::size_t mark = values.size();
  while (index < args.size() && ScalarLiteral(args[index])) {
    VEIL_TRY(Step());
    values.push_back(*ScalarLiteral(args[index++]));
  }
  if (index == args.size() || values.size() != mark) {
    Result<bool> result = EvalArgs(args, index, values, on_args);
    values.resize(mark);
    return result;
  }
  return EvalExpr(args[index], [&](const Value& value) -> Result<bool> {
    values.push_back(value);
    Result<bool> result = EvalArgs(args, index + 1, values, on_args);
    values.pop_back();
    return result;
  });
}

// Rules of the module first, then host functions, then built-ins (Compile() checked the name).
Result<bool> Evaluator::CallByName(const Expr& expr, const std::string& name, const ValueList& args,
                                   const OnValue& on_value) {
  std::optional<Value> result;
  if (const RuleGroup* group = FindGroup(name); group && group->kind == RuleKind::kFunction) {
    VEIL_ASSIGN_OR_RETURN(result, CallFunction(expr, *group, args));
  } else if (auto host = options_.functions.find(name); host != options_.functions.end()) {
    VEIL_ASSIGN_OR_RETURN(result, host->second(args));
  } else if (const Builtin* builtin = FindBuiltin(name)) {
    VEIL_ASSIGN_OR_RETURN(result, builtin->function(args, builtin_context_));
  } else {
    return Fail(InvalidArgument(Where(expr.position) + "no host function '" + name +
                                "' was given to this evaluation"));
  }
  if (!result) return false;
  VEIL_TRY(ChargeFor(expr.position, *result));
  return on_value(*result);
}

Result<bool> Evaluator::EvalCollection(const Expr& expr, const std::vector<Expr>& items,
                                       bool is_set, const OnValue& on_value) {
  ValueList values;
  values.reserve(items.size());
  return EvalArgs(items, 0, values, [&](const ValueList& done) -> Result<bool> {
    VEIL_TRY(CheckSize(expr.position, done.size()));
    return on_value(is_set ? Value::Set(done) : Value::Array(done));
  });
}

Result<bool> Evaluator::EvalObject(const Expr& expr, const Object& object,
                                   const OnValue& on_value) {
  ObjectItems items;
  std::function<Result<bool>(std::size_t)> item_at = [&](std::size_t i) -> Result<bool> {
    if (i == object.items.size()) {
      VEIL_TRY(CheckSize(expr.position, items.size()));
      return on_value(Value::Object(items));
    }
    return EvalExpr(object.items[i].key, [&](const Value& key) {
      return EvalExpr(object.items[i].value, [&](const Value& value) -> Result<bool> {
        items.emplace_back(key, value);
        Result<bool> result = item_at(i + 1);
        items.pop_back();
        return result;
      });
    });
  };
  return item_at(0);
}

Result<bool> Evaluator::EvalBinary(const Expr& expr, const Binary& binary,
                                   const OnValue& on_value) {
  if (binary.op == BinaryOp::kAssign || binary.op == BinaryOp::kUnify) {
    return Fail(Unsupported(Where(expr.position) + "'=' and ':=' only at the top of a literal"));
  }
  return EvalExpr(*binary.lhs, [&](const Value& a) {
    return EvalExpr(*binary.rhs, [&](const Value& b) -> Result<bool> {
      VEIL_TRY(Step(a.size() + b.size()));  // comparing or combining walks the operands
      const std::optional<Value> result = ApplyBinary(binary.op, a, b);
      if (!result) return false;
      VEIL_TRY(ChargeFor(expr.position, *result));
      return on_value(*result);
    });
  });
}

Result<bool> Evaluator::EvalMembership(const Membership& membership, const OnValue& on_value) {
  return EvalExpr(*membership.collection, [&](const Value& collection) {
    return EvalExpr(*membership.value, [&](const Value& value) -> Result<bool> {
      VEIL_TRY(Step(collection.size()));  // an array or object is searched item by item
      if (!membership.key) return on_value(Value::Boolean(IsMember(collection, nullptr, value)));
      return EvalExpr(*membership.key, [&](const Value& key) {
        return on_value(Value::Boolean(IsMember(collection, &key, value)));
      });
    });
  });
}

Result<bool> Evaluator::EvalArrayComprehension(const Expr& expr,
                                               const ArrayComprehension& comprehension,
                                               const OnValue& on_value) {
  ValueList items;
  {
    ScopedMark mark(bindings_);
    const OnValue collect = [&](const Value& item) -> Result<bool> {
      items.push_back(item);
      VEIL_TRY(CheckSize(expr.position, items.size()));
      return false;
    };
    VEIL_TRY(
        EvalQuery(comprehension.body, 0, [&]() { return EvalExpr(*comprehension.term, collect); }));
  }
  return on_value(Value::Array(std::move(items)));
}

Result<bool> Evaluator::EvalSetComprehension(const Expr& expr,
                                             const SetComprehension& comprehension,
                                             const OnValue& on_value) {
  std::set<Value> members;
  {
    ScopedMark mark(bindings_);
    const OnValue collect = [&](const Value& member) -> Result<bool> {
      members.insert(member);
      VEIL_TRY(CheckSize(expr.position, members.size()));
      return false;
    };
    VEIL_TRY(
        EvalQuery(comprehension.body, 0, [&]() { return EvalExpr(*comprehension.term, collect); }));
  }
  return on_value(Value::Set(ValueList(members.begin(), members.end())));
}

Result<bool> Evaluator::EvalObjectComprehension(const Expr& expr,
                                                const ObjectComprehension& comprehension,
                                                const OnValue& on_value) {
  std::map<Value, Value> items;
  {
    ScopedMark mark(bindings_);
    const auto collect = [&](const Value& key, const Value& value) -> Result<bool> {
      auto [at, inserted] = items.emplace(key, value);
      if (!inserted && at->second != value) {
        return Fail(InvalidArgument(Where(expr.position) +
                                    "object comprehension: conflicting values for key " +
                                    ToRegoText(key)));
      }
      VEIL_TRY(CheckSize(expr.position, items.size()));
      return false;
    };
    VEIL_TRY(EvalQuery(comprehension.body, 0, [&]() {
      return EvalExpr(*comprehension.key, [&](const Value& key) {
        return EvalExpr(*comprehension.value,
                        [&](const Value& value) { return collect(key, value); });
      });
    }));
  }
  return on_value(Value::Object(ObjectItems(items.begin(), items.end())));
}

}  // namespace veil::policy::rego::eval
