#include "veil/policy/claim_value.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

namespace veil::policy {
namespace {

const nlohmann::json kClaims = nlohmann::json::parse(R"({
  "measurement": "ab01", "reported_tcb": {"snp": 8}, "policy": {"debug": false},
  "pcrs": {"sha256": {"23": "00ff"}}, "list": [10, 20], "nothing": null})");

TEST(FindClaim, FollowsDottedPathsThroughObjectsAndArrays) {
  EXPECT_EQ(*FindClaim(kClaims, "measurement"), "ab01");
  EXPECT_EQ(*FindClaim(kClaims, "reported_tcb.snp"), 8);
  EXPECT_EQ(*FindClaim(kClaims, "pcrs.sha256.23"), "00ff");
  EXPECT_EQ(*FindClaim(kClaims, "list.1"), 20);
  EXPECT_TRUE(FindClaim(kClaims, "nothing")->is_null());
}

TEST(FindClaim, AbsentPathsAreNull) {
  EXPECT_EQ(FindClaim(kClaims, "missing"), nullptr);
  EXPECT_EQ(FindClaim(kClaims, "reported_tcb.tee"), nullptr);
  EXPECT_EQ(FindClaim(kClaims, "measurement.x"), nullptr);  // through a string
  EXPECT_EQ(FindClaim(kClaims, "list.2"), nullptr);
  EXPECT_EQ(FindClaim(kClaims, "list.-1"), nullptr);
  EXPECT_EQ(FindClaim(kClaims, "list.x"), nullptr);
  EXPECT_EQ(FindClaim(kClaims, ""), nullptr);
  EXPECT_EQ(FindClaim(nlohmann::json("scalar"), "a"), nullptr);
}

TEST(CanonicalText, IsTheTextAReferenceValueIsWrittenIn) {
  EXPECT_EQ(CanonicalText("AbC"), "AbC");
  EXPECT_EQ(CanonicalText(5), "5");
  EXPECT_EQ(CanonicalText(-5), "-5");
  EXPECT_EQ(CanonicalText(18446744073709551615u), "18446744073709551615");
  EXPECT_EQ(CanonicalText(true), "true");
  EXPECT_EQ(CanonicalText(false), "false");
  EXPECT_EQ(CanonicalText(nullptr), "null");
  EXPECT_EQ(CanonicalText(1.5), "1.5");
  EXPECT_EQ(CanonicalText(nlohmann::json::object()), std::nullopt);
  EXPECT_EQ(CanonicalText(nlohmann::json::array()), std::nullopt);
}

TEST(JsonKind, IsTheTypeAReferenceValueWasWrittenAs) {
  EXPECT_EQ(JsonKind("3"), ReferenceValueKind::kString);
  EXPECT_EQ(JsonKind(3), ReferenceValueKind::kInteger);
  EXPECT_EQ(JsonKind(-3), ReferenceValueKind::kInteger);
  EXPECT_EQ(JsonKind(18446744073709551615u), ReferenceValueKind::kInteger);
  EXPECT_EQ(JsonKind(true), ReferenceValueKind::kBoolean);
  EXPECT_EQ(JsonKind(1.5), ReferenceValueKind::kNumber);
  EXPECT_EQ(JsonKind(nullptr), std::nullopt);
  EXPECT_EQ(JsonKind(nlohmann::json::array({1})), std::nullopt);
  EXPECT_EQ(JsonKind(nlohmann::json::object()), std::nullopt);
}

// TypedJson undoes CanonicalText for every kind, and takes no other text.
TEST(TypedJson, GivesBackTheJsonACanonicalTextWasWrittenFrom) {
  for (const nlohmann::json& value : {nlohmann::json("3"), nlohmann::json(3), nlohmann::json(-3),
                                      nlohmann::json(18446744073709551615u), nlohmann::json(true),
                                      nlohmann::json(false), nlohmann::json(1.5)}) {
    const auto typed = TypedJson(*CanonicalText(value), *JsonKind(value));
    ASSERT_TRUE(typed) << value;
    EXPECT_EQ(*typed, value);
    EXPECT_EQ(JsonKind(*typed), JsonKind(value)) << value;  // 3 may read back unsigned
  }
  EXPECT_EQ(TypedJson("true", ReferenceValueKind::kString), nlohmann::json("true"));
  EXPECT_EQ(TypedJson("abc", ReferenceValueKind::kInteger), std::nullopt);
  EXPECT_EQ(TypedJson("03", ReferenceValueKind::kInteger), std::nullopt);
  EXPECT_EQ(TypedJson(" 3", ReferenceValueKind::kInteger), std::nullopt);
  EXPECT_EQ(TypedJson("1.5", ReferenceValueKind::kInteger), std::nullopt);
  EXPECT_EQ(TypedJson("3", ReferenceValueKind::kBoolean), std::nullopt);
  EXPECT_EQ(TypedJson("3", ReferenceValueKind::kNumber), std::nullopt);
  EXPECT_EQ(TypedJson("\"x\"", ReferenceValueKind::kNumber), std::nullopt);
}

TEST(TextMatches, HexIsCaseInsensitiveEverythingElseExact) {
  EXPECT_TRUE(TextMatches("ABCDEF0123", "abcdef0123"));
  EXPECT_TRUE(TextMatches("0x7308ABC", "0X7308abc"));
  EXPECT_FALSE(TextMatches("abcdef0123", "abcdef0124"));
  EXPECT_FALSE(TextMatches("abcdef", "abcdef00"));
  EXPECT_FALSE(TextMatches("Milan", "milan"));  // not hex: exact
  EXPECT_FALSE(TextMatches("True", "true"));
  EXPECT_FALSE(TextMatches("abcg", "ABCG"));
  EXPECT_TRUE(TextMatches("", ""));
  EXPECT_TRUE(TextMatches("web", "web"));
}

TEST(CompareIntegers, OrdersSignedAndUnsignedWithoutOverflow) {
  EXPECT_EQ(CompareIntegers(5, 8), -1);
  EXPECT_EQ(CompareIntegers(8, 8), 0);
  EXPECT_EQ(CompareIntegers(9, 8), 1);
  EXPECT_EQ(CompareIntegers(-9, -8), -1);
  EXPECT_EQ(CompareIntegers(-8, -9), 1);
  EXPECT_EQ(CompareIntegers(-1, 0), -1);
  EXPECT_EQ(CompareIntegers(18446744073709551615u, -1), 1);
  EXPECT_EQ(CompareIntegers(nlohmann::json(INT64_MIN), nlohmann::json(INT64_MIN)), 0);
  EXPECT_EQ(CompareIntegers(nlohmann::json(INT64_MIN), nlohmann::json(INT64_MAX)), -1);
  EXPECT_EQ(CompareIntegers("5", 5), std::nullopt);
  EXPECT_EQ(CompareIntegers(5.0, 5), std::nullopt);
}

TEST(Integer, HoldsEveryJsonIntegerAndPrintsItAsCanonicalTextDoes) {
  for (const nlohmann::json& value :
       {nlohmann::json(0), nlohmann::json(-1), nlohmann::json(INT64_MIN), nlohmann::json(INT64_MAX),
        nlohmann::json(UINT64_MAX), nlohmann::json::parse("18446744073709551615")}) {
    const std::optional<Integer> integer = AsInteger(value);
    ASSERT_TRUE(integer) << value.dump();
    EXPECT_EQ(IntegerText(*integer), *CanonicalText(value));
  }
  EXPECT_EQ(AsInteger("5"), std::nullopt);
  EXPECT_EQ(AsInteger(5.5), std::nullopt);
  EXPECT_EQ(AsInteger(true), std::nullopt);
  EXPECT_EQ(CompareIntegers(*AsInteger(INT64_MIN), *AsInteger(UINT64_MAX)), -1);
  EXPECT_EQ(CompareIntegers(*AsInteger(UINT64_MAX), *AsInteger(UINT64_MAX)), 0);
  EXPECT_EQ(CompareIntegers(*AsInteger(-2), *AsInteger(-3)), 1);
}

}  // namespace
}  // namespace veil::policy
