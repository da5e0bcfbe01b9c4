// The default policies over the claims Veil's own verifiers produce from real hardware evidence.

#include "veil/policy/default_policies.h"

#include <gtest/gtest.h>

#include <cctype>

#include "veil/appraisal/sample/verify_sample.h"
#include "veil/appraisal/snp/verify_report.h"
#include "veil/base/file.h"
#include "veil/base/rfc3339.h"
#include "veil/policy/enrolment.h"
#include "veil/testing/fixtures.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;

const TimePoint kNow = ParseRfc3339("2026-11-23T00:00:00Z").value();
const FixedClock kClock(kNow);

constexpr const char* kVirteeMeasurement =
    "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd8184"
    "1f";

appraisal::VerifiedClaims VerifySnp(const char* report, const char* vcek) {
  const crypto::Certificate signer =
      crypto::Certificate::FromDer(testing::ReadFixture(vcek)).value();
  const Bytes bytes = testing::ReadFixture(report);
  auto claims = appraisal::snp::VerifyReport({bytes, signer, std::nullopt, std::nullopt, kClock});
  EXPECT_TRUE(claims) << claims.error().ToString();
  return *std::move(claims);
}

appraisal::VerifiedClaims Virtee() {
  return VerifySnp("snp/milan-virtee-report.bin", "snp/milan-virtee-vcek.der");
}

ReferenceValueSet References(const std::string& json) { return ParseReferenceValues(json).value(); }

const TraceEntry* EntryOf(const Appraisal& appraisal, const std::string& rule) {
  for (const TraceEntry& entry : appraisal.trace) {
    if (entry.rule == rule) return &entry;
  }
  return nullptr;
}

TEST(DefaultAttestationPolicy, TextParsesAndIsTheParsedPolicy) {
  auto parsed = ParseAttestationPolicy(DefaultAttestationPolicyText());
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const AttestationPolicy policy = DefaultAttestationPolicy();
  EXPECT_EQ(policy.id, "default");
  std::vector<std::string> names;
  for (const AttestationRule& rule : policy.rules) names.push_back(rule.name);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "genuine-hardware", "sample-is-not-hardware", "reference-values",
                       "launch-measurement-enrolled", "known-ak", "td-firmware-enrolled",
                       "tdx-tcb-up-to-date", "no-debug", "no-debug-td", "enclave-enrolled",
                       "sgx-tcb-up-to-date", "no-debug-enclave"}));
}

ReferenceValueSet VirteeMeasurement() {
  return References(std::string(R"([{"name": "snp.measurement", "values": [")") +
                    kVirteeMeasurement + R"("]}])");
}

// The default fails closed: a genuine, debug-off SNP guest running an image nobody enrolled is not
// affirmed, and the default resource policy releases nothing to it.
TEST(DefaultAttestationPolicy, GenuineSnpReportWithoutEnrolledMeasurementIsNotAffirming) {
  const Appraisal appraisal =
      EvaluateAttestationPolicy(DefaultAttestationPolicy(), Virtee(), {}, kNow);
  EXPECT_EQ(appraisal.status, ArStatus::kContraindicated);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kExecutables), 97);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kHardware), 2);
  EXPECT_EQ(DenialReasons(appraisal),
            std::vector<std::string>{
                "rule launch-measurement-enrolled: claim snp.measurement expected a reference "
                "value named snp.measurement, found " +
                std::string(kVirteeMeasurement) +
                " (no reference value is named snp.measurement; absent_reference: fail)"});
  const Json input = {
      {"resource", "prod/key/web"},  {"status", ArStatusToJson(appraisal.status)},
      {"tee", appraisal.tee},        {"trust_vector", TrustVectorToJson(appraisal.vector)},
      {"claims", Virtee().claims()}, {"policy_id", appraisal.policy_id}};
  EXPECT_FALSE(DecideResource(DefaultResourcePolicy(), input, {}, kNow).allowed);
}

TEST(DefaultAttestationPolicy, GenuineDebugOffSnpReportWithEnrolledMeasurementIsAffirming) {
  const Appraisal appraisal =
      EvaluateAttestationPolicy(DefaultAttestationPolicy(), Virtee(), VirteeMeasurement(), kNow);
  EXPECT_EQ(appraisal.status, ArStatus::kAffirming);
  EXPECT_TRUE(appraisal.claims_verified);
  EXPECT_EQ(TrustVectorToJson(appraisal.vector),
            Json::parse(R"({"instance-identity": 0, "configuration": 2,
      "executables": 2, "file-system": 0, "hardware": 2, "runtime-opaque": 0, "storage-opaque": 0,
      "sourced-data": 0})"));
  EXPECT_TRUE(DenialReasons(appraisal).empty());
  ASSERT_NE(EntryOf(appraisal, "known-ak"), nullptr);
  EXPECT_TRUE(EntryOf(appraisal, "known-ak")->skipped);
}

TEST(DefaultAttestationPolicy, MatchingReferenceValuesStayAffirming) {
  const ReferenceValueSet refs =
      References(std::string(R"([{"name": "snp.measurement", "values": [")") + kVirteeMeasurement +
                 R"("]}, {"name": "snp.reported_tcb.snp", "values": [8]}])");
  const Appraisal appraisal =
      EvaluateAttestationPolicy(DefaultAttestationPolicy(), Virtee(), refs, kNow);
  EXPECT_EQ(appraisal.status, ArStatus::kAffirming);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kExecutables), 2);
}

TEST(DefaultAttestationPolicy, UpperCaseReferenceMeasurementStillMatches) {
  std::string upper = kVirteeMeasurement;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const ReferenceValueSet refs =
      References(R"([{"name": "snp.measurement", "values": [")" + upper + R"("]}])");
  EXPECT_EQ(EvaluateAttestationPolicy(DefaultAttestationPolicy(), Virtee(), refs, kNow).status,
            ArStatus::kAffirming);
}

TEST(DefaultAttestationPolicy, AnotherMeasurementIsContraindicatedNamingBoth) {
  const std::string other(96, 'a');
  const ReferenceValueSet refs =
      References(R"([{"name": "snp.measurement", "values": [")" + other + R"("]}])");
  const Appraisal appraisal =
      EvaluateAttestationPolicy(DefaultAttestationPolicy(), Virtee(), refs, kNow);
  EXPECT_EQ(appraisal.status, ArStatus::kContraindicated);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kExecutables), 97);
  const std::string mismatch =
      "claim snp.measurement expected one of reference values "
      "snp.measurement [" +
      other + "], found " + kVirteeMeasurement;
  EXPECT_EQ(DenialReasons(appraisal),
            (std::vector<std::string>{"rule reference-values: " + mismatch,
                                      "rule launch-measurement-enrolled: " + mismatch}));
  // The measurement is enrolled, just different: nothing is missing, so there is no hint.
  EXPECT_TRUE(EnrolmentHints(appraisal).empty());
}

TEST(DefaultAttestationPolicy, ExpiredReferenceMeasurementIsContraindicated) {
  const ReferenceValueSet refs = References(
      std::string(
          R"([{"name": "snp.measurement", "expires": "2026-01-01T00:00:00Z", "values": [")") +
      kVirteeMeasurement + R"("]}])");
  const Appraisal appraisal =
      EvaluateAttestationPolicy(DefaultAttestationPolicy(), Virtee(), refs, kNow);
  EXPECT_EQ(appraisal.status, ArStatus::kContraindicated);
  EXPECT_EQ(EntryOf(appraisal, "reference-values")->note,
            "every reference value named snp.measurement has expired; ignored reference values "
            "snp.measurement that "
            "expired at 2026-01-01T00:00:00Z");
}

TEST(DefaultAttestationPolicy, GoSevGuestDebugReportIsContraindicatedByPolicyDebug) {
  const appraisal::VerifiedClaims claims =
      VerifySnp("snp/milan-gsg-report.bin", "snp/milan-gsg-vcek.der");
  ASSERT_EQ(claims.claims()["policy"]["debug"], true);
  const Appraisal appraisal =
      EvaluateAttestationPolicy(DefaultAttestationPolicy(), claims, {}, kNow);
  EXPECT_EQ(appraisal.status, ArStatus::kContraindicated);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kConfiguration), 97);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kHardware), 2);
  EXPECT_EQ(DenialReasons(appraisal).back(),
            "rule no-debug: claim snp.policy.debug expected false, found true");
  const std::string measurement = claims.claims()["measurement"].get<std::string>();
  const Appraisal enrolled = EvaluateAttestationPolicy(
      DefaultAttestationPolicy(), claims,
      References(R"([{"name": "snp.measurement", "values": [")" + measurement + R"("]}])"), kNow);
  EXPECT_EQ(enrolled.status, ArStatus::kContraindicated);
  EXPECT_EQ(
      DenialReasons(enrolled),
      std::vector<std::string>{"rule no-debug: claim snp.policy.debug expected false, found true"});
}

TEST(DefaultAttestationPolicy, SampleEvidenceIsContraindicated) {
  auto claims =
      appraisal::sample::VerifySample(R"({"svn": "1", "report_data": "AQID"})", std::nullopt);
  ASSERT_TRUE(claims) << claims.error().ToString();
  const Appraisal appraisal =
      EvaluateAttestationPolicy(DefaultAttestationPolicy(), *claims, {}, kNow);
  EXPECT_EQ(appraisal.status, ArStatus::kContraindicated);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kHardware), 97);
  EXPECT_EQ(
      DenialReasons(appraisal),
      std::vector<std::string>{
          "rule sample-is-not-hardware: claim sample.insecure expected not true, found true"});
  EXPECT_TRUE(EntryOf(appraisal, "genuine-hardware")->skipped);
  // Even claims that lost their `insecure` marker stay contraindicated.
  EXPECT_EQ(
      EvaluateRecordedClaims(DefaultAttestationPolicy(), "sample", Json::object(), {}, kNow).status,
      ArStatus::kContraindicated);
}

TEST(DefaultAttestationPolicy, TpmNeedsAnEnrolledAttestationKey) {
  const Json claims = {{"ak", "5d2a"}, {"pcrs", {{"sha256", {{"23", "00"}}}}}, {"nonce", "01"}};
  const Appraisal unknown =
      EvaluateRecordedClaims(DefaultAttestationPolicy(), "tpm", claims, {}, kNow);
  EXPECT_FALSE(unknown.claims_verified);
  EXPECT_EQ(unknown.status, ArStatus::kContraindicated);
  EXPECT_EQ(unknown.vector.Get(Ar4siComponent::kInstanceIdentity), 97);
  EXPECT_EQ(DenialReasons(unknown),
            std::vector<std::string>{
                "rule known-ak: claim tpm.ak expected a reference value named tpm.ak, found 5d2a "
                "(no reference value is named tpm.ak; absent_reference: fail)"});

  const ReferenceValueSet refs = References(R"([{"name": "tpm.ak", "values": ["5D2A"]},
                                                {"name": "tpm.pcrs.sha256.23", "values": ["00"]}])");
  const Appraisal enrolled =
      EvaluateRecordedClaims(DefaultAttestationPolicy(), "tpm", claims, refs, kNow);
  EXPECT_EQ(enrolled.status, ArStatus::kAffirming);
  EXPECT_EQ(enrolled.vector.Get(Ar4siComponent::kInstanceIdentity), 2);

  const ReferenceValueSet wrong_pcr = References(R"([{"name": "tpm.ak", "values": ["5d2a"]},
                                                   {"name": "tpm.pcrs.sha256.23", "values": ["ff"]}])");
  EXPECT_EQ(DenialReasons(
                EvaluateRecordedClaims(DefaultAttestationPolicy(), "tpm", claims, wrong_pcr, kNow)),
            std::vector<std::string>{
                "rule reference-values: claim tpm.pcrs.sha256.23 expected one of reference values "
                "tpm.pcrs.sha256.23 [ff], found 00"});
}

TEST(DefaultResourcePolicy, TextParsesAndReleasesOnlyToAffirming) {
  auto parsed = ParseResourcePolicy(DefaultResourcePolicyText());
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const Appraisal affirming =
      EvaluateAttestationPolicy(DefaultAttestationPolicy(), Virtee(), VirteeMeasurement(), kNow);
  ASSERT_EQ(affirming.status, ArStatus::kAffirming);
  const Json input = {
      {"resource", "prod/key/web"},  {"status", ArStatusToJson(affirming.status)},
      {"tee", affirming.tee},        {"trust_vector", TrustVectorToJson(affirming.vector)},
      {"claims", Virtee().claims()}, {"policy_id", affirming.policy_id}};
  EXPECT_TRUE(DecideResource(DefaultResourcePolicy(), input, {}, kNow).allowed);
  Json contraindicated = input;
  contraindicated["status"] = "contraindicated";
  EXPECT_FALSE(DecideResource(DefaultResourcePolicy(), contraindicated, {}, kNow).allowed);
}

// ---- docs/policy.md stays true ----

std::string PolicyDoc() {
  return ReadFileText(std::string(VEIL_SOURCE_DIR) + "/docs/policy.md").value();
}

// The bodies of the doc's ```yaml and ```json code blocks.
std::vector<std::string> CodeBlocks(const std::string& doc) {
  std::vector<std::string> blocks;
  std::size_t at = 0;
  while ((at = doc.find("\n```", at)) != std::string::npos) {
    const std::size_t line_end = doc.find('\n', at + 1);
    const std::string language = doc.substr(at + 4, line_end - at - 4);
    const std::size_t close = doc.find("\n```", line_end);
    if (close == std::string::npos) break;
    if (language == "yaml" || language == "json")
      blocks.push_back(doc.substr(line_end + 1, close - line_end));
    at = close + 4;
  }
  return blocks;
}

TEST(PolicyDoc, QuotesTheDefaultPoliciesVerbatim) {
  const std::string doc = PolicyDoc();
  EXPECT_NE(doc.find("```yaml\n" + std::string(DefaultAttestationPolicyText()) + "```"),
            std::string::npos);
  EXPECT_NE(doc.find("```yaml\n" + std::string(DefaultResourcePolicyText()) + "```"),
            std::string::npos);
  EXPECT_NE(doc.find("```yaml\n" + std::string(DefaultIdentityPolicyText()) + "```"),
            std::string::npos);
}

TEST(PolicyDoc, EveryPolicyAndReferenceValueExampleParses) {
  int policies = 0;
  int reference_lists = 0;
  int identity_policies = 0;
  for (const std::string& block : CodeBlocks(PolicyDoc())) {
    const bool is_policy =
        block.find("rules") != std::string::npos && block.find("\"...\"") == std::string::npos;
    if (is_policy) {
      ++policies;
      const bool is_identity = block.find("names:") != std::string::npos ||
                               block.find("\"names\"") != std::string::npos ||
                               block.find("default-identity") != std::string::npos;
      const bool is_resource = block.find("resource") != std::string::npos;
      if (is_identity) {
        ++identity_policies;
        auto parsed = ParseIdentityPolicy(block);
        EXPECT_TRUE(parsed) << parsed.error().ToString() << "\n" << block;
      } else if (is_resource) {
        auto parsed = ParseResourcePolicy(block);
        EXPECT_TRUE(parsed) << parsed.error().ToString() << "\n" << block;
      } else {
        auto parsed = ParseAttestationPolicy(block);
        EXPECT_TRUE(parsed) << parsed.error().ToString() << "\n" << block;
      }
    } else if ((block.find("\"name\"") != std::string::npos || block.rfind("- name:", 0) == 0) &&
               block.find("\"...\"") == std::string::npos) {  // "...": an input object sketch
      ++reference_lists;
      auto parsed = ParseReferenceValues(block);
      EXPECT_TRUE(parsed) << parsed.error().ToString() << "\n" << block;
    }
  }
  EXPECT_GE(policies, 8);
  EXPECT_GE(reference_lists, 2);
  EXPECT_GE(identity_policies, 2);
}

}  // namespace
}  // namespace veil::policy
