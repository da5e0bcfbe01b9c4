// VerifyReport against reports and chains minted by testing::SnpTestCa: each branch of the SNP
// appraisal that real fixtures reach only by accident (TCB mismatch field by field, hwID vs
// CHIP_ID, Turin's TCB layout and 8-byte hwID, a forged signature, a chain to another root) is
// driven on purpose here, with the test ARK injected as the trust anchor.

#include <gtest/gtest.h>

#include <optional>

#include "veil/appraisal/snp/verify_report.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/testing/snp_test_ca.h"

namespace veil::appraisal::snp {
namespace {

namespace ev = evidence::snp;
using crypto::Certificate;
using testing::BuildSnpReport;
using testing::EncodeTcbVersion;
using testing::IssuedVcek;
using testing::SnpReportFields;
using testing::SnpTestCa;
using testing::VcekProfile;

const TimePoint kNow = ParseRfc3339("2026-06-01T00:00:00Z").value();

Bytes Signed(const SnpReportFields& fields, const IssuedVcek& vcek) {
  Bytes report = BuildSnpReport(fields);
  VEIL_CHECK(testing::SignSnpReport(report, vcek.key).has_value());
  return report;
}

Result<VerifiedClaims> Verify(const Bytes& report, const Certificate& vcek,
                              std::optional<std::vector<Certificate>> chain, TimePoint at = kNow) {
  const FixedClock clock(at);
  return VerifyReport({report, vcek, std::move(chain), std::nullopt, clock});
}

void ExpectRefused(const Result<VerifiedClaims>& verified, const std::string& message) {
  ASSERT_FALSE(verified) << "expected a refusal: " << message;
  EXPECT_EQ(verified.error().code, ErrorCode::kVerificationFailed) << verified.error().ToString();
  EXPECT_EQ(verified.error().ToString(), message);
}

class MintedSnpReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    milan_.emplace(SnpTestCa::Create(kNow, "Milan").value());
    turin_.emplace(SnpTestCa::Create(kNow, "Turin").value());
    stranger_.emplace(SnpTestCa::Create(kNow, "Milan").value());
  }
  static void TearDownTestSuite() {
    milan_.reset();
    turin_.reset();
    stranger_.reset();
  }

  // A Milan report whose REPORTED_TCB and CHIP_ID match the default VcekProfile.
  static SnpReportFields MilanFields() {
    SnpReportFields fields;
    fields.reported_tcb = EncodeTcbVersion(VcekProfile().tcb, ev::Product::kMilan);
    return fields;
  }

  static VcekProfile TurinProfile() {
    VcekProfile profile;
    profile.product_name = "Turin-B0";
    profile.tcb = {4, 1, 22, 72, 3};  // bl, tee, snp, ucode, fmc
    profile.hw_id = Bytes{0xd7, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
    return profile;
  }

  // A Turin report (version 3, CPUID family 1Ah model 02h) matching TurinProfile().
  static SnpReportFields TurinFields() {
    SnpReportFields fields;
    fields.version = 3;
    fields.cpuid = {0x1a, 0x02, 0x01};
    fields.reported_tcb = EncodeTcbVersion(TurinProfile().tcb, ev::Product::kTurin);
    fields.chip_id = *TurinProfile().hw_id;
    fields.chip_id.resize(64, 0);
    return fields;
  }

  static std::optional<SnpTestCa> milan_;
  static std::optional<SnpTestCa> turin_;
  static std::optional<SnpTestCa> stranger_;  // another CA of the same product
};

std::optional<SnpTestCa> MintedSnpReport::milan_;
std::optional<SnpTestCa> MintedSnpReport::turin_;
std::optional<SnpTestCa> MintedSnpReport::stranger_;

// --- the genuine case, and which root it needs ---------------------------------------------------

TEST_F(MintedSnpReport, AReportSignedByAVcekOfTheInjectedArkIsGenuine) {
  const IssuedVcek vcek = milan_->IssueVcek({}).value();
  auto verified = Verify(Signed(MilanFields(), vcek), vcek.certificate, milan_->CaChain());
  ASSERT_TRUE(verified) << verified.error().ToString();
  const auto& claims = verified->claims();
  EXPECT_EQ(claims["product"], "Milan");
  EXPECT_EQ(claims["measurement"], HexEncode(Bytes(48, 0x4d)));
  EXPECT_EQ(claims["reported_tcb"]["snp"], 8);
  EXPECT_EQ(claims["reported_tcb"]["microcode"], 115);
  EXPECT_EQ(claims["endorsement"]["key"], "vcek");
  EXPECT_EQ(claims["endorsement"]["ark_bundled"], false);
  EXPECT_EQ(claims["endorsement"]["ark_sha256"], HexEncode(milan_->ark().Sha256Fingerprint()));
}

TEST_F(MintedSnpReport, AmdsBundledRootsDoNotTrustTheTestArk) {
  const IssuedVcek vcek = milan_->IssueVcek({}).value();
  auto verified = Verify(Signed(MilanFields(), vcek), vcek.certificate, std::nullopt);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(verified.error().context.rfind("snp: VCEK chain", 0), 0u)
      << verified.error().ToString();
}

TEST_F(MintedSnpReport, AChainThatDoesNotReachTheInjectedArkIsRefused) {
  const IssuedVcek vcek = milan_->IssueVcek({}).value();
  const Bytes report = Signed(MilanFields(), vcek);
  // Another CA's ASK and ARK; and our ASK under another ARK.
  for (const std::vector<Certificate>& chain :
       {stranger_->CaChain(), std::vector<Certificate>{milan_->ask(), stranger_->ark()}}) {
    auto verified = Verify(report, vcek.certificate, chain);
    ASSERT_FALSE(verified);
    EXPECT_EQ(verified.error().code, ErrorCode::kVerificationFailed);
    EXPECT_NE(verified.error().ToString().find("snp: VCEK chain"), std::string::npos)
        << verified.error().ToString();
  }
}

TEST_F(MintedSnpReport, AVcekOutsideItsValidityIsRefused) {
  const IssuedVcek vcek = milan_->IssueVcek({}).value();
  auto verified = Verify(Signed(MilanFields(), vcek), vcek.certificate, milan_->CaChain(),
                         kNow + std::chrono::hours(24 * 400));
  ASSERT_FALSE(verified);
  EXPECT_NE(verified.error().ToString().find("certificate has expired"), std::string::npos)
      << verified.error().ToString();
}

// --- the signature -------------------------------------------------------------------------------

TEST_F(MintedSnpReport, AnAlteredReportOrSignatureIsRefused) {
  const IssuedVcek vcek = milan_->IssueVcek({}).value();
  const Bytes genuine = Signed(MilanFields(), vcek);
  const std::string refused =
      "snp: report signature does not verify with the key of " + vcek.certificate.Subject();
  for (std::size_t offset :
       {std::size_t{0x090}, std::size_t{0x004}, std::size_t{0x2A0}, std::size_t{0x2E8 + 47}}) {
    Bytes altered = genuine;
    altered[offset] ^= 0x01;
    ExpectRefused(Verify(altered, vcek.certificate, milan_->CaChain()), refused);
  }
}

TEST_F(MintedSnpReport, AReportSignedByAnotherKeyIsRefused) {
  const IssuedVcek vcek = milan_->IssueVcek({}).value();
  const IssuedVcek other = milan_->IssueVcek({}).value();
  ExpectRefused(
      Verify(Signed(MilanFields(), other), vcek.certificate, milan_->CaChain()),
      "snp: report signature does not verify with the key of " + vcek.certificate.Subject());
}

// --- VCEK TCB extensions against REPORTED_TCB ----------------------------------------------------

TEST_F(MintedSnpReport, EachTcbFieldTheVcekCertifiesMustEqualReportedTcb) {
  const SnpReportFields fields = MilanFields();  // bl 3, tee 0, snp 8, ucode 115
  const std::string report_has = "report has bl 3, tee 0, snp 8, ucode 115";
  const std::vector<std::pair<ev::TcbVersion, std::string>> certified = {
      {{4, 0, 8, 115, std::nullopt}, "bl 4, tee 0, snp 8, ucode 115"},
      {{3, 1, 8, 115, std::nullopt}, "bl 3, tee 1, snp 8, ucode 115"},
      {{3, 0, 9, 115, std::nullopt}, "bl 3, tee 0, snp 9, ucode 115"},
      {{3, 0, 8, 116, std::nullopt}, "bl 3, tee 0, snp 8, ucode 116"},
  };
  for (const auto& [tcb, text] : certified) {
    VcekProfile profile;
    profile.tcb = tcb;
    const IssuedVcek vcek = milan_->IssueVcek(profile).value();
    ExpectRefused(Verify(Signed(fields, vcek), vcek.certificate, milan_->CaChain()),
                  "snp: REPORTED_TCB mismatch: certificate is for " + text + ", " + report_has);
  }
}

TEST_F(MintedSnpReport, OnMilanTheReservedTcbBytesAreNotCompared) {
  // Bytes 2..5 of a Milan TCB_VERSION are reserved: the certificate cannot speak for them.
  const IssuedVcek vcek = milan_->IssueVcek({}).value();
  SnpReportFields fields = MilanFields();
  fields.reported_tcb |= std::uint64_t{0x5a} << 16;
  auto verified = Verify(Signed(fields, vcek), vcek.certificate, milan_->CaChain());
  EXPECT_TRUE(verified) << verified.error().ToString();
}

// --- hwID against CHIP_ID ------------------------------------------------------------------------

TEST_F(MintedSnpReport, TheVcekHwIdMustBeTheReportsChipId) {
  VcekProfile profile;
  profile.hw_id = Bytes(64, 0xc2);
  const IssuedVcek vcek = milan_->IssueVcek(profile).value();
  ExpectRefused(Verify(Signed(MilanFields(), vcek), vcek.certificate, milan_->CaChain()),
                "snp: CHIP_ID mismatch: VCEK hwID is " + HexEncode(Bytes(64, 0xc2)) +
                    ", report has " + HexEncode(Bytes(64, 0xc1)));
}

TEST_F(MintedSnpReport, AVcekWithoutHwIdIsRefused) {
  VcekProfile profile;
  profile.hw_id.reset();
  const IssuedVcek vcek = milan_->IssueVcek(profile).value();
  ExpectRefused(Verify(Signed(MilanFields(), vcek), vcek.certificate, milan_->CaChain()),
                "snp: VCEK lacks the hwID extension");
}

// --- Turin ---------------------------------------------------------------------------------------

TEST_F(MintedSnpReport, TurinReportsUseTheTurinTcbLayoutAndAnEightByteHwId) {
  const IssuedVcek vcek = turin_->IssueVcek(TurinProfile()).value();
  for (std::uint32_t version : {3u, 5u}) {
    SnpReportFields fields = TurinFields();
    fields.version = version;
    fields.launch_mit_vector = version == 5 ? 0x11 : 0;
    auto verified = Verify(Signed(fields, vcek), vcek.certificate, turin_->CaChain());
    ASSERT_TRUE(verified) << "version " << version << ": " << verified.error().ToString();
    const auto& claims = verified->claims();
    EXPECT_EQ(claims["product"], "Turin");
    EXPECT_EQ(claims["reported_tcb"]["fmc"], 3);
    EXPECT_EQ(claims["reported_tcb"]["bootloader"], 4);
    EXPECT_EQ(claims["reported_tcb"]["snp"], 22);
    EXPECT_EQ(claims["reported_tcb"]["microcode"], 72);
    EXPECT_EQ(claims.contains("launch_mit_vector"), version == 5);
  }
}

TEST_F(MintedSnpReport, ATurinTcbInTheMilanLayoutIsAMismatch) {
  const IssuedVcek vcek = turin_->IssueVcek(TurinProfile()).value();
  SnpReportFields fields = TurinFields();
  fields.reported_tcb = EncodeTcbVersion(TurinProfile().tcb, ev::Product::kMilan);
  // Read as Turin: byte 0 (bl 4) is the FMC, byte 1 (tee 1) the boot loader, bytes 2 and 3
  // (reserved in Milan) the TEE and SNP.
  ExpectRefused(Verify(Signed(fields, vcek), vcek.certificate, turin_->CaChain()),
                "snp: REPORTED_TCB mismatch: certificate is for bl 4, tee 1, snp 22, ucode 72, "
                "fmc 3, report has bl 1, tee 0, snp 0, ucode 72, fmc 4");
}

TEST_F(MintedSnpReport, TurinTcbMismatchNamesTheFmc) {
  VcekProfile profile = TurinProfile();
  profile.tcb.fmc = 9;
  const IssuedVcek vcek = turin_->IssueVcek(profile).value();
  ExpectRefused(Verify(Signed(TurinFields(), vcek), vcek.certificate, turin_->CaChain()),
                "snp: REPORTED_TCB mismatch: certificate is for bl 4, tee 1, snp 22, ucode 72, "
                "fmc 9, report has bl 4, tee 1, snp 22, ucode 72, fmc 3");
}

TEST_F(MintedSnpReport, ATurinVcekWithoutFmcSplIsRefused) {
  VcekProfile profile = TurinProfile();
  profile.tcb.fmc.reset();
  const IssuedVcek vcek = turin_->IssueVcek(profile).value();
  ExpectRefused(Verify(Signed(TurinFields(), vcek), vcek.certificate, turin_->CaChain()),
                "snp: Turin certificate lacks the fmcSPL extension");
}

TEST_F(MintedSnpReport, OnTurinOnlyTheEightHwIdBytesAreCompared) {
  const IssuedVcek vcek = turin_->IssueVcek(TurinProfile()).value();
  SnpReportFields fields = TurinFields();
  fields.chip_id[63] = 0xee;  // beyond the 8-byte hwID: not compared
  auto verified = Verify(Signed(fields, vcek), vcek.certificate, turin_->CaChain());
  ASSERT_TRUE(verified) << verified.error().ToString();

  fields.chip_id[7] ^= 0xff;  // the last hwID byte
  ExpectRefused(Verify(Signed(fields, vcek), vcek.certificate, turin_->CaChain()),
                "snp: CHIP_ID mismatch: VCEK hwID is d701020304050607, report has "
                "d7010203040506f8");
}

TEST_F(MintedSnpReport, TheReportCpuidMustNameTheCertificatesProduct) {
  const IssuedVcek vcek = turin_->IssueVcek(TurinProfile()).value();
  SnpReportFields fields = TurinFields();
  fields.cpuid = {0x19, 0x11, 0x01};  // family 19h model 11h: Genoa
  ExpectRefused(Verify(Signed(fields, vcek), vcek.certificate, turin_->CaChain()),
                "snp: report CPUID says Genoa but the certificate is for Turin");
}

}  // namespace
}  // namespace veil::appraisal::snp
