#include "veil/policy/rego/eval/operators.h"

#include <cmath>

namespace veil::policy::rego::eval {
namespace {

// Integer arithmetic while it stays exact and in range, else double; nullopt for a division by
// zero, a modulo of non-integers, or a non-finite result (OPA: a built-in error, so undefined).
std::optional<Value> Arithmetic(BinaryOp op, const Value& a, const Value& b) {
  if (a.is_integer() && b.is_integer()) {
    const std::int64_t x = a.integer();
    const std::int64_t y = b.integer();
    std::int64_t out = 0;
    switch (op) {
      case BinaryOp::kAdd:
        if (!__builtin_add_overflow(x, y, &out)) return Value::Integer(out);
        break;
      case BinaryOp::kSubtract:
        if (!__builtin_sub_overflow(x, y, &out)) return Value::Integer(out);
        break;
      case BinaryOp::kMultiply:
        if (!__builtin_mul_overflow(x, y, &out)) return Value::Integer(out);
        break;
      case BinaryOp::kDivide:
        if (y == 0) return std::nullopt;
        if (y != -1 && x % y == 0) return Value::Integer(x / y);
        break;
      case BinaryOp::kModulo:
        if (y == 0) return std::nullopt;
        if (y == -1) return Value::Integer(0);
        return Value::Integer(x % y);
      default:
        return std::nullopt;
    }
  }
  if (op == BinaryOp::kModulo) return std::nullopt;
  const double x = a.number();
  const double y = b.number();
  double out = 0;
  switch (op) {
    case BinaryOp::kAdd:
      out = x + y;
      break;
    case BinaryOp::kSubtract:
      out = x - y;
      break;
    case BinaryOp::kMultiply:
      out = x * y;
      break;
    case BinaryOp::kDivide:
      if (y == 0) return std::nullopt;
      out = x / y;
      break;
    default:
      return std::nullopt;
  }
  if (!std::isfinite(out)) return std::nullopt;
  return Value::Double(out);
}

std::optional<Value> SetOperation(BinaryOp op, const Value& a, const Value& b) {
  if (!a.is_set() || !b.is_set()) return std::nullopt;
  ValueList out;
  if (op == BinaryOp::kUnion) {
    out = a.items();
    out.insert(out.end(), b.items().begin(), b.items().end());
  } else {
    const bool keep_common = op == BinaryOp::kIntersection;
    for (const Value& member : a.items()) {
      if ((b.Find(member) != nullptr) == keep_common) out.push_back(member);
    }
  }
  return Value::Set(std::move(out));
}

}  // namespace

// collection[key]: an object's value, a set's member, an array's item; nullopt otherwise.
std::optional<Value> Index(const Value& collection, const Value& key) {
  if (collection.is_object() || collection.is_set()) {
    const Value* found = collection.Find(key);
    return found != nullptr ? std::optional<Value>(*found) : std::nullopt;
  }
  if (collection.is_array() && key.is_integer() && key.integer() >= 0 &&
      static_cast<std::uint64_t>(key.integer()) < collection.items().size()) {
    return collection.items()[static_cast<std::size_t>(key.integer())];
  }
  return std::nullopt;
}

bool IsMember(const Value& collection, const Value* key, const Value& value) {
  if (key != nullptr) {
    const std::optional<Value> found = Index(collection, *key);
    return found.has_value() && *found == value;
  }
  if (collection.is_set()) return collection.Find(value) != nullptr;
  if (collection.is_array()) {
    for (const Value& item : collection.items()) {
      if (item == value) return true;
    }
  }
  if (collection.is_object()) {
    for (const auto& item : collection.object_items()) {
      if (item.second == value) return true;
    }
  }
  return false;
}

std::optional<Value> ApplyBinary(BinaryOp op, const Value& a, const Value& b) {
  const int order = Compare(a, b);
  switch (op) {
    case BinaryOp::kEqual:
      return Value::Boolean(order == 0);
    case BinaryOp::kNotEqual:
      return Value::Boolean(order != 0);
    case BinaryOp::kLess:
      return Value::Boolean(order < 0);
    case BinaryOp::kLessEqual:
      return Value::Boolean(order <= 0);
    case BinaryOp::kGreater:
      return Value::Boolean(order > 0);
    case BinaryOp::kGreaterEqual:
      return Value::Boolean(order >= 0);
    case BinaryOp::kUnion:
    case BinaryOp::kIntersection:
      return SetOperation(op, a, b);
    case BinaryOp::kSubtract:
      if (a.is_set()) return SetOperation(op, a, b);
      [[fallthrough]];
    case BinaryOp::kAdd:
    case BinaryOp::kMultiply:
    case BinaryOp::kDivide:
    case BinaryOp::kModulo:
      if (!a.is_number() || !b.is_number()) return std::nullopt;
      return Arithmetic(op, a, b);
    case BinaryOp::kAssign:
    case BinaryOp::kUnify:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Value> Negate(const Value& operand) {
  if (!operand.is_number()) return std::nullopt;
  return Arithmetic(BinaryOp::kSubtract, Value::Integer(0), operand);
}

}  // namespace veil::policy::rego::eval
