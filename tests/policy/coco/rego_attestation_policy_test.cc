// CoCo's EAR policy (as-ear_default_policy_cpu.rego, byte-identical) appraising Veil's claims:
// the input mapping, query_reference_value over Veil's reference values, and trust_claims turned
// into the vector and status as CoCo's broker.rs does.
#include "veil/policy/coco/rego_attestation_policy.h"

#include <gtest/gtest.h>

#include "veil/policy/enrolment.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/unchecked_claims.h"

namespace veil::policy::coco {
namespace {

using nlohmann::json;

std::string Text(const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

RegoAttestationPolicy EarCpuPolicy() {
  auto policy = CompileRegoAttestationPolicy(
      Text(testing::ReadFixture("rego/trustee/as-ear_default_policy_cpu.rego")), "default");
  EXPECT_TRUE(policy) << policy.error().ToString();
  return *policy;
}

const TimePoint kNow = TimePoint{} + std::chrono::hours(24 * 365 * 50);

ReferenceValueSet References(std::vector<ReferenceValue> values) {
  ReferenceValueSet set;
  for (auto& value : values) EXPECT_TRUE(set.Add(std::move(value)));
  return set;
}

const CocoRuntimeClaims kRuntime{"00ff", {{"tee-pubkey", {{"kty", "EC"}}}, {"nonce", "n"}}, {}, {}};

json TpmClaims() {
  return {{"ak", "a1"},
          {"pcrs", {{"sha256", {{"0", "00"}, {"11", "b11"}}}, {"sha1", {{"11", "c11"}}}}}};
}

// CoCo's TPM section: hardware 2 for any TPM, executables 3 when PCR 11 and the AK are reference
// values, configuration 0. Both known: affirming.
TEST(AppraiseWithRego, TpmWithKnownPcr11AndAkIsAffirming) {
  const auto appraisal = AppraiseWithRego(
      EarCpuPolicy(), testing::UncheckedClaimsForTest("tpm", TpmClaims()), kRuntime,
      References({{"tpm_pcr11", {"b11"}, {}, ""}, {"trusted_aks", {"a1"}, {}, ""}}), kNow);
  ASSERT_TRUE(appraisal) << appraisal.error().ToString();
  EXPECT_EQ(appraisal->status, ArStatus::kAffirming);
  EXPECT_EQ(appraisal->vector.Get(Ar4siComponent::kExecutables), 3);
  EXPECT_EQ(appraisal->vector.Get(Ar4siComponent::kHardware), 2);
  EXPECT_EQ(appraisal->vector.Get(Ar4siComponent::kConfiguration), 0);
  EXPECT_EQ(appraisal->policy_id, "default");
  EXPECT_EQ(appraisal->tee, "tpm");
  EXPECT_TRUE(appraisal->claims_verified);
  EXPECT_TRUE(DenialReasons(*appraisal).empty());
  EXPECT_TRUE(EnrolmentHints(*appraisal).empty());
  // The trace names the Rego rules that produced the claims, then trust_claims and its effect.
  std::vector<std::string> rules;
  for (const TraceEntry& entry : appraisal->trace) rules.push_back(entry.rule);
  EXPECT_NE(std::find(rules.begin(), rules.end(), "executables"), rules.end());
  EXPECT_NE(std::find(rules.begin(), rules.end(), "hardware"), rules.end());
  EXPECT_EQ(appraisal->trace.back().rule, "trust_claims");
  EXPECT_NE(appraisal->trace.back().effect.find("executables=3"), std::string::npos);
}

// A known PCR 11 but no trusted AK: executables takes its default 33 (warning), the denial names
// trust_claims, and the reference value not found is traced as missing.
TEST(AppraiseWithRego, TpmWithoutTrustedAksIsWarning) {
  const auto appraisal =
      AppraiseWithRego(EarCpuPolicy(), testing::UncheckedClaimsForTest("tpm", TpmClaims()),
                       kRuntime, References({{"tpm_pcr11", {"b11"}, {}, ""}}), kNow);
  ASSERT_TRUE(appraisal) << appraisal.error().ToString();
  EXPECT_EQ(appraisal->status, ArStatus::kWarning);
  EXPECT_EQ(appraisal->vector.Get(Ar4siComponent::kExecutables), 33);
  // The reasons name the reference value that was missing, then the status trust_claims gave.
  EXPECT_EQ(DenialReasons(*appraisal),
            (std::vector<std::string>{
                "rule query_reference_value: condition rego does not hold (no current reference "
                "value trusted_aks, the answer was null)",
                "rule trust_claims: claim ear.status expected affirming, found warning"}));
  ASSERT_EQ(EnrolmentHints(*appraisal).size(), 1u);
  EXPECT_NE(EnrolmentHints(*appraisal)[0].find("veil refval add trusted_aks VALUE"),
            std::string::npos)
      << EnrolmentHints(*appraisal)[0];
}

// CoCo's default CPU policy's `extensions`: ear.trustee.identifiers (key -18) holding the
// identifiers validated by the init-data's agent policy: the containers' image names
// (OCI.Annotations["io.kubernetes.cri.image-name"]) and UIDs (OCI.Process.User.UID), each list
// left out when empty; so without init-data, {"validated": {}}.
TEST(AppraiseWithRego, EarCpuPolicyExtensionsCarryTheValidatedIdentifiers) {
  const auto without =
      AppraiseWithRego(EarCpuPolicy(), testing::UncheckedClaimsForTest("tpm", TpmClaims()),
                       kRuntime, References({}), kNow);
  ASSERT_TRUE(without) << without.error().ToString();
  EXPECT_EQ(without->extensions,
            json({{"ear.trustee.identifiers", {{"validated", json::object()}}}}));

  CocoRuntimeClaims runtime = kRuntime;
  runtime.init_data_hex = "abcd";
  const auto container = [](const char* image, int uid) {
    return json{{"OCI",
                 {{"Annotations", {{"io.kubernetes.cri.image-name", image}}},
                  {"Process", {{"User", {{"UID", uid}}}}}}}};
  };
  runtime.init_data_claims = {
      {"agent_policy_claims",
       {{"containers", json::array({container("pause:3.9", 65535), container("nginx:1", 0)})}}}};
  const auto with =
      AppraiseWithRego(EarCpuPolicy(), testing::UncheckedClaimsForTest("tpm", TpmClaims()), runtime,
                       References({}), kNow);
  ASSERT_TRUE(with) << with.error().ToString();
  EXPECT_EQ(with->extensions, json({{"ear.trustee.identifiers",
                                     {{"validated",
                                       {{"container_images", {"pause:3.9", "nginx:1"}},
                                        {"container_uids", {65535, 0}}}}}}}));
}

// A policy without `extensions` gives none; one whose extensions CoCo could not register refuses
// the attestation.
TEST(AppraiseWithRego, ExtensionsThatCannotBeRegisteredFail) {
  const auto none = AppraiseRecordedWithRego(
      CompileRegoAttestationPolicy("package policy\ntrust_claims := {\"hardware\": 2}\n", "p")
          .value(),
      "sample", json::object(), References({}), kNow);
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_EQ(none->extensions, json::object());
  const auto twice = AppraiseRecordedWithRego(
      CompileRegoAttestationPolicy("package policy\ntrust_claims := {\"hardware\": 2}\n"
                                   "extensions := [{\"name\": \"a\", \"key\": 1, \"value\": 1},"
                                   " {\"name\": \"a\", \"key\": 2, \"value\": 2}]\n",
                                   "p")
          .value(),
      "sample", json::object(), References({}), kNow);
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("name a already registered"), std::string::npos)
      << twice.error().message;
}

// query_reference_value answers null for a name with no current value (CoCo's RVPS), an array of
// the current values' text otherwise; an expired value is not current.
TEST(AppraiseWithRego, QueryReferenceValueAnswersCurrentValuesOrNull) {
  const auto policy = CompileRegoAttestationPolicy(
      "package policy\n"
      "trust_claims := {\"executables\": 3, \"hardware\": h} if { h := "
      "count(query_reference_value(\"a\")) }\n"
      "else := {\"executables\": 3, \"hardware\": 99} if { query_reference_value(\"a\") == null "
      "}\n",
      "p");
  ASSERT_TRUE(policy) << policy.error().ToString();
  const auto two = AppraiseRecordedWithRego(
      *policy, "sample", json::object(),
      References({{"a", {"x", "y"}, {}, ""}, {"a", {"z"}, kNow, ""}}), kNow);
  ASSERT_TRUE(two) << two.error().ToString();
  EXPECT_EQ(two->vector.Get(Ar4siComponent::kHardware), 2);
  EXPECT_FALSE(two->claims_verified);
  const auto none =
      AppraiseRecordedWithRego(*policy, "sample", json::object(), References({}), kNow);
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_EQ(none->vector.Get(Ar4siComponent::kHardware), 99);
}

// CoCo's RVPS answers the JSON registered under a name (rvps/src/lib.rs); Veil answers each value
// of the kind it was written as: one entry written as a scalar is that scalar, anything else an
// array of every current value in order.
TEST(AppraiseWithRego, QueryReferenceValueAnswersEachValueOfItsKind) {
  const auto policy = CompileRegoAttestationPolicy(
      "package policy\n"
      "default hardware := 0\n"
      "hardware := 2 if { query_reference_value(input.name) == input.expected }\n"
      "trust_claims := {\"executables\": 3, \"hardware\": hardware}\n",
      "p");
  ASSERT_TRUE(policy) << policy.error().ToString();
  ReferenceValue smt{"smt", {}, {}, ""};
  smt.Add("true", ReferenceValueKind::kBoolean);
  smt.scalar = true;
  ReferenceValue tcb{"tcb", {}, {}, ""};
  tcb.Add("3", ReferenceValueKind::kInteger);
  tcb.Add("1.5", ReferenceValueKind::kNumber);
  tcb.Add("abc", ReferenceValueKind::kString);
  ReferenceValue more_tcb{"tcb", {}, {}, ""};
  more_tcb.Add("false", ReferenceValueKind::kBoolean);
  more_tcb.scalar = true;  // a scalar among other entries joins the array
  ReferenceValue expired{"smt", {}, kNow, ""};
  expired.Add("false", ReferenceValueKind::kBoolean);
  const ReferenceValueSet references =
      References({smt, tcb, more_tcb, expired, {"text", {"7"}, {}, ""}});
  const auto answers = [&](std::string_view name, const json& expected) {
    const auto appraisal = AppraiseRecordedWithRego(
        *policy, "sample", json{{"name", name}, {"expected", expected}}, references, kNow);
    EXPECT_TRUE(appraisal) << appraisal.error().ToString();
    return appraisal && appraisal->vector.Get(Ar4siComponent::kHardware) == 2;
  };
  EXPECT_TRUE(answers("smt", true));  // the expired entry is not current
  EXPECT_FALSE(answers("smt", "true"));
  EXPECT_TRUE(answers("tcb", json::array({3, 1.5, "abc", false})));
  EXPECT_TRUE(answers("text", json::array({"7"})));  // kept as text: a string
  EXPECT_FALSE(answers("text", json::array({7})));
  EXPECT_TRUE(answers("none", nullptr));

  // A value whose text is not of its kind (never stored: the store validates) is an error, not a
  // guess.
  ReferenceValue corrupt{"bad", {}, {}, ""};
  corrupt.Add("abc", ReferenceValueKind::kInteger);
  const auto refused = AppraiseRecordedWithRego(
      *policy, "sample", json{{"name", "bad"}, {"expected", 1}}, References({corrupt}), kNow);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("reference value bad: \"abc\" is not the text of a JSON "
                                         "integer"),
            std::string::npos)
      << refused.error().ToString();
}

// broker.rs: trust_claims undefined, or setting nothing, fails the attestation; Veil also refuses
// an unknown component and a value outside int8 (CoCo would panic or truncate).
TEST(AppraiseWithRego, TrustClaimsThatSetNothingOrAreMalformedFail) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"trust_claims := {\"executables\": 3} if { false }", "undefined"},
      {"trust_claims := {\"executables\": 0}", "sets no AR4SI claim"},
      {"trust_claims := 3", "must be an object"},
      {"trust_claims := {\"speed\": 3}", "is not one of"},
      {"trust_claims := {\"executables\": 300}", "integer in -128..127"},
      {"trust_claims := {\"executables\": \"3\"}", "integer in -128..127"},
  };
  for (const auto& [rule, message] : cases) {
    const auto policy = CompileRegoAttestationPolicy("package policy\n" + rule + "\n", "p");
    ASSERT_TRUE(policy) << rule << ": " << policy.error().ToString();
    const auto appraisal =
        AppraiseRecordedWithRego(*policy, "sample", json::object(), References({}), kNow);
    ASSERT_FALSE(appraisal) << rule;
    EXPECT_NE(appraisal.error().message.find(message), std::string::npos)
        << rule << ": " << appraisal.error().message;
  }
}

TEST(CompileRegoAttestationPolicy, RequiresTrustClaimsAndPackagePolicy) {
  const auto no_rule = CompileRegoAttestationPolicy("package policy\nallow := true\n", "p");
  ASSERT_FALSE(no_rule);
  EXPECT_NE(no_rule.error().message.find("no rule trust_claims"), std::string::npos);
  const auto other = CompileRegoAttestationPolicy("package ear\ntrust_claims := {}\n", "p");
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("package policy"), std::string::npos);
}

}  // namespace
}  // namespace veil::policy::coco
