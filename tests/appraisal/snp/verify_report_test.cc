#include "veil/appraisal/snp/verify_report.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/evidence/snp/coco_json.h"
#include "veil/testing/fixtures.h"

namespace veil::appraisal::snp {
namespace {

using crypto::Certificate;

Certificate ReadCert(const char* name) {
  return Certificate::FromDer(testing::ReadFixture(name)).value();
}

FixedClock At(const char* when) { return FixedClock(ParseRfc3339(when).value()); }

Result<VerifiedClaims> Verify(const Bytes& report, const Certificate& signer, const Clock& clock,
                              std::optional<Bytes> report_data = std::nullopt,
                              std::optional<std::vector<Certificate>> chain = std::nullopt) {
  return VerifyReport({report, signer, std::move(chain), std::move(report_data), clock});
}

const FixedClock kToday = At("2026-11-23T00:00:00Z");

TEST(VerifySnpReport, GoSevGuestReportIsGenuineAndDebug) {
  auto claims = Verify(testing::ReadFixture("snp/milan-gsg-report.bin"),
                       ReadCert("snp/milan-gsg-vcek.der"), kToday);
  ASSERT_TRUE(claims) << claims.error().ToString();
  const auto& c = claims->claims();
  EXPECT_EQ(claims->tee(), "snp");
  EXPECT_EQ(c["product"], "Milan");
  EXPECT_EQ(c["policy"]["debug"], true);
  EXPECT_EQ(c["signing_key"], "vcek");
  EXPECT_EQ(c["measurement"],
            "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0c"
            "f2e4872b01");
  EXPECT_EQ(c["reported_tcb"]["microcode"], 68);
  EXPECT_EQ(c["reported_tcb"]["snp"], 5);
  EXPECT_EQ(c["endorsement"]["ark_bundled"], true);
  EXPECT_EQ(c["endorsement"]["ark_sha256"],
            "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd");
}

TEST(VerifySnpReport, VirteeAndTrusteeReportsAreGenuine) {
  auto virtee = Verify(testing::ReadFixture("snp/milan-virtee-report.bin"),
                       ReadCert("snp/milan-virtee-vcek.der"), kToday);
  ASSERT_TRUE(virtee) << virtee.error().ToString();
  EXPECT_EQ(virtee->claims()["policy"]["debug"], false);
  // CURRENT_TCB (ucode 206) differs from REPORTED_TCB (ucode 115): the VCEK matches the latter.
  auto trustee = Verify(testing::ReadFixture("snp/milan-trustee-report.bin"),
                        ReadCert("snp/milan-trustee-vcek.der"), kToday);
  ASSERT_TRUE(trustee) << trustee.error().ToString();
  EXPECT_EQ(trustee->claims()["current_tcb"]["microcode"], 206);
  EXPECT_EQ(trustee->claims()["reported_tcb"]["microcode"], 115);
  EXPECT_EQ(trustee->claims()["guest_svn"], 4);
}

TEST(VerifySnpReport, VlekReportIsGenuineOnlyWhileTheVlekIsValid) {
  const Bytes report = testing::ReadFixture("snp/milan-aws-vlek-report.bin");
  const Certificate vlek = ReadCert("snp/milan-aws-vlek.der");
  auto valid = Verify(report, vlek, At("2025-01-01T00:00:00Z"));
  ASSERT_TRUE(valid) << valid.error().ToString();
  EXPECT_EQ(valid->claims()["signing_key"], "vlek");
  EXPECT_EQ(valid->claims()["endorsement"]["csp_id"], "CN=cc-us-east-2.amazonaws.com");
  EXPECT_EQ(valid->claims()["vmpl"], 1);

  auto expired = Verify(report, vlek, kToday);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(expired.error().ToString().find("certificate has expired"), std::string::npos)
      << expired.error().ToString();
  EXPECT_NE(expired.error().ToString().find("snp: VLEK chain"), std::string::npos)
      << expired.error().ToString();
}

TEST(VerifySnpReport, VcekOutsideItsValidityIsRejected) {
  auto early = Verify(testing::ReadFixture("snp/milan-gsg-report.bin"),
                      ReadCert("snp/milan-gsg-vcek.der"), At("2022-01-01T00:00:00Z"));
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().message.find("certificate is not yet valid"), std::string::npos)
      << early.error().message;
  auto late = Verify(testing::ReadFixture("snp/milan-gsg-report.bin"),
                     ReadCert("snp/milan-gsg-vcek.der"), At("2029-09-25T00:00:00Z"));
  ASSERT_FALSE(late);
  EXPECT_NE(late.error().message.find("certificate has expired"), std::string::npos)
      << late.error().message;
}

TEST(VerifySnpReport, ForgedVceksAreRejectedByTheChain) {
  const Bytes report = testing::ReadFixture("snp/milan-trustee-report.bin");
  for (const char* forged :
       {"snp/milan-trustee-vcek-invalid-legacy.der", "snp/milan-trustee-vcek-invalid-new.der"}) {
    auto result = Verify(report, ReadCert(forged), kToday);
    ASSERT_FALSE(result) << forged;
    EXPECT_NE(result.error().message.find("certificate signature failure"), std::string::npos)
        << result.error().message;
  }
}

TEST(VerifySnpReport, AnotherChipsVcekIsRejected) {
  auto result = Verify(testing::ReadFixture("snp/milan-gsg-report.bin"),
                       ReadCert("snp/milan-virtee-vcek.der"), kToday);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(result.error().message.find("report signature does not verify"), std::string::npos)
      << result.error().message;
}

TEST(VerifySnpReport, WrongProductChainIsRejected) {
  const std::string pem = [] {
    const Bytes bytes = testing::ReadFixture("certs/amd/ask_ark_genoa.pem");
    return std::string(bytes.begin(), bytes.end());
  }();
  auto result =
      Verify(testing::ReadFixture("snp/milan-gsg-report.bin"), ReadCert("snp/milan-gsg-vcek.der"),
             kToday, std::nullopt, Certificate::ChainFromPem(pem).value());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().ToString().find("VCEK chain"), std::string::npos)
      << result.error().ToString();
}

TEST(VerifySnpReport, FlippingAnySignedOrSignatureByteFails) {
  const Bytes original = testing::ReadFixture("snp/milan-gsg-report.bin");
  const Certificate vcek = ReadCert("snp/milan-gsg-vcek.der");
  for (std::size_t offset = 0; offset < 0x330; ++offset) {
    Bytes bytes = original;
    bytes[offset] ^= 0x01;
    auto result = Verify(bytes, vcek, kToday);
    ASSERT_FALSE(result) << "flipped byte at offset " << offset;
  }
}

TEST(VerifySnpReport, ChecksExpectedReportData) {
  const Bytes report = testing::ReadFixture("snp/milan-gsg-report.bin");
  const Certificate vcek = ReadCert("snp/milan-gsg-vcek.der");
  EXPECT_TRUE(Verify(report, vcek, kToday, Bytes{1, 2, 3, 4, 5}));
  auto mismatch = Verify(report, vcek, kToday, Bytes{1, 2, 3, 4, 6});
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().ToString(), "snp: REPORT_DATA mismatch: expected 0102030406" +
                                             std::string(118, '0') + ", got 0102030405" +
                                             std::string(118, '0'));
}

}  // namespace
}  // namespace veil::appraisal::snp

namespace veil::appraisal::snp {
namespace {

TEST(VerifySnpReport, CocoJsonEvidenceVerifiesWithItsEmbeddedVcek) {
  const Bytes text = testing::ReadFixture("coco/snp-evidence.json");
  const auto evidence = evidence::snp::ParseCocoSnpEvidence(
                            nlohmann::json::parse(text.begin(), text.end(), nullptr, false))
                            .value();
  const Certificate vcek = Certificate::FromDer(evidence.cert_chain.at(0).der).value();
  auto claims = Verify(evidence.report, vcek, kToday);
  ASSERT_TRUE(claims) << claims.error().ToString();
  EXPECT_EQ(claims->claims()["product"], "Genoa");
  EXPECT_EQ(claims->claims()["policy"]["debug"], false);
}

// The form today's CoCo guests send (sev crate 6.3+, nulls for the fields a version lacks).
TEST(VerifySnpReport, CurrentSevCrateFormVerifiesForVersions2And3) {
  // The AWS VLEK was valid for a year from 2024; its report is checked within that year.
  const struct {
    const char* name;
    FixedClock at;
  } cases[] = {{"coco/snp-v2-sev7-milan.json", kToday},
               {"coco/snp-v3-sev7-aws-vlek.json", At("2025-01-01T00:00:00Z")}};
  for (const auto& [name, at] : cases) {
    SCOPED_TRACE(name);
    const Bytes text = testing::ReadTestData(name);
    const auto evidence = evidence::snp::ParseCocoSnpEvidence(
                              nlohmann::json::parse(text.begin(), text.end(), nullptr, false))
                              .value();
    const Certificate key = Certificate::FromDer(evidence.cert_chain.at(0).der).value();
    auto claims = Verify(evidence.report, key, at);
    ASSERT_TRUE(claims) << claims.error().ToString();
    EXPECT_EQ(claims->claims()["product"], "Milan");
  }
}

}  // namespace
}  // namespace veil::appraisal::snp
