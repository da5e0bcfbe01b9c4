#pragma once
// OPA's built-in functions that Veil evaluates (OPA policy reference, "Built-in Functions"), by
// their dotted name. A built-in returns a value, or nullopt when its arguments have the wrong
// type or an operation fails: in OPA's default (non-strict) mode that makes the expression
// undefined rather than halting evaluation. An Error is returned only past a size bound.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/policy/rego/eval/value.h"

namespace veil::policy::rego::eval {

struct BuiltinContext {
  // time.now_ns, read once per evaluation (OPA answers the same instant throughout a query);
  // undefined without a clock.
  std::optional<TimePoint> now;
  std::size_t max_collection_size = 0;  // elements in a produced array/set/object or string bytes
};

using BuiltinFunction = Result<std::optional<Value>> (*)(std::span<const Value> args,
                                                         const BuiltinContext& context);

struct Builtin {
  std::string_view name;
  std::size_t arity;
  BuiltinFunction function;
};

// nullptr for a name Veil does not implement.
const Builtin* FindBuiltin(std::string_view name);

}  // namespace veil::policy::rego::eval
