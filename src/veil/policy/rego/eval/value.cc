#include "veil/policy/rego/eval/value.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace veil::policy::rego::eval {
namespace {

// OPA's order of types: null < boolean < number < string < array < object < set.
int TypeRank(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull:
      return 0;
    case Value::Kind::kBoolean:
      return 1;
    case Value::Kind::kNumber:
      return 2;
    case Value::Kind::kString:
      return 3;
    case Value::Kind::kArray:
      return 4;
    case Value::Kind::kObject:
      return 5;
    case Value::Kind::kSet:
      return 6;
  }
  return 7;
}

template <class T>
int Spaceship(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CompareNumbers(const Value& a, const Value& b) {
  if (a.is_integer() && b.is_integer()) return Spaceship(a.integer(), b.integer());
  return Spaceship(a.number(), b.number());
}

int CompareLists(const ValueList& a, const ValueList& b) {
  const std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (const int c = Compare(a[i], b[i]); c != 0) return c;
  }
  return Spaceship(a.size(), b.size());
}

int CompareObjects(const ObjectItems& a, const ObjectItems& b) {
  const std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (const int c = Compare(a[i].first, b[i].first); c != 0) return c;
    if (const int c = Compare(a[i].second, b[i].second); c != 0) return c;
  }
  return Spaceship(a.size(), b.size());
}

// Doubles within this range convert to int64 exactly (2^63 itself does not fit).
constexpr double kInt64Bound = 9223372036854775808.0;

std::string NumberText(const Value& value) {
  if (value.is_integer()) return std::to_string(value.integer());
  return nlohmann::json(value.number()).dump();
}

}  // namespace

Value Value::Boolean(bool value) {
  Value v;
  v.kind_ = Kind::kBoolean;
  v.boolean_ = value;
  return v;
}

Value Value::Integer(std::int64_t value) {
  Value v;
  v.kind_ = Kind::kNumber;
  v.integral_ = true;
  v.integer_ = value;
  return v;
}

Value Value::Double(double value) {
  if (std::isfinite(value) && std::trunc(value) == value && value >= -kInt64Bound &&
      value < kInt64Bound) {
    return Integer(static_cast<std::int64_t>(value));
  }
  Value v;
  v.kind_ = Kind::kNumber;
  v.double_ = value;
  return v;
}

Value Value::String(std::string value) {
  Value v;
  v.kind_ = Kind::kString;
  v.string_ = std::make_shared<const std::string>(std::move(value));
  return v;
}

Value Value::Array(ValueList items) {
  Value v;
  v.kind_ = Kind::kArray;
  v.items_ = std::make_shared<const ValueList>(std::move(items));
  return v;
}

Value Value::Set(ValueList members) {
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  Value v;
  v.kind_ = Kind::kSet;
  v.items_ = std::make_shared<const ValueList>(std::move(members));
  return v;
}

Value Value::Object(ObjectItems items) {
  // Stable, so that among equal keys the last one given ends up last; keep that one.
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  ObjectItems unique;
  unique.reserve(items.size());
  for (auto& item : items) {
    if (!unique.empty() && unique.back().first == item.first) {
      unique.back().second = std::move(item.second);
    } else {
      unique.push_back(std::move(item));
    }
  }
  Value v;
  v.kind_ = Kind::kObject;
  v.object_ = std::make_shared<const ObjectItems>(std::move(unique));
  return v;
}

bool Value::boolean() const {
  VEIL_CHECK(kind_ == Kind::kBoolean);
  return boolean_;
}

bool Value::is_integer() const { return kind_ == Kind::kNumber && integral_; }

std::int64_t Value::integer() const {
  VEIL_CHECK(is_integer());
  return integer_;
}

double Value::number() const {
  VEIL_CHECK(kind_ == Kind::kNumber);
  return integral_ ? static_cast<double>(integer_) : double_;
}

const std::string& Value::string() const {
  VEIL_CHECK(kind_ == Kind::kString);
  return *string_;
}

const ValueList& Value::items() const {
  VEIL_CHECK(kind_ == Kind::kArray || kind_ == Kind::kSet);
  return *items_;
}

const ObjectItems& Value::object_items() const {
  VEIL_CHECK(kind_ == Kind::kObject);
  return *object_;
}

const Value* Value::Find(const Value& key) const {
  if (kind_ == Kind::kObject) {
    auto it = std::lower_bound(object_->begin(), object_->end(), key,
                               [](const auto& item, const Value& k) { return item.first < k; });
    return it != object_->end() && it->first == key ? &it->second : nullptr;
  }
  if (kind_ == Kind::kSet) {
    auto it = std::lower_bound(items_->begin(), items_->end(), key);
    return it != items_->end() && *it == key ? &*it : nullptr;
  }
  return nullptr;
}

std::size_t Value::size() const {
  switch (kind_) {
    case Kind::kArray:
    case Kind::kSet:
      return items_->size();
    case Kind::kObject:
      return object_->size();
    default:
      return 0;
  }
}

std::string Value::TypeName() const {
  switch (kind_) {
    case Kind::kNull:
      return "null";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kNumber:
      return "number";
    case Kind::kString:
      return "string";
    case Kind::kArray:
      return "array";
    case Kind::kObject:
      return "object";
    case Kind::kSet:
      return "set";
  }
  return "unknown";
}

int Compare(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return Spaceship(TypeRank(a.kind_), TypeRank(b.kind_));
  switch (a.kind_) {
    case Value::Kind::kNull:
      return 0;
    case Value::Kind::kBoolean:
      return Spaceship(a.boolean_, b.boolean_);
    case Value::Kind::kNumber:
      return CompareNumbers(a, b);
    case Value::Kind::kString:
      return Spaceship(*a.string_, *b.string_);
    case Value::Kind::kArray:
    case Value::Kind::kSet:
      return a.items_ == b.items_ ? 0 : CompareLists(*a.items_, *b.items_);
    case Value::Kind::kObject:
      return a.object_ == b.object_ ? 0 : CompareObjects(*a.object_, *b.object_);
  }
  return 0;
}

namespace {

Result<Value> FromJsonAt(const nlohmann::json& json, int depth) {
  if (depth > kMaxJsonDepth) {
    return Fail(InvalidArgument("rego: JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                                " levels"));
  }
  switch (json.type()) {
    case nlohmann::json::value_t::boolean:
      return Value::Boolean(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value::Integer(json.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      const auto u = json.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return Value::Integer(static_cast<std::int64_t>(u));
      }
      return Value::Double(static_cast<double>(u));
    }
    case nlohmann::json::value_t::number_float:
      return Value::Double(json.get<double>());
    case nlohmann::json::value_t::string:
      return Value::String(json.get<std::string>());
    case nlohmann::json::value_t::array: {
      ValueList items;
      items.reserve(json.size());
      for (const auto& item : json) {
        VEIL_ASSIGN_OR_RETURN(Value converted, FromJsonAt(item, depth + 1));
        items.push_back(std::move(converted));
      }
      return Value::Array(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      ObjectItems items;
      items.reserve(json.size());
      for (const auto& [key, item] : json.items()) {
        VEIL_ASSIGN_OR_RETURN(Value converted, FromJsonAt(item, depth + 1));
        items.emplace_back(Value::String(key), std::move(converted));
      }
      return Value::Object(std::move(items));
    }
    default:
      return Value::Null();
  }
}

}  // namespace

Result<Value> FromJson(const nlohmann::json& json) { return FromJsonAt(json, 0); }

Result<nlohmann::json> ToJson(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kNull:
      return nlohmann::json(nullptr);
    case Value::Kind::kBoolean:
      return nlohmann::json(value.boolean());
    case Value::Kind::kNumber:
      if (value.is_integer()) return nlohmann::json(value.integer());
      return nlohmann::json(value.number());
    case Value::Kind::kString:
      return nlohmann::json(value.string());
    case Value::Kind::kArray:
    case Value::Kind::kSet: {
      nlohmann::json array = nlohmann::json::array();
      for (const Value& item : value.items()) {
        VEIL_ASSIGN_OR_RETURN(nlohmann::json converted, ToJson(item));
        array.push_back(std::move(converted));
      }
      return array;
    }
    case Value::Kind::kObject: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& [key, item] : value.object_items()) {
        if (!key.is_string()) {
          return Fail(InvalidArgument("rego: an object key must be a string to become JSON, got " +
                                      ToRegoText(key)));
        }
        VEIL_ASSIGN_OR_RETURN(nlohmann::json converted, ToJson(item));
        object[key.string()] = std::move(converted);
      }
      return object;
    }
  }
  return nlohmann::json(nullptr);
}

std::string ToRegoText(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kBoolean:
      return value.boolean() ? "true" : "false";
    case Value::Kind::kNumber:
      return NumberText(value);
    case Value::Kind::kString:
      return nlohmann::json(value.string())
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    case Value::Kind::kArray:
    case Value::Kind::kSet: {
      if (value.is_set() && value.items().empty()) return "set()";
      std::string text = value.is_set() ? "{" : "[";
      for (std::size_t i = 0; i < value.items().size(); ++i) {
        if (i > 0) text += ", ";
        text += ToRegoText(value.items()[i]);
      }
      return text + (value.is_set() ? "}" : "]");
    }
    case Value::Kind::kObject: {
      std::string text = "{";
      bool first = true;
      for (const auto& [key, item] : value.object_items()) {
        if (!first) text += ", ";
        first = false;
        text += ToRegoText(key) + ": " + ToRegoText(item);
      }
      return text + "}";
    }
  }
  return "";
}

}  // namespace veil::policy::rego::eval
