// The configfs-tsm driver and the attester on top of it, against a directory that behaves like
// the kernel interface and answers with real SNP reports and TDX quotes.
#include "veil/agent/attester/tsm/configfs_tsm.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "veil/agent/attester/tsm/tsm_attester.h"
#include "veil/appraisal/snp/verify_report.h"
#include "veil/appraisal/tdx/ccel_replay.h"
#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/certificate.h"
#include "veil/endorsement/intel/collateral_directory.h"
#include "veil/evidence/snp/cert_table.h"
#include "veil/evidence/snp/coco_json.h"
#include "veil/evidence/tdx/coco_json.h"
#include "veil/evidence/tdx/quote.h"
#include "veil/kbs/tee_evidence.h"
#include "veil/testing/fake_configfs_tsm.h"
#include "veil/testing/fixtures.h"

namespace veil::agent::tsm {
namespace {

namespace fs = std::filesystem;
using testing::FakeConfigfsTsm;

// The driver's entry seam, served by the fake.
class FakeEntryOps final : public ReportEntryOps {
 public:
  explicit FakeEntryOps(FakeConfigfsTsm& fake) : fake_(fake) {}
  Status Create(const fs::path& entry) override { return fake_.CreateEntry(entry); }
  void Remove(const fs::path& entry) noexcept override { fake_.RemoveEntry(entry); }

 private:
  FakeConfigfsTsm& fake_;
};

Bytes SnpReport() { return testing::ReadFixture("snp/milan-virtee-report.bin"); }
Bytes Vcek() { return testing::ReadFixture("snp/milan-virtee-vcek.der"); }
// What milan-virtee-report.bin binds (SEV-SNP ABI, ATTESTATION_REPORT 0x050 REPORT_DATA).
Bytes SnpReportData() {
  const Bytes report = SnpReport();
  return Bytes(report.begin() + 0x50, report.begin() + 0x90);
}
Bytes VcekTable() {
  return evidence::snp::EncodeCertTable(
             std::vector<evidence::snp::CertTableEntry>{{"VCEK", Vcek()}})
      .value();
}

// Inside the VCEK's validity (2023-04-03 .. 2030-04-03), per the fixtures README.
const FixedClock kToday(ParseRfc3339("2026-11-23T00:00:00Z").value());

class ConfigfsTsmTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "veil-tsm-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  FakeConfigfsTsm& Fake(std::string provider, Bytes outblob, Bytes auxblob) {
    fake_ = std::make_unique<FakeConfigfsTsm>(dir_ / "tsm", std::move(provider), std::move(outblob),
                                              std::move(auxblob));
    return *fake_;
  }
  TsmOptions Options() const {
    return {fake_->root(), dir_ / "no-sev-guest", std::make_shared<FakeEntryOps>(*fake_),
            dir_ / "CCEL"};
  }
  std::unique_ptr<Attester> Open() const {
    auto attester = OpenTsmAttester(Options());
    EXPECT_TRUE(attester) << attester.error().ToString();
    return attester ? std::move(*attester) : nullptr;
  }
  bool ReportDirIsEmpty() const { return fs::is_empty(dir_ / "tsm" / "report"); }

  fs::path dir_;
  std::unique_ptr<FakeConfigfsTsm> fake_;  // outlives the attesters a test opens
};

TEST_F(ConfigfsTsmTest, SnpEvidenceCarriesTheFixtureReportAndVerifies) {
  FakeConfigfsTsm& fake = Fake("sev_guest", SnpReport(), VcekTable());
  const auto attester = Open();
  ASSERT_TRUE(attester);
  EXPECT_EQ(attester->tee(), protocol::TeeKind::kSnp);

  const Bytes report_data = SnpReportData();
  auto evidence = attester->CollectEvidence(report_data);
  ASSERT_TRUE(evidence) << evidence.error().ToString();
  ASSERT_EQ(fake.requests().size(), 1u);
  EXPECT_EQ(fake.requests()[0], report_data);
  EXPECT_EQ(fake.entries_created(), 2);  // the provider probe at Open, then the request
  EXPECT_EQ(fake.entries_removed(), 2);
  EXPECT_TRUE(ReportDirIsEmpty());

  auto parsed = evidence::snp::ParseCocoSnpEvidence(*evidence);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->report, SnpReport());
  ASSERT_EQ(parsed->cert_chain.size(), 1u);
  EXPECT_EQ(parsed->cert_chain[0].type, "VCEK");
  EXPECT_EQ(parsed->cert_chain[0].der, Vcek());

  const crypto::Certificate vcek = crypto::Certificate::FromDer(parsed->cert_chain[0].der).value();
  auto claims =
      appraisal::snp::VerifyReport({parsed->report, vcek, std::nullopt, report_data, kToday});
  ASSERT_TRUE(claims) << claims.error().ToString();
  EXPECT_EQ(claims->claims()["measurement"],
            "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c4"
            "80cd81841f");

  const std::optional<initdata::InitData> no_init_data;
  auto appraised = kbs::AppraiseTeeEvidence(
      {protocol::TeeKind::kSnp, *evidence, report_data, no_init_data, kToday});
  ASSERT_TRUE(appraised) << appraised.error().ToString();
  EXPECT_EQ(appraised->tee(), "snp");
}

TEST_F(ConfigfsTsmTest, AReportThatDoesNotBindTheReportDataIsRefused) {
  FakeConfigfsTsm& fake = Fake("sev_guest", SnpReport(), VcekTable());
  const auto attester = Open();
  ASSERT_TRUE(attester);
  const Bytes other(64, 0xAB);
  auto evidence = attester->CollectEvidence(other);
  ASSERT_FALSE(evidence);
  EXPECT_EQ(evidence.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(evidence.error().message.find("REPORT_DATA"), std::string::npos)
      << evidence.error().message;
  ASSERT_EQ(fake.requests().size(), 1u);
  EXPECT_EQ(fake.requests()[0], other);
  EXPECT_TRUE(ReportDirIsEmpty());
}

TEST_F(ConfigfsTsmTest, ARacingWriterIsDetected) {
  FakeConfigfsTsm& fake = Fake("sev_guest", SnpReport(), VcekTable());
  const auto attester = Open();
  ASSERT_TRUE(attester);
  fake.SimulateRacingWriter();
  auto raced = attester->CollectEvidence(SnpReportData());
  ASSERT_FALSE(raced);
  EXPECT_EQ(raced.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(raced.error().message.find("another writer raced"), std::string::npos)
      << raced.error().message;
  EXPECT_NE(raced.error().message.find("from 0 to 2, expected 1"), std::string::npos)
      << raced.error().message;
  EXPECT_TRUE(ReportDirIsEmpty());
  EXPECT_TRUE(attester->CollectEvidence(SnpReportData()));  // the next request is not raced
}

// dcap-qvl's sample TD quote (UpToDate) and the REPORTDATA it binds (TD report body 0x208), with
// its collateral inside the window tdx/README.md gives.
constexpr const char* kTdxQuote = "tdx/dq-quote-v4-b0c06f.dat";
Bytes TdxReportData() {
  const Bytes quote = testing::ReadFixture(kTdxQuote);
  const auto parsed = evidence::tdx::ParseQuote(quote).value();
  return Bytes(parsed.body.report_data.begin(), parsed.body.report_data.end());
}
const FixedClock kTdxCollateralTime(ParseRfc3339("2025-07-01T00:00:00Z").value());

// The evidence the agent sends for tdx_guest is what the trustee appraises: CoCo's shape, the
// quote verified against real collateral, bound to the report data the agent asked for.
TEST_F(ConfigfsTsmTest, TdxProviderSendsTheQuoteInCocosShapeAndTheTrusteeVerifiesIt) {
  const Bytes quote = testing::ReadFixture(kTdxQuote);
  FakeConfigfsTsm& fake = Fake("tdx_guest", quote, {});
  const auto attester = Open();
  ASSERT_TRUE(attester);
  EXPECT_EQ(attester->tee(), protocol::TeeKind::kTdx);
  const Bytes report_data = TdxReportData();
  auto evidence = attester->CollectEvidence(report_data);
  ASSERT_TRUE(evidence) << evidence.error().ToString();
  EXPECT_EQ(*evidence, (nlohmann::json{{"cc_eventlog", nullptr}, {"quote", Base64Encode(quote)}}));
  EXPECT_EQ(fake.requests().at(0), report_data);
  EXPECT_TRUE(ReportDirIsEmpty());

  const auto collateral = endorsement::intel::LoadCollateral(
      testing::Fixture("tdx/dq-quote-v4-b0c06f.collateral.json"));
  ASSERT_TRUE(collateral) << collateral.error().ToString();
  const std::optional<initdata::InitData> no_init_data;
  kbs::TeeEvidenceInput input{protocol::TeeKind::kTdx, *evidence, report_data, no_init_data,
                              kTdxCollateralTime};
  input.dcap_collateral = &*collateral;
  auto appraised = kbs::AppraiseTeeEvidence(input);
  ASSERT_TRUE(appraised) << appraised.error().ToString();
  EXPECT_EQ(appraised->tee(), "tdx");
  EXPECT_EQ(appraised->claims()["tcb_status"], "UpToDate");

  auto extend = attester->ExtendMeasurement(Bytes(32, 1));
  ASSERT_FALSE(extend);
  EXPECT_EQ(extend.error().code, ErrorCode::kUnsupported);
}

// With a CCEL log area at the configured path the agent sends it, cut to its records, and the
// trustee's replay step reproduces RTMR0..2 of the quote from it (the COS-113 TD's quote and log,
// shared/fixtures/tdx/README.md; its REPORTDATA is 64 zero bytes).
TEST_F(ConfigfsTsmTest, TdxEvidenceCarriesTheCcelLogWhichReplaysToTheQuotesRtmrs) {
  const Bytes quote = testing::ReadFixture("tdx/gce-cos113-quote-v4.dat");
  const Bytes area = testing::ReadFixture("tdx/gce-cos113-ccel-eventlog.bin");
  Fake("tdx_guest", quote, {});
  {
    std::ofstream out(dir_ / "CCEL", std::ios::binary);
    out.write(reinterpret_cast<const char*>(area.data()),
              static_cast<std::streamsize>(area.size()));
  }
  const auto attester = Open();
  ASSERT_TRUE(attester);
  auto evidence = attester->CollectEvidence(Bytes(64, 0));
  ASSERT_TRUE(evidence) << evidence.error().ToString();
  const Bytes records(area.begin(), area.begin() + 18101);  // README: then 0xFF padding
  EXPECT_EQ(*evidence, (nlohmann::json{{"cc_eventlog", Base64Encode(records)},
                                       {"quote", Base64Encode(quote)}}));

  const auto parsed = evidence::tdx::ParseCocoTdxEvidence(*evidence);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const auto replay = appraisal::tdx::ReplayCcel(
      *parsed->cc_eventlog, evidence::tdx::ParseQuote(quote).value().body.rtmr);
  ASSERT_TRUE(replay) << replay.error().ToString();
  EXPECT_EQ(replay->rtmrs_matched, (std::vector<std::size_t>{0, 1, 2}));
}

TEST_F(ConfigfsTsmTest, AnUnreadableCcelPathIsRefusedNamingIt) {
  Fake("tdx_guest", testing::ReadFixture("tdx/gce-cos113-quote-v4.dat"), {});
  fs::create_directories(dir_ / "CCEL");  // not a regular file
  const auto attester = Open();
  ASSERT_TRUE(attester);
  auto evidence = attester->CollectEvidence(Bytes(64, 0));
  ASSERT_FALSE(evidence);
  EXPECT_EQ(evidence.error().context, "tdx");
  EXPECT_NE(evidence.error().message.find((dir_ / "CCEL").string()), std::string::npos)
      << evidence.error().ToString();
}

TEST_F(ConfigfsTsmTest, ATdxQuoteThatDoesNotBindTheReportDataIsRefused) {
  FakeConfigfsTsm& fake = Fake("tdx_guest", testing::ReadFixture(kTdxQuote), {});
  const auto attester = Open();
  ASSERT_TRUE(attester);
  const Bytes asked(64, 0x5A);
  auto evidence = attester->CollectEvidence(asked);
  ASSERT_FALSE(evidence);
  EXPECT_EQ(evidence.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(evidence.error().ToString(), "tdx: the quote's REPORTDATA is " +
                                             HexEncode(TdxReportData()) + ", not the requested " +
                                             HexEncode(asked));
  EXPECT_EQ(fake.entries_removed(), fake.entries_created());
}

TEST_F(ConfigfsTsmTest, AnOutblobThatIsNoTdxQuoteIsRefused) {
  Fake("tdx_guest", testing::ReadFixture("snp/milan-virtee-report.bin"), {});
  const auto attester = Open();
  ASSERT_TRUE(attester);
  auto evidence = attester->CollectEvidence(Bytes(64, 0));
  ASSERT_FALSE(evidence);
  EXPECT_EQ(evidence.error().context, "tdx") << evidence.error().ToString();
}

TEST_F(ConfigfsTsmTest, OtherProvidersAreUnsupported) {
  FakeConfigfsTsm& fake = Fake("arm_cca_guest", Bytes{1}, {});
  auto attester = OpenTsmAttester(Options());
  ASSERT_FALSE(attester);
  EXPECT_EQ(attester.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(attester.error().message.find("arm_cca_guest"), std::string::npos)
      << attester.error().message;
  EXPECT_EQ(fake.entries_removed(), fake.entries_created());
}

TEST_F(ConfigfsTsmTest, OversizedBlobsAreRejected) {
  {
    Fake("sev_guest", Bytes(kMaxBlobSize + 1, 0x11), VcekTable());
    const auto attester = Open();
    ASSERT_TRUE(attester);
    auto evidence = attester->CollectEvidence(SnpReportData());
    ASSERT_FALSE(evidence);
    EXPECT_EQ(evidence.error().code, ErrorCode::kMalformed);
    EXPECT_NE(evidence.error().message.find("outblob holds more than the 32768 bytes"),
              std::string::npos)
        << evidence.error().message;
  }
  Fake("sev_guest", SnpReport(), Bytes(kMaxBlobSize + 1, 0));
  const auto attester = Open();
  ASSERT_TRUE(attester);
  auto evidence = attester->CollectEvidence(SnpReportData());
  ASSERT_FALSE(evidence);
  EXPECT_EQ(evidence.error().code, ErrorCode::kMalformed);
  EXPECT_NE(evidence.error().message.find("auxblob holds more than"), std::string::npos)
      << evidence.error().message;
  EXPECT_TRUE(ReportDirIsEmpty());
}

TEST_F(ConfigfsTsmTest, MalformedCertificateTablesAreRejected) {
  const Bytes table = VcekTable();
  Bytes truncated(table.begin(), table.end() - 1);
  Bytes out_of_bounds = table;
  out_of_bounds[16 + 3] = 0x7F;  // the VCEK's offset, far past the end
  Bytes no_terminator(table.begin(), table.begin() + 24);
  for (const Bytes& auxblob : {truncated, out_of_bounds, no_terminator}) {
    Fake("sev_guest", SnpReport(), auxblob);
    const auto attester = Open();
    ASSERT_TRUE(attester);
    auto evidence = attester->CollectEvidence(SnpReportData());
    ASSERT_FALSE(evidence);
    EXPECT_EQ(evidence.error().code, ErrorCode::kMalformed) << evidence.error().ToString();
    EXPECT_EQ(evidence.error().context, "snp cert table");
  }
}

TEST_F(ConfigfsTsmTest, ReportDataMustBe64Bytes) {
  FakeConfigfsTsm& fake = Fake("sev_guest", SnpReport(), VcekTable());
  const auto attester = Open();
  ASSERT_TRUE(attester);
  auto evidence = attester->CollectEvidence(Bytes(32, 0));
  ASSERT_FALSE(evidence);
  EXPECT_EQ(evidence.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(fake.requests().empty());
}

TEST_F(ConfigfsTsmTest, SnpHasNoMeasurementRegister) {
  Fake("sev_guest", SnpReport(), VcekTable());
  const auto attester = Open();
  ASSERT_TRUE(attester);
  auto extend = attester->ExtendMeasurement(Bytes(32, 1));
  ASSERT_FALSE(extend);
  EXPECT_EQ(extend.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(extend.error().message.find("vTPM"), std::string::npos) << extend.error().message;
}

TEST_F(ConfigfsTsmTest, MkdirOnAPlainDirectoryFailsAndLeavesNothingBehind) {
  // The production seam (mkdir/rmdir) on a directory that is not configfs: the entry has no
  // attribute files, so the first read fails — and the entry is still removed.
  fs::create_directories(dir_ / "plain" / "report");
  const ConfigfsTsm tsm(dir_ / "plain", ConfigfsReportEntryOps());
  EXPECT_TRUE(tsm.Available());
  auto report = tsm.GetReport(Bytes(64, 0));
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(report.error().message.find("/provider: No such file or directory"), std::string::npos)
      << report.error().message;
  EXPECT_TRUE(fs::is_empty(dir_ / "plain" / "report"));

  auto attester = OpenTsmAttester({dir_ / "plain", dir_ / "no-sev-guest", nullptr});
  ASSERT_FALSE(attester);
  EXPECT_EQ(attester.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(fs::is_empty(dir_ / "plain" / "report"));
}

TEST_F(ConfigfsTsmTest, MissingRootAndDeviceAreUnavailable) {
  auto attester = OpenTsmAttester({dir_ / "no-tsm", dir_ / "no-sev-guest", nullptr});
  ASSERT_FALSE(attester);
  EXPECT_EQ(attester.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(
      attester.error().message.find((dir_ / "no-tsm" / "report").string() + " does not exist"),
      std::string::npos)
      << attester.error().message;
  EXPECT_NE(attester.error().message.find("cannot open " + (dir_ / "no-sev-guest").string()),
            std::string::npos)
      << attester.error().message;
}

}  // namespace
}  // namespace veil::agent::tsm
