// SNP evidence as a guest whose host supplies no certificate table sends it (cert_chain: null):
// the trustee finds the VCEK in its offline store, and says what to configure when it cannot.

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"
#include "veil/kbs/tee_evidence.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/scratch_dir.h"

namespace veil::kbs {
namespace {

const FixedClock kToday(ParseRfc3339("2026-11-23T00:00:00Z").value());

nlohmann::json NoCertificates() {
  const Bytes text = testing::ReadTestData("coco/snp-v2-sev7-no-certs.json");
  return nlohmann::json::parse(text.begin(), text.end());
}

// The real report binds its own REPORT_DATA (0x50..0x8F); the appraisal expects exactly that.
Bytes ReportDataOfTheFixture() {
  const Bytes report = testing::ReadFixture("snp/milan-virtee-report.bin");
  return Bytes(report.begin() + 0x50, report.begin() + 0x90);
}

Result<appraisal::VerifiedClaims> Appraise(const endorsement::vcek::VcekSources* sources) {
  static const std::optional<initdata::InitData> kNoInitData;
  const nlohmann::json evidence = NoCertificates();
  const Bytes report_data = ReportDataOfTheFixture();
  return AppraiseTeeEvidence(
      {protocol::TeeKind::kSnp, evidence, report_data, kNoInitData, kToday, sources});
}

TEST(SnpWithoutCertificates, TheVcekComesFromTheOfflineStore) {
  const testing::ScratchDir dir("trustee-vcek-store");
  endorsement::vcek::VcekSources sources{endorsement::vcek::VcekStore(dir.path()), std::nullopt};
  const auto report =
      evidence::snp::ParseReport(testing::ReadFixture("snp/milan-virtee-report.bin"));
  const auto id = endorsement::vcek::VcekCandidates(report.value()).value().front();
  ASSERT_TRUE(sources.store->Put(id, testing::ReadFixture("snp/milan-virtee-vcek.der")));

  auto claims = Appraise(&sources);
  ASSERT_TRUE(claims) << claims.error().ToString();
  EXPECT_EQ(claims->tee(), "snp");
  EXPECT_EQ(claims->claims()["chip_id"], id.hwid);
}

TEST(SnpWithoutCertificates, RefusedWithWhatToConfigure) {
  auto unconfigured = Appraise(nullptr);
  ASSERT_FALSE(unconfigured);
  EXPECT_NE(unconfigured.error().message.find("no VCEK store or KDS is configured ([snp] "
                                              "vcek_store, kds_url)"),
            std::string::npos)
      << unconfigured.error().message;

  const testing::ScratchDir empty("trustee-vcek-empty");
  const endorsement::vcek::VcekSources sources{endorsement::vcek::VcekStore(empty.path()),
                                               std::nullopt};
  auto missing = Appraise(&sources);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("not in " + empty.path().string()), std::string::npos)
      << missing.error().message;
}

}  // namespace
}  // namespace veil::kbs
