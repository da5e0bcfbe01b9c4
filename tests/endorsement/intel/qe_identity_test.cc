// Real QE identities parse, and the Quoting Enclaves of real quotes match them (UpToDate, as the
// fixture READMEs state); a changed MRSIGNER, ISVPRODID, attribute bit or a lower ISVSVN is
// refused naming the field. The QE report fields are read from the quotes at the offsets
// tdx/README.md and sgx/README.md give (this test does not use the quote parser).

#include "veil/endorsement/intel/qe_identity.h"

#include <gtest/gtest.h>

#include "intel_fixtures.h"
#include "veil/base/hex.h"
#include "veil/endorsement/intel/collateral_json.h"
#include "veil/testing/fixtures.h"

namespace veil::endorsement::intel {
namespace {

using testing::TextFixture;

// QE report offset: SGX v3 signature data @436 (after the u32 length @432), then signature 64 and
// attestation key 64; TDX v4 signature data @636, plus the type-6 header (u16 + u32).
QeReportIdentity QeOf(std::string_view quote, std::size_t report_offset) {
  const Bytes bytes = veil::testing::ReadFixture(quote);
  const ByteSpan report = ByteSpan(bytes).subspan(report_offset, 384);
  QeReportIdentity qe;
  qe.miscselect = static_cast<std::uint32_t>(report[16] | (report[17] << 8) | (report[18] << 16) |
                                             (report[19] << 24));
  std::copy_n(report.begin() + 48, 16, qe.attributes.begin());
  std::copy_n(report.begin() + 128, 32, qe.mrsigner.begin());
  qe.isvprodid = static_cast<std::uint16_t>(report[256] | (report[257] << 8));
  qe.isvsvn = static_cast<std::uint16_t>(report[258] | (report[259] << 8));
  return qe;
}

constexpr std::size_t kSgxV3QeReport = 436 + 128;
constexpr std::size_t kTdxV4QeReport = 636 + 128 + 6;

QeIdentity IdentityOfCollateral(std::string_view file) {
  return ParseCollateralJson(TextFixture(file), file).value().qe_identities.at(0).identity;
}

TEST(ParseQeIdentity, ReadsTheTdQeIdentity) {
  const auto body = SplitSignedJson(TextFixture("tdx/gtg-qeidentity-tdqe.json"), "enclaveIdentity");
  ASSERT_TRUE(body);
  const auto identity = ParseQeIdentity(body->body);
  ASSERT_TRUE(identity) << identity.error().ToString();
  EXPECT_EQ(identity->kind, EnclaveKind::kTdQe);
  EXPECT_EQ(HexEncode(identity->mrsigner),
            "dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");
  EXPECT_EQ(identity->isvprodid, 2);
  EXPECT_EQ(identity->miscselect_mask, 0xffffffffu);
  EXPECT_EQ(HexEncode(identity->attributes), "11000000000000000000000000000000");
  ASSERT_EQ(identity->tcb_levels.size(), 1u);
  EXPECT_EQ(identity->tcb_levels[0].isvsvn, 4);
}

TEST(MatchQeIdentity, RealQuotingEnclavesAreUpToDate) {
  const QeReportIdentity sgx_qe = QeOf("sgx/dq-sgx-quote-v3.dat", kSgxV3QeReport);
  EXPECT_EQ(HexEncode(sgx_qe.mrsigner).substr(0, 8), "8c4f5775");  // the README's QE MRSIGNER
  EXPECT_EQ(sgx_qe.isvsvn, 10);
  const auto sgx =
      MatchQeIdentity(IdentityOfCollateral("sgx/dq-sgx-quote-v3.collateral.json"), sgx_qe);
  ASSERT_TRUE(sgx) << sgx.error().ToString();
  EXPECT_EQ(sgx->status, TcbStatus::kUpToDate);

  const auto tdx = MatchQeIdentity(IdentityOfCollateral("tdx/dq-quote-v4-b0c06f.collateral.json"),
                                   QeOf("tdx/dq-quote-v4-b0c06f.dat", kTdxV4QeReport));
  ASSERT_TRUE(tdx) << tdx.error().ToString();
  EXPECT_EQ(tdx->status, TcbStatus::kUpToDate);
}

struct GtgQe : ::testing::Test {
  QeIdentity identity = ParseQeIdentity(SplitSignedJson(TextFixture("tdx/gtg-qeidentity-tdqe.json"),
                                                        "enclaveIdentity")
                                            .value()
                                            .body)
                            .value();
  QeReportIdentity qe = QeOf("tdx/gtg-spr-quote-v4.dat", kTdxV4QeReport);
};

TEST_F(GtgQe, MatchesItsQuote) {
  const auto level = MatchQeIdentity(identity, qe);
  ASSERT_TRUE(level) << level.error().ToString();
  EXPECT_EQ(level->status, TcbStatus::kUpToDate);
}

TEST_F(GtgQe, RefusesAnotherMrsigner) {
  qe.mrsigner[0] ^= 1;
  const auto level = MatchQeIdentity(identity, qe);
  ASSERT_FALSE(level);
  EXPECT_EQ(level.error().message.rfind("QE identity: MRSIGNER mismatch: expected dc9e2a7c", 0),
            0u);
}

TEST_F(GtgQe, RefusesAnotherProduct) {
  qe.isvprodid = 1;
  const auto level = MatchQeIdentity(identity, qe);
  ASSERT_FALSE(level);
  EXPECT_EQ(level.error().message, "QE identity: ISVPRODID mismatch: expected 2, got 1");
}

TEST_F(GtgQe, RefusesADebugQe) {
  qe.attributes[0] |= 0x02;  // DEBUG, inside the mask
  EXPECT_FALSE(MatchQeIdentity(identity, qe));
  qe.attributes[0] &= static_cast<std::uint8_t>(~0x02);
  qe.attributes[0] ^= 0x04;  // outside the mask (0xFB): ignored
  EXPECT_TRUE(MatchQeIdentity(identity, qe));
}

TEST_F(GtgQe, RefusesAnIsvsvnBelowEveryLevel) {
  qe.isvsvn = 3;
  const auto level = MatchQeIdentity(identity, qe);
  ASSERT_FALSE(level);
  EXPECT_EQ(level.error().message,
            "QE identity: ISVSVN 3 is below every level of TD_QE (lowest 4)");
}

}  // namespace
}  // namespace veil::endorsement::intel
