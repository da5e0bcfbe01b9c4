#include "veil/protocol/tee_kind.h"

#include <gtest/gtest.h>

#include <string>

namespace veil::protocol {
namespace {

TEST(TeeKind, EveryKindRoundTripsThroughItsWireName) {
  ASSERT_EQ(AllTeeKinds().size(), 5u);
  for (TeeKind kind : AllTeeKinds()) {
    auto parsed = ParseTeeKind(TeeKindName(kind));
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    EXPECT_EQ(*parsed, kind);
  }
  EXPECT_EQ(TeeKindName(TeeKind::kSnp), "snp");
  EXPECT_EQ(TeeKindName(TeeKind::kTdx), "tdx");
  EXPECT_EQ(TeeKindName(TeeKind::kSgx), "sgx");
  EXPECT_EQ(TeeKindName(TeeKind::kTpm), "tpm");
  EXPECT_EQ(TeeKindName(TeeKind::kSample), "sample");
}

TEST(TeeKind, RefusesUnknownNamesAndSaysWhatItAccepts) {
  for (const char* wire : {"quantum", "SNP", "snp ", "", "azsnpvtpm"}) {
    auto parsed = ParseTeeKind(wire);
    ASSERT_FALSE(parsed) << wire;
    EXPECT_EQ(parsed.error().code, ErrorCode::kUnsupported);
    EXPECT_EQ(parsed.error().message,
              "TEE \"" + std::string(wire) +
                  "\" is unknown (expected one of snp, tdx, sgx, tpm, sample)");
  }
}

TEST(TeeKind, DoesNotEchoHugeOrControlCharacterInput) {
  const std::string hostile = "snp\r\nX-Forged: 1\x1b[2J" + std::string(10000, 'A');
  auto parsed = ParseTeeKind(hostile);
  ASSERT_FALSE(parsed);
  const std::string& message = parsed.error().message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
  EXPECT_EQ(message.find('\r'), std::string::npos);
  EXPECT_EQ(message.find('\x1b'), std::string::npos);
  EXPECT_LT(message.size(), 200u) << message;
  // 20 bytes before the A's: the first 32 bytes end after 12 of them.
  EXPECT_EQ(message,
            R"(TEE "snp\x0d\x0aX-Forged: 1\x1b[2JAAAAAAAAAAAA"... (10020 bytes) is unknown )"
            "(expected one of snp, tdx, sgx, tpm, sample)");
}

}  // namespace
}  // namespace veil::protocol
