// Rego's operators on values, directly: indexing, membership, comparison across types,
// arithmetic that stays exact while it can, set algebra; nullopt where OPA has no value.
#include "veil/policy/rego/eval/operators.h"

#include <gtest/gtest.h>

#include "eval_test_util.h"

namespace veil::policy::rego::eval {
namespace {

std::string Apply(BinaryOp op, std::string_view a, std::string_view b) {
  const std::optional<Value> result = ApplyBinary(op, J(a), J(b));
  return result ? ToRegoText(*result) : "undefined";
}

TEST(OperatorsTest, IndexObjectsArraysAndSets) {
  EXPECT_EQ(*Index(J(R"({"a": 1})"), Value::String("a")), Value::Integer(1));
  EXPECT_EQ(*Index(J("[5, 6]"), Value::Integer(1)), Value::Integer(6));
  EXPECT_EQ(*Index(J("[5, 6]"), Value::Double(1.0)), Value::Integer(6));
  EXPECT_FALSE(Index(J("[5, 6]"), Value::Integer(2)));
  EXPECT_FALSE(Index(J("[5, 6]"), Value::Integer(-1)));
  EXPECT_FALSE(Index(J("[5, 6]"), Value::Double(0.5)));
  EXPECT_FALSE(Index(J(R"("text")"), Value::Integer(0)));
  const Value set = Value::Set({Value::String("x")});
  EXPECT_EQ(*Index(set, Value::String("x")), Value::String("x"));
  EXPECT_FALSE(Index(set, Value::String("y")));
}

TEST(OperatorsTest, Membership) {
  EXPECT_TRUE(IsMember(J("[1, 2]"), nullptr, Value::Integer(2)));
  EXPECT_TRUE(IsMember(J(R"({"k": "v"})"), nullptr, Value::String("v")));
  EXPECT_FALSE(IsMember(J(R"({"k": "v"})"), nullptr, Value::String("k")));
  const Value key = Value::String("k");
  EXPECT_TRUE(IsMember(J(R"({"k": "v"})"), &key, Value::String("v")));
  EXPECT_FALSE(IsMember(J(R"("abc")"), nullptr, Value::String("a")));  // not a collection
}

TEST(OperatorsTest, ComparisonsFollowTheTotalOrder) {
  EXPECT_EQ(Apply(BinaryOp::kLess, "null", "false"), "true");
  EXPECT_EQ(Apply(BinaryOp::kLess, "1", "\"0\""), "true");
  EXPECT_EQ(Apply(BinaryOp::kEqual, "[1, {\"a\": 2}]", "[1.0, {\"a\": 2}]"), "true");
  EXPECT_EQ(Apply(BinaryOp::kGreaterEqual, "2", "2.0"), "true");
}

TEST(OperatorsTest, Arithmetic) {
  EXPECT_EQ(Apply(BinaryOp::kDivide, "7", "2"), "3.5");
  EXPECT_EQ(Apply(BinaryOp::kDivide, "-9223372036854775808", "-1"), "9.223372036854776e+18");
  EXPECT_EQ(Apply(BinaryOp::kModulo, "-7", "3"), "-1");  // truncated, as Go
  EXPECT_EQ(Apply(BinaryOp::kModulo, "7.5", "2"), "undefined");
  EXPECT_EQ(Apply(BinaryOp::kModulo, "1", "0"), "undefined");
  EXPECT_EQ(Apply(BinaryOp::kMultiply, "1e308", "10"), "undefined");  // not finite
  EXPECT_EQ(Apply(BinaryOp::kAdd, "1", "\"a\""), "undefined");
  EXPECT_EQ(ToRegoText(*Negate(Value::Integer(3))), "-3");
  EXPECT_FALSE(Negate(Value::String("3")));
}

TEST(OperatorsTest, SetAlgebraNeedsSets) {
  const Value a = Value::Set({Value::Integer(1), Value::Integer(2)});
  const Value b = Value::Set({Value::Integer(2)});
  EXPECT_EQ(ToRegoText(*ApplyBinary(BinaryOp::kSubtract, a, b)), "{1}");
  EXPECT_EQ(ToRegoText(*ApplyBinary(BinaryOp::kIntersection, a, b)), "{2}");
  EXPECT_EQ(ToRegoText(*ApplyBinary(BinaryOp::kUnion, a, b)), "{1, 2}");
  EXPECT_FALSE(ApplyBinary(BinaryOp::kUnion, a, J("[3]")));
}

}  // namespace
}  // namespace veil::policy::rego::eval
