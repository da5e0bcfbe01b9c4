// TDX evidence in CoCo's JSON shape through the trustee: real quotes from shared/fixtures/tdx with
// their real collateral, at a time inside the collateral's window (tdx/README.md). The fixtures'
// REPORTDATA cannot be chosen, so the binding is shown twice: AppraiseTeeEvidence accepts each
// quote for exactly its own REPORTDATA (as the SNP fixture tests do), and /attest refuses the
// same quote for a live challenge, naming both values. The default policy refuses a debug TD.

#include <gtest/gtest.h>

#include "dcap_evidence_harness.h"
#include "kbs_harness.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/evidence/tdx/coco_json.h"
#include "veil/evidence/tdx/quote.h"
#include "veil/initdata/init_data.h"
#include "veil/kbs/tee_evidence.h"
#include "veil/policy/attestation_policy.h"
#include "veil/policy/default_policies.h"
#include "veil/policy/reference_values.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/scratch_dir.h"

namespace veil::kbs {
namespace {

namespace intel = endorsement::intel;

constexpr protocol::TeeKind kTee = protocol::TeeKind::kTdx;

// dcap-qvl's sample: UpToDate, not debug (collateral 2025-06-19 → 2025-07-19).
constexpr const char* kDqQuote = "tdx/dq-quote-v4-b0c06f.dat";
constexpr const char* kDqCollateral = "tdx/dq-quote-v4-b0c06f.collateral.json";
const FixedClock kDqTime(ParseRfc3339("2025-07-01T00:00:00Z").value());
// trustee's tdx_quote_4: UpToDate, DEBUG set (go-tdx-guest collateral 2023-06-18 → 2023-07-08).
constexpr const char* kDebugQuote = "tdx/trustee-quote-v4-50806f.dat";
const FixedClock kGtgTime(ParseRfc3339("2023-07-01T01:00:00Z").value());
// dq-near: UpToDate, MRCONFIGID set (collateral 2025-09-02 → 2025-10-02).
constexpr const char* kNearQuote = "tdx/dq-near-quote-v4-20a06f.dat";
constexpr const char* kNearCollateral = "tdx/dq-near-quote-v4-20a06f.collateral.json";
const FixedClock kNearTime(ParseRfc3339("2025-09-15T00:00:00Z").value());

void Copy(std::string_view fixture, const std::filesystem::path& to) {
  std::filesystem::create_directories(to.parent_path());
  std::filesystem::copy_file(testing::Fixture(fixture), to);
}

// go-tdx-guest's PCS responses for FMSPC 50806f000000, laid out as a bundle directory.
intel::Collateral GtgBundle() {
  const testing::ScratchDir dir("kbs-dcap-gtg");
  Copy("tdx/gtg-tcbinfo-50806f000000.json", dir / "tcbinfo" / "tdx-50806f000000.json");
  Copy("tdx/gtg-qeidentity-tdqe.json", dir / "qeidentity" / "td_qe.json");
  Copy("tdx/gtg-pckcrl-platform.der", dir / "pckcrl-platform.der");
  Copy("certs/intel/pck_platform_ca_chain.pem", dir / "pckcrl-platform-issuer-chain.pem");
  Copy("tdx/gtg-rootcrl.der", dir / "rootcrl.der");
  Copy("certs/intel/tcb_signing_chain_notafter2025.pem", dir / "tcb-signing-chain.pem");
  return LoadDcapCollateral(dir.path());
}

nlohmann::json Evidence(std::string_view fixture) {
  return evidence::tdx::ToCocoTdxEvidence(testing::ReadFixture(fixture), std::nullopt);
}

Bytes OwnReportData(std::string_view fixture) {
  return QuoteReportData(evidence::tdx::ParseQuote, fixture);
}

TEST(TdxEvidence, TdxIsAppraised) { EXPECT_TRUE(CanAppraise(protocol::TeeKind::kTdx)); }

TEST(TdxEvidence, RealQuoteWithItsCollateralAndItsReportDataVerifies) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  const auto claims =
      AppraiseDcap(kTee, Evidence(kDqQuote), OwnReportData(kDqQuote), kDqTime, &collateral);
  ASSERT_TRUE(claims) << claims.error().ToString();
  EXPECT_EQ(claims->tee(), "tdx");
  EXPECT_EQ(claims->claims()["tcb_status"], "UpToDate");
  EXPECT_EQ(claims->claims()["debug"], false);
  EXPECT_EQ(claims->claims()["report_data"], HexEncode(OwnReportData(kDqQuote)));
}

TEST(TdxEvidence, AnotherReportDataIsRefusedNamingBoth) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  Bytes other = OwnReportData(kDqQuote);
  other[63] ^= 0x01;
  EXPECT_EQ(Refusal(AppraiseDcap(kTee, Evidence(kDqQuote), other, kDqTime, &collateral)),
            "tdx: REPORTDATA mismatch: expected " + HexEncode(other) + ", found " +
                HexEncode(OwnReportData(kDqQuote)));
}

TEST(TdxEvidence, CollateralOutsideItsWindowIsRefused) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  const FixedClock later(ParseRfc3339("2025-08-01T00:00:00Z").value());
  const std::string refusal =
      Refusal(AppraiseDcap(kTee, Evidence(kDqQuote), OwnReportData(kDqQuote), later, &collateral));
  EXPECT_NE(refusal.find("tdx: "), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("2025-08-01T00:00:00Z"), std::string::npos) << refusal;
}

TEST(TdxEvidence, WithoutConfiguredCollateralItIsRefusedNamingTheSetting) {
  const auto verdict =
      AppraiseDcap(kTee, Evidence(kDqQuote), OwnReportData(kDqQuote), kDqTime, nullptr);
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(verdict.error().ToString(),
            "tdx: no Intel DCAP collateral is configured ([dcap] collateral): TDX quotes cannot "
            "be verified");
}

TEST(TdxEvidence, MalformedCocoEvidenceIsRefused) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  const Bytes report_data(64, 0);
  EXPECT_EQ(
      Refusal(AppraiseDcap(kTee, {{"cc_eventlog", nullptr}}, report_data, kDqTime, &collateral)),
      "tdx: TDX evidence must have \"quote\", the base64 quote, as a string");
  EXPECT_EQ(
      Refusal(AppraiseDcap(kTee, {{"quote", "not base64!"}}, report_data, kDqTime, &collateral))
          .substr(0, 35),
      "tdx: quote is not standard base64: ");
  const std::string truncated =
      Refusal(AppraiseDcap(kTee,
                           evidence::tdx::ToCocoTdxEvidence(
                               ByteSpan(testing::ReadFixture(kDqQuote)).first(600), std::nullopt),
                           report_data, kDqTime, &collateral));
  EXPECT_EQ(truncated.substr(0, 5), "tdx: ") << truncated;
}

// A CCEL log is replayed against the verified quote's RTMRs: the COS-113 log does not describe
// the dcap-qvl TD, so its genuine, UpToDate quote is refused, naming RTMR0. (The COS-113 quote the
// log belongs to has no collateral; the matching replay is appraisal/tdx/ccel_replay_test.cc.)
TEST(TdxEvidence, ACcelLogThatDoesNotReplayToTheRtmrsIsRefused) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  const Bytes log = testing::ReadFixture("tdx/gce-cos113-ccel-eventlog.bin");
  const nlohmann::json evidence =
      evidence::tdx::ToCocoTdxEvidence(testing::ReadFixture(kDqQuote), log);
  const auto verdict = AppraiseDcap(kTee, evidence, OwnReportData(kDqQuote), kDqTime, &collateral);
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().code, ErrorCode::kVerificationFailed);
  EXPECT_TRUE(verdict.error().ToString().starts_with(
      "tdx: cc_eventlog: RTMR0 (MR 1): the log replays to "
      "3fa2f61f395b7f5feefb4ec2df61297f109ad8abcd6410c1b7df60f21f37b19297fc35e544039c7e1e"
      "dece752afd17f6, the quote has 44c0197b"))
      << verdict.error().ToString();
  // Bytes that are no event log are refused as malformed, naming the record.
  const auto garbage = AppraiseDcap(
      kTee, evidence::tdx::ToCocoTdxEvidence(testing::ReadFixture(kDqQuote), Bytes{1, 2, 3}),
      OwnReportData(kDqQuote), kDqTime, &collateral);
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, ErrorCode::kMalformed);
  EXPECT_TRUE(garbage.error().ToString().starts_with("tdx: cc_eventlog: event 0 at offset 0: "))
      << garbage.error().ToString();
  // Without the log the same quote verifies, and has no "ccel" claims.
  const auto quote_only =
      AppraiseDcap(kTee, Evidence(kDqQuote), OwnReportData(kDqQuote), kDqTime, &collateral);
  ASSERT_TRUE(quote_only) << quote_only.error().ToString();
  EXPECT_FALSE(quote_only->claims().contains("ccel"));
}

// CoCo's TDX verifier compares MRCONFIGID with the init-data digest zero-padded to 48 bytes.
TEST(TdxEvidence, InitDataMustBeBoundInMrConfigId) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kNearCollateral));
  const auto parsed = initdata::ParseInitData(
      "version = \"0.1.0\"\nalgorithm = \"sha256\"\n[data]\n\"policy.rego\" = \"x\"\n");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const std::optional<initdata::InitData> init_data = *parsed;
  const std::string refusal = Refusal(AppraiseDcap(
      kTee, Evidence(kNearQuote), OwnReportData(kNearQuote), kNearTime, &collateral, init_data));
  EXPECT_EQ(refusal,
            "tdx: MRCONFIGID does not bind the init-data: expected " +
                HexEncode(init_data->digest) + std::string(32, '0') +
                ", got 0112a20aed7d6c68601e9f6e108a93b4199ae7231684307ffc4833c9cd08d45de7" +
                std::string(30, '0'));
  // Without init-data the same quote verifies.
  EXPECT_TRUE(
      AppraiseDcap(kTee, Evidence(kNearQuote), OwnReportData(kNearQuote), kNearTime, &collateral));
}

TEST(TdxEvidence, TheDefaultPolicyRefusesADebugTd) {
  const intel::Collateral collateral = GtgBundle();
  const auto claims =
      AppraiseDcap(kTee, Evidence(kDebugQuote), OwnReportData(kDebugQuote), kGtgTime, &collateral);
  ASSERT_TRUE(claims) << claims.error().ToString();
  ASSERT_EQ(claims->claims()["debug"], true);
  ASSERT_EQ(claims->claims()["tcb_status"], "UpToDate");
  // Even with its MRTD enrolled, a debug TD is not affirmed.
  const auto references =
      policy::ParseReferenceValues(R"([{"name": "tdx.mr_td", "values": [")" +
                                   claims->claims()["mr_td"].get<std::string>() + R"("]}])");
  ASSERT_TRUE(references) << references.error().ToString();
  const policy::Appraisal appraisal = policy::EvaluateAttestationPolicy(
      policy::DefaultAttestationPolicy(), *claims, *references, kGtgTime.Now());
  EXPECT_NE(appraisal.status, policy::ArStatus::kAffirming);
  EXPECT_EQ(
      policy::DenialReasons(appraisal),
      std::vector<std::string>{"rule no-debug-td: claim tdx.debug expected false, found true"});
}

TEST(TdxEvidence, TheDefaultPolicyAffirmsAnUpToDateTdWithItsMrTdEnrolled) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  const auto claims =
      AppraiseDcap(kTee, Evidence(kDqQuote), OwnReportData(kDqQuote), kDqTime, &collateral);
  ASSERT_TRUE(claims) << claims.error().ToString();
  const policy::Appraisal unenrolled = policy::EvaluateAttestationPolicy(
      policy::DefaultAttestationPolicy(), *claims, policy::ReferenceValueSet{}, kDqTime.Now());
  EXPECT_NE(unenrolled.status, policy::ArStatus::kAffirming);
  const auto references =
      policy::ParseReferenceValues(R"([{"name": "tdx.mr_td", "values": [")" +
                                   claims->claims()["mr_td"].get<std::string>() + R"("]}])");
  ASSERT_TRUE(references) << references.error().ToString();
  const policy::Appraisal appraisal = policy::EvaluateAttestationPolicy(
      policy::DefaultAttestationPolicy(), *claims, *references, kDqTime.Now());
  EXPECT_EQ(appraisal.status, policy::ArStatus::kAffirming)
      << policy::AppraisalToJson(appraisal).dump(2);
}

// /auth and /attest as a CoCo TDX guest sends them: the real quote cannot bind this session's
// challenge, and the refusal names the report data the trustee expected and what the quote holds.
TEST(TdxEvidence, AttestRefusesAQuoteNotBoundToTheChallenge) {
  ExpectAttestRefusesUnboundQuote("tdx", Evidence(kDqQuote), kDqTime.Now(),
                                  LoadDcapCollateral(testing::Fixture(kDqCollateral)),
                                  OwnReportData(kDqQuote));
}

TEST(TdxEvidence, AttestWithoutCollateralSaysWhatToConfigure) {
  KbsHarness kbs;
  kbs.clock.Set(kDqTime.Now());
  TestGuest guest;
  ASSERT_EQ(guest.Auth(kbs.rcar, "tdx").status, 200u);
  const http::Response response =
      guest.Attest(kbs.rcar, guest.AttestBody(guest.nonce(), Evidence(kDqQuote)));
  EXPECT_NE(response.status, 200u) << response.body;
  EXPECT_NE(Detail(response).find("[dcap] collateral"), std::string::npos) << response.body;
}

}  // namespace
}  // namespace veil::kbs
