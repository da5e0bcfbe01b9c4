#include "veil/json/jcs.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/json/parse.h"

namespace veil::json {
namespace {

std::string Canonical(std::string_view text) {
  auto value = ParseJson(text);
  EXPECT_TRUE(value) << text;
  auto canonical = CanonicalizeJcs(value.value_or(nullptr));
  EXPECT_TRUE(canonical) << (canonical ? "" : canonical.error().ToString());
  return canonical.value_or("<error>");
}

TEST(Jcs, MatchesRfc8785Section3_2_4ByteForByte) {
  // The input of RFC 8785 section 3.2.2 (whitespace, escapes, numbers in odd spellings) and the
  // UTF-8 bytes section 3.2.4 gives for its canonical form.
  const std::string input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  const std::string expected_hex =
      "7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a5b3333333333"
      "333333"
      "332e333333333333332c31652b33302c342e352c302e3030322c31652d32375d2c22737472696e67223a22e282ac"
      "245c75"
      "303030665c6e4127425c225c5c5c5c5c222f227d";
  EXPECT_EQ(HexEncode(AsBytes(Canonical(input))), expected_hex);
}

TEST(Jcs, SortsMembersByUtf16CodeUnitsAsRfc8785Section3_2_3) {
  // U+1F600 (surrogates D83D DE00) sorts before U+FB33, although its UTF-8 bytes sort after.
  const std::string input =
      "{\"\xe2\x82\xac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\xef\xac\xb3\": \"Hebrew "
      "Letter Dalet With "
      "Dagesh\", \"1\": \"One\", \"\xf0\x9f\x98\x80\": \"Emoji: Grinning Face\", \"\xc2\x80\": "
      "\"Control\", "
      "\"\xc3\xb6\": \"Latin Small Letter O With Diaeresis\"}";
  const std::string expected =
      "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\",\"\xc3\xb6\":\"Latin "
      "Small Letter O With "
      "Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\",\"\xf0\x9f\x98\x80\":\"Emoji: Grinning "
      "Face\",\"\xef\xac\xb3\":"
      "\"Hebrew Letter Dalet With Dagesh\"}";
  EXPECT_EQ(Canonical(input), expected);
}

TEST(Jcs, EscapesExactlyTheControlCharactersQuoteAndBackslash) {
  std::string all_controls = "\"";
  for (int c = 1; c < 0x20; ++c)
    all_controls += "\\u00" + std::string(1, "0123456789abcdef"[c >> 4]) +
                    std::string(1, "0123456789abcdef"[c & 15]);
  all_controls += "\\u0000\\u007f\\u2028/\"";
  EXPECT_EQ(Canonical(all_controls),
            "\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000"
            "f\\u0010\\u0011"
            "\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\"
            "u001e\\u001f"
            "\\u0000\x7f\xe2\x80\xa8/\"");
}

TEST(Jcs, WritesStructuresWithoutWhitespaceAndKeepsArrayOrder) {
  EXPECT_EQ(Canonical(R"([ 56, { "d": true, "10": null, "1": [ ] } ])"),
            R"([56,{"1":[],"10":null,"d":true}])");
  EXPECT_EQ(Canonical("{}"), "{}");
  EXPECT_EQ(Canonical("[]"), "[]");
  EXPECT_EQ(Canonical(R"({"b":[3,2,1],"a":{"z":0,"y":-0.0}})"),
            R"({"a":{"y":0,"z":0},"b":[3,2,1]})");
}

TEST(Jcs, IntegersWithinIJsonRangeAreExactAndBeyondAreRefused) {
  EXPECT_EQ(Canonical("[9007199254740991,-9007199254740991,0,-1]"),
            "[9007199254740991,-9007199254740991,0,-1]");
  for (const nlohmann::json& big :
       {nlohmann::json(9007199254740992LL), nlohmann::json(-9007199254740992LL),
        nlohmann::json(std::numeric_limits<std::uint64_t>::max()),
        nlohmann::json(std::numeric_limits<std::int64_t>::min())}) {
    auto result = CanonicalizeJcs(nlohmann::json{{"a", {1, big}}});
    ASSERT_FALSE(result) << big;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(result.error().message.find("outside the I-JSON range"), std::string::npos);
    EXPECT_NE(result.error().message.find("at \"/a/1\""), std::string::npos)
        << result.error().message;
  }
  // The same magnitude as a double is a number like any other.
  EXPECT_EQ(CanonicalizeJcs(nlohmann::json(9007199254740992.0)).value(), "9007199254740992");
}

TEST(Jcs, RefusesWhatJsonCannotCarry) {
  auto nan = CanonicalizeJcs(nlohmann::json{{"x/y", std::numeric_limits<double>::quiet_NaN()}});
  ASSERT_FALSE(nan);
  EXPECT_NE(nan.error().message.find("at \"/x~1y\""), std::string::npos) << nan.error().message;
  EXPECT_FALSE(CanonicalizeJcs(nlohmann::json(std::numeric_limits<double>::infinity())));
  EXPECT_FALSE(CanonicalizeJcs(nlohmann::json::binary({1, 2})));
  EXPECT_FALSE(CanonicalizeJcs(nlohmann::json(nlohmann::json::value_t::discarded)));
  auto bad_string = CanonicalizeJcs(nlohmann::json(std::string("a\xff")));
  ASSERT_FALSE(bad_string);
  EXPECT_EQ(bad_string.error().message, "JCS: invalid UTF-8 at byte 1 at \"/\"");
  EXPECT_FALSE(
      CanonicalizeJcs(nlohmann::json{{std::string("\xed\xa0\x80"), 1}}));  // encoded surrogate name
  EXPECT_FALSE(CanonicalizeJcs(nlohmann::json(std::string("\xc0\xaf"))));  // overlong '/'
  EXPECT_FALSE(CanonicalizeJcs(nlohmann::json(std::string("\xf4\x90\x80\x80"))));  // above U+10FFFF
  EXPECT_FALSE(CanonicalizeJcs(nlohmann::json(std::string("\xe2\x82"))));  // truncated sequence
}

TEST(Jcs, BoundsDepth) {
  nlohmann::json deep = 1;
  for (int i = 0; i < kMaxJcsDepth; ++i) deep = nlohmann::json::array({deep});
  EXPECT_TRUE(CanonicalizeJcs(deep));
  deep = nlohmann::json::array({deep});
  EXPECT_FALSE(CanonicalizeJcs(deep));
}

}  // namespace
}  // namespace veil::json
