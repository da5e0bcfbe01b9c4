// SnpTestCa's reports are what the SNP parser reads (every chosen field lands at its spec offset)
// and its chain has AMD's shape; tests/appraisal/snp/minted_report_test.cc verifies them.

#include "veil/testing/snp_test_ca.h"

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"
#include "veil/crypto/chain.h"
#include "veil/evidence/snp/report.h"

namespace veil::testing {
namespace {

namespace ev = evidence::snp;

const TimePoint kNow = ParseRfc3339("2026-06-01T00:00:00Z").value();

TEST(SnpTestCa, ReportsParseWithEveryChosenFieldInPlace) {
  SnpReportFields fields;
  fields.version = 5;
  fields.guest_svn = 7;
  fields.vmpl = 2;
  fields.report_data = Bytes(64, 0xaa);
  fields.reported_tcb = 0x7300000000000003;
  fields.cpuid = {0x1a, 0x02, 0x01};
  fields.chip_id = Bytes(64, 0xc3);
  fields.launch_mit_vector = 0x11;
  fields.current_mit_vector = 0x22;
  const Bytes bytes = BuildSnpReport(fields);
  ASSERT_EQ(bytes.size(), ev::kReportSize);
  const ev::Report report = ev::ParseReport(bytes).value();
  EXPECT_EQ(report.version, 5u);
  EXPECT_EQ(report.guest_svn, 7u);
  EXPECT_EQ(report.policy, 0x30000u);
  EXPECT_EQ(report.vmpl, 2u);
  EXPECT_EQ(report.signature_algo, ev::kSignatureAlgoEcdsaP384Sha384);
  EXPECT_EQ(report.signing_key, ev::SigningKey::kVcek);
  EXPECT_EQ(Bytes(report.report_data.begin(), report.report_data.end()), Bytes(64, 0xaa));
  EXPECT_EQ(report.reported_tcb, 0x7300000000000003u);
  EXPECT_EQ(report.current_tcb, report.reported_tcb);
  ASSERT_TRUE(report.cpuid);
  EXPECT_EQ(report.cpuid->family, 0x1a);
  EXPECT_EQ(report.cpuid->model, 0x02);
  EXPECT_EQ(Bytes(report.chip_id.begin(), report.chip_id.end()), Bytes(64, 0xc3));
  EXPECT_EQ(report.launch_mit_vector, 0x11u);
  EXPECT_EQ(report.current_mit_vector, 0x22u);
}

TEST(SnpTestCa, TcbVersionsRoundTripInBothLayouts) {
  const ev::TcbVersion milan{3, 0, 8, 115, std::nullopt};
  EXPECT_EQ(EncodeTcbVersion(milan, ev::Product::kMilan), 0x7308000000000003u);
  EXPECT_EQ(ev::DecodeTcbVersion(EncodeTcbVersion(milan, ev::Product::kMilan), ev::Product::kMilan),
            milan);
  const ev::TcbVersion turin{4, 1, 22, 72, 3};
  EXPECT_EQ(EncodeTcbVersion(turin, ev::Product::kTurin), 0x4800000016010403u);
  EXPECT_EQ(ev::DecodeTcbVersion(EncodeTcbVersion(turin, ev::Product::kTurin), ev::Product::kTurin),
            turin);
}

TEST(SnpTestCa, SigningFillsOnlyTheSignatureFields) {
  const SnpTestCa ca = SnpTestCa::Create(kNow).value();
  const IssuedVcek vcek = ca.IssueVcek({}).value();
  const Bytes unsigned_report = BuildSnpReport({});
  Bytes report = unsigned_report;
  ASSERT_TRUE(SignSnpReport(report, vcek.key));
  EXPECT_TRUE(
      std::equal(report.begin(), report.begin() + ev::kSignedSize, unsigned_report.begin()));
  EXPECT_NE(report, unsigned_report);
  EXPECT_TRUE(ev::ParseReport(report));  // the zero-padding and reserved tail stay zero
  Bytes short_report(100, 0);
  EXPECT_EQ(SignSnpReport(short_report, vcek.key).error().code, ErrorCode::kInvalidArgument);
}

TEST(SnpTestCa, TheChainIsArkAskVcekAtTheGivenTime) {
  const SnpTestCa ca = SnpTestCa::Create(kNow, "Turin").value();
  const IssuedVcek vcek = ca.IssueVcek({}).value();
  const auto chain = ca.CaChain();
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[0].CommonName(), "SEV-Turin (Veil test CA)");
  EXPECT_EQ(chain[1].CommonName(), "ARK-Turin (Veil test CA)");
  EXPECT_EQ(chain[1].Subject(), chain[1].Issuer());
  EXPECT_EQ(vcek.certificate.CommonName(), "SEV-VCEK");
  EXPECT_EQ(vcek.certificate.GetPublicKey().value().Describe(), "EC P-384");
  const std::span<const crypto::Certificate> cas(chain);
  EXPECT_TRUE(crypto::VerifyChain({vcek.certificate, cas.first(1), cas.subspan(1), kNow}));
  EXPECT_FALSE(crypto::VerifyChain(
      {vcek.certificate, cas.first(1), cas.subspan(1), kNow + std::chrono::hours(24 * 400)}));
}

TEST(SnpTestCa, ThePemChainReadsBackAsTheSameCertificates) {
  const SnpTestCa ca = SnpTestCa::Create(kNow).value();
  const auto parsed = crypto::Certificate::ChainFromPem(ca.CaChainPem()).value();
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0].Der(), ca.ask().Der());
  EXPECT_EQ(parsed[1].Der(), ca.ark().Der());
}

}  // namespace
}  // namespace veil::testing
