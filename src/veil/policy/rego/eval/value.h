#pragma once
// A Rego value (OPA policy language reference, "Types"): null, boolean, number, string, array,
// object (keys of any type) and set. Copies are cheap: collections and strings are shared,
// immutable nodes.
//
// Numbers keep an int64 when integral and in range, else a double; the two compare numerically,
// so 1 == 1.0. Sets hold their members sorted and unique, objects their items sorted by key.
// Values are totally ordered across types as OPA orders them:
//   null < boolean < number < string < array < object < set
// and within a type by value (arrays and sets element-wise, objects by sorted items).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "veil/base/result.h"

namespace veil::policy::rego::eval {

class Value;
using ValueList = std::vector<Value>;
using ObjectItems = std::vector<std::pair<Value, Value>>;

class Value {
 public:
  enum class Kind { kNull, kBoolean, kNumber, kString, kArray, kObject, kSet };

  Value() = default;  // null
  static Value Null() { return Value(); }
  static Value Boolean(bool value);
  static Value Integer(std::int64_t value);
  // Stored as an integer when `value` is integral and within int64.
  static Value Double(double value);
  static Value String(std::string value);
  static Value Array(ValueList items);
  // Sorts and removes duplicates.
  static Value Set(ValueList members);
  // Sorts by key; a repeated key keeps the last value.
  static Value Object(ObjectItems items);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_boolean() const { return kind_ == Kind::kBoolean; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }
  bool is_set() const { return kind_ == Kind::kSet; }

  // Accessors require the matching kind (VEIL_CHECK).
  bool boolean() const;
  bool is_integer() const;  // a number held as int64
  std::int64_t integer() const;
  double number() const;  // any number, as a double
  const std::string& string() const;
  const ValueList& items() const;  // array items or set members
  const ObjectItems& object_items() const;

  // Object lookup by key; set membership (yields the member). nullptr when absent.
  const Value* Find(const Value& key) const;
  // Elements of an array, set or object (strings: 0); the size bound checks use it.
  std::size_t size() const;

  std::string TypeName() const;  // "null", "boolean", "number", "string", "array", ...

  friend int Compare(const Value& a, const Value& b);
  friend bool operator==(const Value& a, const Value& b) { return Compare(a, b) == 0; }
  friend bool operator<(const Value& a, const Value& b) { return Compare(a, b) < 0; }

 private:
  Kind kind_ = Kind::kNull;
  bool boolean_ = false;
  bool integral_ = false;
  std::int64_t integer_ = 0;
  double double_ = 0;
  std::shared_ptr<const std::string> string_;
  std::shared_ptr<const ValueList> items_;
  std::shared_ptr<const ObjectItems> object_;
};

int Compare(const Value& a, const Value& b);

// JSON nested deeper than this is refused, so that converting it cannot exhaust the stack.
inline constexpr int kMaxJsonDepth = 256;
// JSON to a value: integers within int64 stay integers; objects have string keys.
// kInvalidArgument past kMaxJsonDepth.
Result<Value> FromJson(const nlohmann::json& json);
// A value to JSON: sets become arrays; an object key that is not a string is refused
// (kInvalidArgument), as OPA refuses to serialize it.
Result<nlohmann::json> ToJson(const Value& value);
// Rego text of a value, for messages and sprintf("%v"): {"a": [1, 2]}, {1, 2}, set().
std::string ToRegoText(const Value& value);

}  // namespace veil::policy::rego::eval
