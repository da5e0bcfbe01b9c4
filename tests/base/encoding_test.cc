#include <gtest/gtest.h>

#include "veil/base/base64.h"
#include "veil/base/hex.h"

namespace veil {
namespace {

TEST(Hex, RoundTripsAndAcceptsPrefixAndUpperCase) {
  const Bytes data = {0x00, 0xab, 0xff, 0x10};
  EXPECT_EQ(HexEncode(data), "00abff10");
  EXPECT_EQ(HexDecode("00ABff10").value(), data);
  EXPECT_EQ(HexDecode("0x00abff10").value(), data);
  EXPECT_TRUE(HexDecode("").value().empty());
}

TEST(Hex, RejectsOddLengthAndBadDigits) {
  EXPECT_FALSE(HexDecode("abc"));
  auto bad = HexDecode("zz");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST(Base64, MatchesRfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(AsBytes(plain)), encoded);
    EXPECT_EQ(Base64Decode(encoded).value(), ToBytes(AsBytes(plain)));
  }
}

TEST(Base64, UrlAlphabetIsUnpadded) {
  const Bytes data = {0xfb, 0xff};
  EXPECT_EQ(Base64UrlEncode(data), "-_8");
  EXPECT_EQ(Base64UrlDecode("-_8").value(), data);
  EXPECT_EQ(Base64Encode(data), "+/8=");
}

TEST(Base64, RejectsGarbage) {
  EXPECT_FALSE(Base64Decode("Zm9v!"));
  EXPECT_FALSE(Base64Decode("Z"));
  EXPECT_FALSE(Base64Decode("Zh=="));  // non-zero trailing bits
  EXPECT_FALSE(Base64UrlDecode("+/8"));
  EXPECT_FALSE(Base64Decode("Zg="));  // wrong padding length
}

}  // namespace
}  // namespace veil
