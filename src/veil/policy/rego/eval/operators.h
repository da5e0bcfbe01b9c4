#pragma once
// Rego's operators on values (OPA policy reference, "Comparison", "Arithmetic", "Membership",
// "Sets"). nullopt means the operation is undefined for these operands, as OPA's non-strict mode
// treats a type error or a division by zero: the expression has no value.

#include <optional>

#include "veil/policy/rego/ast.h"
#include "veil/policy/rego/eval/value.h"

namespace veil::policy::rego::eval {

// collection[key]: an object's value, a set's member, an array's item.
std::optional<Value> Index(const Value& collection, const Value& key);

// `value in collection` (key == nullptr): an array item, an object value or a set member;
// `key, value in collection`: collection[key] == value.
bool IsMember(const Value& collection, const Value* key, const Value& value);

// Comparisons (OPA's total order, so across types too), arithmetic on numbers (int64 while
// exact, else double), `-` `|` `&` on sets. Not kAssign/kUnify.
std::optional<Value> ApplyBinary(BinaryOp op, const Value& a, const Value& b);

// Unary minus on a number.
std::optional<Value> Negate(const Value& operand);

}  // namespace veil::policy::rego::eval
