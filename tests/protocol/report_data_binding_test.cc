#include "veil/protocol/report_data_binding.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"

namespace veil::protocol {
namespace {

const nlohmann::json kTeePubkey = {{"kty", "EC"},
                                   {"crv", "P-256"},
                                   {"alg", "ES256"},
                                   {"x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"},
                                   {"y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}};

// SHA-384 of {"additional-evidence":"","nonce":"q0FQ3nWKhAM8mF5KSPCTpQ==","tee-pubkey":{"alg":
// "ES256","crv":"P-256","kty":"EC","x":"f83O…","y":"x_FE…"}} (members sorted, no whitespace),
// computed independently with Python's hashlib.
constexpr std::string_view kExpectedSha384 =
    "60b329b061081016d1a3e02179c19398975ae901a0d4876043a8a2d6889bf2af3031240b05bcb1edd365ede682cb"
    "4dd2";

TEST(ReportDataBinding, IsSha384OfTheCanonicalRuntimeDataZeroPadded) {
  auto report_data = ReportDataBinding("q0FQ3nWKhAM8mF5KSPCTpQ==", kTeePubkey, "");
  ASSERT_TRUE(report_data) << report_data.error().ToString();
  ASSERT_EQ(report_data->size(), kReportDataSize);
  EXPECT_EQ(HexEncode(*report_data), std::string(kExpectedSha384) + std::string(32, '0'));
}

TEST(ReportDataBinding, ChangesWithEveryInput) {
  const Bytes base = ReportDataBinding("n", kTeePubkey, "").value();
  EXPECT_NE(ReportDataBinding("m", kTeePubkey, "").value(), base);
  EXPECT_NE(ReportDataBinding("n", kTeePubkey, "x").value(), base);
  nlohmann::json other_key = kTeePubkey;
  other_key["x"] = "AAAA";
  EXPECT_NE(ReportDataBinding("n", other_key, "").value(), base);
}

}  // namespace
}  // namespace veil::protocol
