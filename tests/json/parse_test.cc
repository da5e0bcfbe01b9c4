#include "veil/json/parse.h"

#include <gtest/gtest.h>

namespace veil::json {
namespace {

TEST(ParseJson, ParsesValidText) {
  auto value = ParseJson(R"({"a": [1, 2.5, "x", null, true], "b": {"c": {}}})");
  ASSERT_TRUE(value) << value.error().ToString();
  EXPECT_EQ((*value)["a"][1], 2.5);
  EXPECT_TRUE(ParseJson("3"));
  EXPECT_TRUE(ParseJson(" \"\\ud83d\\ude00\" "));  // a correctly paired surrogate escape
}

TEST(ParseJson, RejectsDuplicateMemberNamesAtAnyDepth) {
  auto top = ParseJson(R"({"alg": "ES256", "alg": "none"})");
  ASSERT_FALSE(top);
  EXPECT_EQ(top.error().message, "invalid JSON: duplicate member name \"alg\"");
  EXPECT_FALSE(ParseJson(R"({"a": {"b": 1, "b": 2}})"));
  EXPECT_FALSE(ParseJson(R"([{"b": 1}, {"c": 1, "c": 1}])"));
  // The same name in sibling objects is fine.
  EXPECT_TRUE(ParseJson(R"([{"b": 1}, {"b": 2}])"));
  EXPECT_TRUE(ParseJson(R"({"b": {"b": {"b": 1}}})"));
}

TEST(ParseJson, BoundsNesting) {
  const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(ParseJson(ok));
  const std::string deep =
      std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  auto result = ParseJson(deep);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "invalid JSON: nesting deeper than 64 levels");
  EXPECT_FALSE(ParseJson(std::string(100000, '[')));
}

TEST(ParseJson, RejectsInvalidText) {
  for (std::string_view bad :
       {"", "{", "{\"a\":1}x", "{\"a\":1,}", "[1 2]", "'a'", "NaN", "{\"a\":1} {}", "// c\n1",
        "\"\\ud800\"", "\"\xff\"", "\"\xc0\xaf\"", "01", "\"a\nb\""}) {
    auto result = ParseJson(bad);
    EXPECT_FALSE(result) << bad;
    if (!result) {
      EXPECT_EQ(result.error().code, ErrorCode::kMalformed);
    }
  }
}

TEST(ParseJsonObject, RequiresAnObject) {
  EXPECT_TRUE(ParseJsonObject("{}", "header"));
  auto result = ParseJsonObject("[1]", "JWS header");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "JWS header is not a JSON object (got array)");
}

}  // namespace
}  // namespace veil::json
