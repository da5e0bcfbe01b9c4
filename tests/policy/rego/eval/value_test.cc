// Rego values: OPA's order across types, numbers compared by value, sets and objects kept
// sorted, JSON both ways.
#include "veil/policy/rego/eval/value.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "eval_test_util.h"

namespace veil::policy::rego::eval {
namespace {

TEST(ValueTest, TypesAreOrderedAsInOpa) {
  // null < boolean < number < string < array < object < set
  const std::vector<Value> ordered = {
      Value::Null(),
      Value::Boolean(false),
      Value::Boolean(true),
      Value::Integer(-5),
      Value::Double(2.5),
      Value::Integer(3),
      Value::String(""),
      Value::String("a"),
      Value::Array({}),
      Value::Array({Value::Integer(1)}),
      Value::Object({}),
      Value::Set({}),
      Value::Set({Value::Integer(1)}),
  };
  for (std::size_t i = 0; i + 1 < ordered.size(); ++i) {
    EXPECT_LT(Compare(ordered[i], ordered[i + 1]), 0)
        << ToRegoText(ordered[i]) << " vs " << ToRegoText(ordered[i + 1]);
    EXPECT_GT(Compare(ordered[i + 1], ordered[i]), 0);
  }
}

TEST(ValueTest, IntegersAndDoublesCompareByValue) {
  EXPECT_EQ(Value::Integer(1), Value::Double(1.0));
  EXPECT_TRUE(Value::Double(1.0).is_integer());  // integral doubles are kept as integers
  EXPECT_LT(Value::Integer(1), Value::Double(1.5));
  EXPECT_FALSE(Value::Double(1e300).is_integer());
}

TEST(ValueTest, SetsAreSortedAndUnique) {
  const Value set = Value::Set({Value::Integer(3), Value::Integer(1), Value::Integer(3)});
  EXPECT_EQ(ToRegoText(set), "{1, 3}");
  EXPECT_EQ(ToRegoText(Value::Set({})), "set()");
  EXPECT_NE(set.Find(Value::Integer(1)), nullptr);
  EXPECT_EQ(set.Find(Value::Integer(2)), nullptr);
}

TEST(ValueTest, ObjectsAreSortedByKeyAndTheLastRepeatedKeyWins) {
  const Value object = Value::Object({{Value::String("b"), Value::Integer(1)},
                                      {Value::String("a"), Value::Integer(2)},
                                      {Value::String("b"), Value::Integer(3)}});
  EXPECT_EQ(ToRegoText(object), R"({"a": 2, "b": 3})");
  EXPECT_EQ(*object.Find(Value::String("b")), Value::Integer(3));
}

TEST(ValueTest, JsonRoundTripsAndSetsBecomeArrays) {
  const Value value = J(R"({"a": [1, 2.5, "x", null, true], "b": {"c": {}}})");
  auto json = ToJson(value);
  ASSERT_TRUE(json);
  EXPECT_EQ(json->dump(), R"({"a":[1,2.5,"x",null,true],"b":{"c":{}}})");
  auto set_json = ToJson(Value::Set({Value::String("y"), Value::String("x")}));
  ASSERT_TRUE(set_json);
  EXPECT_EQ(set_json->dump(), R"(["x","y"])");
}

TEST(ValueTest, NonStringObjectKeysDoNotBecomeJson) {
  auto json = ToJson(Value::Object({{Value::Integer(1), Value::Null()}}));
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().code, ErrorCode::kInvalidArgument);
}

TEST(ValueTest, DeepJsonIsRefused) {
  std::string deep(kMaxJsonDepth + 2, '[');
  deep += std::string(kMaxJsonDepth + 2, ']');
  auto value = FromJson(nlohmann::json::parse(deep));
  EXPECT_FALSE(value);
}

TEST(ValueTest, LargeUnsignedBecomesDouble) {
  const Value value = J("18446744073709551615");
  EXPECT_TRUE(value.is_number());
  EXPECT_FALSE(value.is_integer());
}

}  // namespace
}  // namespace veil::policy::rego::eval
