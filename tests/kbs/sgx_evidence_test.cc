// SGX evidence in CoCo's JSON shape through the trustee: dcap-qvl's real SGX quote with its real
// collateral, at a time inside the collateral's window (sgx/README.md). As for TDX, the fixture's
// REPORTDATA cannot be chosen: AppraiseTeeEvidence accepts the quote for exactly its own
// REPORTDATA, and refuses it for any other, naming both values. The only debug enclave among the
// fixtures (trustee's occlum quote) has no collateral, so the default policy's debug rule is shown
// on that quote's parsed claims, evaluated as recorded claims, not through a verification.

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "dcap_evidence_harness.h"
#include "kbs_harness.h"
#include "veil/appraisal/sgx/quote_claims.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/evidence/sgx/coco_json.h"
#include "veil/evidence/sgx/quote.h"
#include "veil/initdata/init_data.h"
#include "veil/kbs/tee_evidence.h"
#include "veil/policy/attestation_policy.h"
#include "veil/policy/default_policies.h"
#include "veil/policy/enrolment.h"
#include "veil/policy/reference_values.h"
#include "veil/testing/fixtures.h"

namespace veil::kbs {
namespace {

namespace intel = endorsement::intel;

constexpr protocol::TeeKind kTee = protocol::TeeKind::kSgx;

// dcap-qvl's sample: ConfigurationAndSWHardeningNeeded, not debug (collateral 2025-06-19 →
// 2025-07-19).
constexpr const char* kDqQuote = "sgx/dq-sgx-quote-v3.dat";
constexpr const char* kDqCollateral = "sgx/dq-sgx-quote-v3.collateral.json";
const FixedClock kDqTime(ParseRfc3339("2025-07-01T00:00:00Z").value());
// trustee's occlum quote: DEBUG set; no collateral for its FMSPC.
constexpr const char* kDebugQuote = "sgx/trustee-occlum-quote-v3.dat";
constexpr const char* kMrEnclave =
    "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb";
// The same quote's MRSIGNER; its ISVPRODID and ISVSVN are 0.
constexpr const char* kMrSigner =
    "815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6";

nlohmann::json Evidence(std::string_view fixture) {
  return evidence::sgx::ToCocoSgxEvidence(testing::ReadFixture(fixture));
}

Bytes OwnReportData(std::string_view fixture) {
  return QuoteReportData(evidence::sgx::ParseQuote, fixture);
}

policy::ReferenceValueSet Enrolled(const std::string& json) {
  auto references = policy::ParseReferenceValues(json);
  EXPECT_TRUE(references) << references.error().ToString();
  return *std::move(references);
}

policy::ReferenceValueSet EnrolledMrEnclave() {
  return Enrolled(R"([{"name": "sgx.mr_enclave", "values": [")" + std::string(kMrEnclave) +
                  R"("]}])");
}

// sgx.mr_signer (the quote's), sgx.isv_prod_id `product`, and sgx.min_isv_svn `min_svn` when
// given.
policy::ReferenceValueSet EnrolledSigner(int product, std::optional<int> min_svn = std::nullopt) {
  std::string json = R"([{"name": "sgx.mr_signer", "values": [")" + std::string(kMrSigner) +
                     R"("]}, {"name": "sgx.isv_prod_id", "values": [)" + std::to_string(product) +
                     "]}";
  if (min_svn)
    json += R"(, {"name": "sgx.min_isv_svn", "values": [)" + std::to_string(*min_svn) + "]}";
  return Enrolled(json + "]");
}

TEST(SgxEvidence, SgxIsAppraised) { EXPECT_TRUE(CanAppraise(protocol::TeeKind::kSgx)); }

TEST(SgxEvidence, RealQuoteWithItsCollateralAndItsReportDataVerifies) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  const auto claims =
      AppraiseDcap(kTee, Evidence(kDqQuote), OwnReportData(kDqQuote), kDqTime, &collateral);
  ASSERT_TRUE(claims) << claims.error().ToString();
  EXPECT_EQ(claims->tee(), "sgx");
  EXPECT_EQ(claims->claims()["mr_enclave"], kMrEnclave);
  EXPECT_EQ(claims->claims()["tcb_status"], "ConfigurationAndSWHardeningNeeded");
  EXPECT_EQ(claims->claims()["debug"], false);
  EXPECT_EQ(claims->claims()["report_data"], HexEncode(OwnReportData(kDqQuote)));
}

TEST(SgxEvidence, AnotherReportDataIsRefusedNamingBoth) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  Bytes other = OwnReportData(kDqQuote);
  other[0] ^= 0x01;
  EXPECT_EQ(Refusal(AppraiseDcap(kTee, Evidence(kDqQuote), other, kDqTime, &collateral)),
            "sgx: REPORTDATA mismatch: expected " + HexEncode(other) + ", found " +
                HexEncode(OwnReportData(kDqQuote)));
}

TEST(SgxEvidence, CollateralOutsideItsWindowIsRefused) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  const FixedClock later(ParseRfc3339("2025-08-01T00:00:00Z").value());
  const std::string refusal =
      Refusal(AppraiseDcap(kTee, Evidence(kDqQuote), OwnReportData(kDqQuote), later, &collateral));
  EXPECT_EQ(refusal.substr(0, 5), "sgx: ") << refusal;
  EXPECT_NE(refusal.find("2025-08-01T00:00:00Z"), std::string::npos) << refusal;
}

TEST(SgxEvidence, WithoutConfiguredCollateralItIsRefusedNamingTheSetting) {
  const auto verdict =
      AppraiseDcap(kTee, Evidence(kDqQuote), OwnReportData(kDqQuote), kDqTime, nullptr);
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(verdict.error().ToString(),
            "sgx: no Intel DCAP collateral is configured ([dcap] collateral): SGX quotes cannot "
            "be verified");
}

TEST(SgxEvidence, MalformedCocoEvidenceIsRefused) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  const Bytes report_data(64, 0);
  EXPECT_EQ(
      Refusal(AppraiseDcap(kTee, {{"cc_eventlog", nullptr}}, report_data, kDqTime, &collateral)),
      "sgx: SGX evidence must have \"quote\", the base64 quote, as a string");
  const std::string truncated = Refusal(AppraiseDcap(
      kTee, evidence::sgx::ToCocoSgxEvidence(ByteSpan(testing::ReadFixture(kDqQuote)).first(500)),
      report_data, kDqTime, &collateral));
  EXPECT_EQ(truncated.substr(0, 5), "sgx: ") << truncated;
  // A TDX quote is not an SGX quote.
  const std::string tdx = Refusal(AppraiseDcap(
      kTee, evidence::sgx::ToCocoSgxEvidence(testing::ReadFixture("tdx/dq-quote-v4-b0c06f.dat")),
      report_data, kDqTime, &collateral));
  EXPECT_EQ(tdx.substr(0, 5), "sgx: ") << tdx;
}

// CoCo's SGX verifier compares CONFIGID with the init-data digest zero-padded to 64 bytes; the
// fixture's CONFIGID is all zeros.
TEST(SgxEvidence, InitDataMustBeBoundInConfigId) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  const auto parsed = initdata::ParseInitData(
      "version = \"0.1.0\"\nalgorithm = \"sha384\"\n[data]\n\"policy.rego\" = \"x\"\n");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const std::optional<initdata::InitData> init_data = *parsed;
  ASSERT_EQ(init_data->digest.size(), 48u);
  EXPECT_EQ(Refusal(AppraiseDcap(kTee, Evidence(kDqQuote), OwnReportData(kDqQuote), kDqTime,
                                 &collateral, init_data)),
            "sgx: CONFIGID does not bind the init-data: expected " + HexEncode(init_data->digest) +
                std::string(32, '0') + ", got " + std::string(128, '0'));
  // Without init-data the same quote verifies.
  EXPECT_TRUE(
      AppraiseDcap(kTee, Evidence(kDqQuote), OwnReportData(kDqQuote), kDqTime, &collateral));
}

// The quote's TCB is ConfigurationAndSWHardeningNeeded: with its MRENCLAVE enrolled the default
// policy warns (hardware 32) and names that rule alone; without it, the enclave is contraindicated.
TEST(SgxEvidence, TheDefaultPolicyWantsTheEnclaveEnrolledAndAnUpToDateTcb) {
  const intel::Collateral collateral = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  const auto claims =
      AppraiseDcap(kTee, Evidence(kDqQuote), OwnReportData(kDqQuote), kDqTime, &collateral);
  ASSERT_TRUE(claims) << claims.error().ToString();
  const policy::Appraisal unenrolled = policy::EvaluateAttestationPolicy(
      policy::DefaultAttestationPolicy(), *claims, policy::ReferenceValueSet{}, kDqTime.Now());
  EXPECT_EQ(unenrolled.status, policy::ArStatus::kContraindicated);
  const std::vector<std::string> unenrolled_reasons = policy::DenialReasons(unenrolled);
  EXPECT_NE(
      std::find_if(unenrolled_reasons.begin(), unenrolled_reasons.end(),
                   [](const std::string& r) { return r.starts_with("rule enclave-enrolled"); }),
      unenrolled_reasons.end());
  const policy::Appraisal enrolled = policy::EvaluateAttestationPolicy(
      policy::DefaultAttestationPolicy(), *claims, EnrolledMrEnclave(), kDqTime.Now());
  EXPECT_EQ(enrolled.status, policy::ArStatus::kWarning);
  EXPECT_EQ(policy::DenialReasons(enrolled),
            std::vector<std::string>{"rule sgx-tcb-up-to-date: claim sgx.tcb_status expected "
                                     "UpToDate, found ConfigurationAndSWHardeningNeeded"});
}

// The default policy pins an enclave by MRENCLAVE or by MRSIGNER + ISVPRODID (+ a minimum
// ISVSVN): the real quote's verified claims under each form. "Accepted" is the quote's best
// outcome: its TCB (ConfigurationAndSWHardeningNeeded) leaves the warning of sgx-tcb-up-to-date
// and nothing else.
class SgxDefaultPolicy : public ::testing::Test {
 protected:
  void SetUp() override {
    auto verified =
        AppraiseDcap(kTee, Evidence(kDqQuote), OwnReportData(kDqQuote), kDqTime, &collateral_);
    ASSERT_TRUE(verified) << verified.error().ToString();
    claims_.emplace(*std::move(verified));
    ASSERT_EQ(claims_->claims()["mr_signer"], kMrSigner);
    ASSERT_EQ(claims_->claims()["isv_prod_id"], 0);
    ASSERT_EQ(claims_->claims()["isv_svn"], 0);
  }

  policy::Appraisal Evaluate(const policy::ReferenceValueSet& references) const {
    return policy::EvaluateAttestationPolicy(policy::DefaultAttestationPolicy(), *claims_,
                                             references, kDqTime.Now());
  }

  static void ExpectAccepted(const policy::Appraisal& appraisal) {
    EXPECT_EQ(appraisal.status, policy::ArStatus::kWarning);
    EXPECT_EQ(policy::DenialReasons(appraisal),
              std::vector<std::string>{"rule sgx-tcb-up-to-date: claim sgx.tcb_status expected "
                                       "UpToDate, found ConfigurationAndSWHardeningNeeded"});
  }

  const intel::Collateral collateral_ = LoadDcapCollateral(testing::Fixture(kDqCollateral));
  std::optional<appraisal::VerifiedClaims> claims_;
};

TEST_F(SgxDefaultPolicy, AcceptsTheEnclaveByItsMrEnclave) {
  ExpectAccepted(Evaluate(EnrolledMrEnclave()));
}

TEST_F(SgxDefaultPolicy, AcceptsTheEnclaveByItsSignerAndProduct) {
  const policy::Appraisal appraisal = Evaluate(EnrolledSigner(0));
  ExpectAccepted(appraisal);
  // MRENCLAVE was compared and failed, but the signer alternative held: overruled, not a denial.
  const auto mr_enclave =
      std::find_if(appraisal.trace.begin(), appraisal.trace.end(), [](const policy::TraceEntry& e) {
        return e.rule == "enclave-enrolled" && e.claim == "sgx.mr_enclave";
      });
  ASSERT_NE(mr_enclave, appraisal.trace.end());
  EXPECT_FALSE(mr_enclave->passed);
  EXPECT_TRUE(mr_enclave->overruled);
  EXPECT_TRUE(policy::EnrolmentHints(appraisal).empty());
  // With a minimum ISVSVN the quote's ISVSVN 0 reaches.
  ExpectAccepted(Evaluate(EnrolledSigner(0, 0)));
}

TEST_F(SgxDefaultPolicy, RefusesTheSignerWithAnotherProductNamingTheClaim) {
  const policy::Appraisal appraisal = Evaluate(EnrolledSigner(7));
  EXPECT_EQ(appraisal.status, policy::ArStatus::kContraindicated);
  const std::vector<std::string> reasons = policy::DenialReasons(appraisal);
  ASSERT_EQ(reasons.size(), 2u) << reasons.front();
  EXPECT_EQ(reasons[0],
            "rule enclave-enrolled: claim sgx.mr_enclave expected a reference value named "
            "sgx.mr_enclave, found " +
                std::string(kMrEnclave) +
                " (no reference value is named sgx.mr_enclave; absent_reference: fail); claim "
                "sgx.isv_prod_id expected one of reference values sgx.isv_prod_id [7], found 0");
  EXPECT_EQ(reasons[1].rfind("rule sgx-tcb-up-to-date: ", 0), 0u) << reasons[1];
}

TEST_F(SgxDefaultPolicy, RefusesAnIsvSvnBelowTheEnrolledMinimum) {
  const policy::Appraisal appraisal = Evaluate(EnrolledSigner(0, 1));
  EXPECT_EQ(appraisal.status, policy::ArStatus::kContraindicated);
  const std::vector<std::string> reasons = policy::DenialReasons(appraisal);
  ASSERT_FALSE(reasons.empty());
  EXPECT_NE(reasons[0].find("claim sgx.isv_svn expected at least the lowest of reference values "
                            "sgx.min_isv_svn [1], found 0"),
            std::string::npos)
      << reasons[0];
}

TEST_F(SgxDefaultPolicy, RefusesAnEnclaveWithNothingEnrolled) {
  const policy::Appraisal appraisal = Evaluate(policy::ReferenceValueSet{});
  EXPECT_EQ(appraisal.status, policy::ArStatus::kContraindicated);
  const std::vector<std::string> reasons = policy::DenialReasons(appraisal);
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0],
            "rule enclave-enrolled: claim sgx.mr_enclave expected a reference value named "
            "sgx.mr_enclave, found " +
                std::string(kMrEnclave) +
                " (no reference value is named sgx.mr_enclave; absent_reference: fail); claim "
                "sgx.mr_signer expected a reference value named sgx.mr_signer, found " +
                kMrSigner +
                " (no reference value is named sgx.mr_signer; absent_reference: fail); claim "
                "sgx.isv_prod_id expected a reference value named sgx.isv_prod_id, found 0 (no "
                "reference value is named sgx.isv_prod_id; absent_reference: fail)");
}

// Both forms enrolled, for different enclaves: the quote's MRENCLAVE is enrolled, the signer
// enrolled is another one. MRENCLAVE alone pins it; the reference-values rule does not also
// require its MRSIGNER.
TEST_F(SgxDefaultPolicy, EitherFormIsEnoughWhenBothAreEnrolledForOtherEnclaves) {
  ExpectAccepted(
      Evaluate(Enrolled(R"([{"name": "sgx.mr_enclave", "values": [")" + std::string(kMrEnclave) +
                        R"("]}, {"name": "sgx.mr_signer", "values": [")" + std::string(64, 'a') +
                        R"("]}, {"name": "sgx.isv_prod_id", "values": [9]}])")));
}

// The occlum enclave's real ATTRIBUTES have DEBUG set. Its claims, as the SGX appraisal names
// them, with an UpToDate TCB assumed (no collateral exists for its platform) and its MRENCLAVE
// enrolled, are refused by the default policy for the debug bit alone.
TEST(SgxEvidence, TheDefaultPolicyRefusesADebugEnclave) {
  const Bytes quote = testing::ReadFixture(kDebugQuote);
  const auto parsed = evidence::sgx::ParseQuote(quote);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  nlohmann::json claims = appraisal::sgx::QuoteClaims(*parsed);
  ASSERT_EQ(claims["debug"], true);
  claims["tcb_status"] = "UpToDate";
  const auto references =
      policy::ParseReferenceValues(R"([{"name": "sgx.mr_enclave", "values": [")" +
                                   claims["mr_enclave"].get<std::string>() + R"("]}])");
  ASSERT_TRUE(references) << references.error().ToString();
  const policy::Appraisal appraisal = policy::EvaluateRecordedClaims(
      policy::DefaultAttestationPolicy(), "sgx", claims, *references, kDqTime.Now());
  EXPECT_EQ(appraisal.status, policy::ArStatus::kContraindicated);
  EXPECT_EQ(policy::DenialReasons(appraisal),
            std::vector<std::string>{
                "rule no-debug-enclave: claim sgx.debug expected false, found true"});
  // The same claims with DEBUG clear are affirmed.
  claims["debug"] = false;
  EXPECT_EQ(policy::EvaluateRecordedClaims(policy::DefaultAttestationPolicy(), "sgx", claims,
                                           *references, kDqTime.Now())
                .status,
            policy::ArStatus::kAffirming);
}

// /auth and /attest as a CoCo SGX guest sends them: the refusal names the report data the
// trustee expected and what the quote holds.
TEST(SgxEvidence, AttestRefusesAQuoteNotBoundToTheChallenge) {
  ExpectAttestRefusesUnboundQuote("sgx", Evidence(kDqQuote), kDqTime.Now(),
                                  LoadDcapCollateral(testing::Fixture(kDqCollateral)),
                                  OwnReportData(kDqQuote));
}

}  // namespace
}  // namespace veil::kbs
