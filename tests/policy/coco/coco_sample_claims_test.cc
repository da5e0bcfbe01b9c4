// CoCo's sample claims (trustee deps/verifier/src/sample/mod.rs, parse_tee_evidence) next to
// Veil's, over evidence in the shape guest-components' sample attester sends ({"svn": "1",
// "report_data": <standard base64>}) verified by Veil's sample verifier, and CoCo's
// ear_default_policy_cpu.rego (byte-identical fixture) deciding on them.
#include "veil/policy/coco/coco_sample_claims.h"

#include <gtest/gtest.h>

#include "veil/appraisal/sample/verify_sample.h"
#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/policy/coco/rego_attestation_policy.h"
#include "veil/testing/fixtures.h"

namespace veil::policy::coco {
namespace {

using nlohmann::json;

const Bytes kReportData(64, 0xAB);

appraisal::VerifiedClaims VerifiedSample() {
  const json evidence = {{"svn", "1"}, {"report_data", Base64Encode(kReportData)}};
  auto claims = appraisal::sample::VerifySample(evidence.dump(), kReportData);
  EXPECT_TRUE(claims) << claims.error().ToString();
  return std::move(claims).value();
}

const CocoRuntimeClaims kRuntime{HexEncode(kReportData), {{"nonce", "n"}}, nullptr, nullptr};

// svn is the evidence's string; the rest are CoCo's constants, each with CoCo's JSON type.
TEST(CocoSampleClaims, VerifiedSampleGetsCocosClaimsWithCocosTypes) {
  const json sample = CocoAttestationInput("sample", VerifiedSample().claims(), kRuntime)["sample"];
  ASSERT_TRUE(sample["svn"].is_string());
  EXPECT_EQ(sample["svn"], "1");
  ASSERT_TRUE(sample["launch_digest"].is_string());
  EXPECT_EQ(sample["launch_digest"], "abcde");
  ASSERT_TRUE(sample["platform_version"]["major"].is_number_integer());
  ASSERT_TRUE(sample["platform_version"]["minor"].is_number_integer());
  EXPECT_EQ(sample["platform_version"], json({{"major", 1}, {"minor", 4}}));
  ASSERT_TRUE(sample["debug"].is_boolean());
  EXPECT_EQ(sample["debug"], false);
  EXPECT_EQ(sample["insecure"], true);  // Veil's names stay
  EXPECT_EQ(sample["report_data"], HexEncode(kReportData));
  EXPECT_EQ(WithCocoSampleNames(json::array()), json::array());
}

// CoCo's sample verifier gives the init-data digest in standard base64 (where SNP gives hex);
// without init-data there is none.
TEST(CocoSampleClaims, InitDataIsTheDigestInBase64) {
  const Bytes digest = {0xfb, 0xff, 0x00, 0x01};
  CocoRuntimeClaims runtime = kRuntime;
  runtime.init_data_hex = HexEncode(digest);
  runtime.init_data_claims = {{"aa.toml", json::object()}};
  const json input = CocoAttestationInput("sample", VerifiedSample().claims(), runtime);
  EXPECT_EQ(input["init_data"], "+/8AAQ==");
  EXPECT_EQ(input["init_data_claims"], runtime.init_data_claims);
  EXPECT_FALSE(
      CocoAttestationInput("sample", VerifiedSample().claims(), kRuntime).contains("init_data"));
  EXPECT_TRUE(CocoSampleInitData("xyz").is_null());
}

RegoAttestationPolicy EarCpuPolicy() {
  const Bytes text = testing::ReadFixture("rego/trustee/as-ear_default_policy_cpu.rego");
  auto policy = CompileRegoAttestationPolicy(std::string(text.begin(), text.end()), "default");
  EXPECT_TRUE(policy) << policy.error().ToString();
  return *policy;
}

const TimePoint kNow = TimePoint{} + std::chrono::hours(24 * 365 * 50);

Appraisal AppraiseSample(std::vector<ReferenceValue> values) {
  ReferenceValueSet references;
  for (auto& value : values) EXPECT_TRUE(references.Add(std::move(value)));
  auto appraisal = AppraiseWithRego(EarCpuPolicy(), VerifiedSample(), kRuntime, references, kNow);
  EXPECT_TRUE(appraisal) << appraisal.error().ToString();
  return std::move(appraisal).value();
}

// The policy's sample section with CoCo's sample reference values enrolled as strings in lists:
//   executables 3: input.sample.launch_digest ("abcde") in query_reference_value("launch_digest").
//   hardware 97 (its default): svn "1" is in ["1"], but platform_version.major (the number 1) ==
//     query_reference_value("major_version") compares a number with ["1"], which does not hold,
//     in Rego as in CoCo.
//   configuration 2: input.sample.debug == false.
//   status: hardware 97 is contraindicated (96..127).
TEST(CocoSampleClaimsWithEarCpuPolicy, LaunchDigestEnrolled) {
  const Appraisal appraisal = AppraiseSample({{"launch_digest", {"abcde"}, {}, ""},
                                              {"svn", {"1"}, {}, ""},
                                              {"major_version", {"1"}, {}, ""},
                                              {"minimum_minor_version", {"4"}, {}, ""}});
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kExecutables), 3);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kHardware), 97);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kConfiguration), 2);
  EXPECT_EQ(appraisal.status, ArStatus::kContraindicated);
}

ReferenceValue ScalarInteger(std::string name, int number) {
  ReferenceValue value{std::move(name), {}, {}, "test"};
  value.Add(std::to_string(number), ReferenceValueKind::kInteger);
  value.scalar = true;
  return value;
}

// The same with the numbers registered as numbers on their own (an RVPS payload's
// `"major_version": 1`), as CoCo's sample setup does:
//   hardware 2: svn "1" in ["1"], platform_version.major 1 == 1 and minor 4 >= 4.
//   status: affirming (executables 3, hardware 2, configuration 2).
// With minimum_minor_version 5, `4 >= 5` does not hold and hardware is its default 97.
TEST(CocoSampleClaimsWithEarCpuPolicy, AffirmedWithTypedReferenceValues) {
  const Appraisal appraisal = AppraiseSample({{"launch_digest", {"abcde"}, {}, ""},
                                              {"svn", {"1"}, {}, ""},
                                              ScalarInteger("major_version", 1),
                                              ScalarInteger("minimum_minor_version", 4)});
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kExecutables), 3);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kHardware), 2);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kConfiguration), 2);
  EXPECT_EQ(appraisal.status, ArStatus::kAffirming);
  const Appraisal newer = AppraiseSample({{"svn", {"1"}, {}, ""},
                                          ScalarInteger("major_version", 1),
                                          ScalarInteger("minimum_minor_version", 5)});
  EXPECT_EQ(newer.vector.Get(Ar4siComponent::kHardware), 97);
}

// A launch_digest other than CoCo's "abcde" enrolled, nothing else: executables and hardware keep
// their defaults (33, 97); configuration reads no reference value and is 2.
TEST(CocoSampleClaimsWithEarCpuPolicy, OtherLaunchDigestKeepsExecutablesDefault) {
  const Appraisal appraisal = AppraiseSample({{"launch_digest", {"other"}, {}, ""}});
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kExecutables), 33);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kHardware), 97);
  EXPECT_EQ(appraisal.vector.Get(Ar4siComponent::kConfiguration), 2);
}

}  // namespace
}  // namespace veil::policy::coco
