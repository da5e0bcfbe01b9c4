// Conformance: CoCo trustee's own Rego policies (shared/fixtures/rego/trustee, byte-identical
// copies) evaluated on hand-written inputs in CoCo's claim shapes. Each test says why its
// answer is the one OPA gives, reading the policy. `query_reference_value(name)` is CoCo's host
// function; here it answers from a JSON object of reference values, and is undefined for a name
// the object lacks (a choice of this harness, not a claim about CoCo's store).
#include <gtest/gtest.h>

#include <filesystem>

#include "eval_test_util.h"
#include "veil/testing/fixtures.h"

namespace veil::policy::rego::eval {
namespace {

std::string ReadPolicy(std::string_view name) {
  const Bytes bytes = testing::ReadFixture("rego/trustee/" + std::string(name));
  return {bytes.begin(), bytes.end()};
}

CompileOptions CocoHost() {
  CompileOptions options;
  options.host_functions["query_reference_value"] = 1;
  return options;
}

// Reference values are shared with the host function through a pointer the test keeps alive.
EvaluationOptions WithReferenceValues(const Value* reference_values) {
  EvaluationOptions options;
  options.functions["query_reference_value"] =
      [reference_values](std::span<const Value> args) -> Result<std::optional<Value>> {
    const Value* found = reference_values->Find(args[0]);
    return found != nullptr ? std::optional<Value>(*found) : std::nullopt;
  };
  return options;
}

class TrusteePolicy {
 public:
  explicit TrusteePolicy(std::string_view name) {
    auto policy = CompileText(ReadPolicy(name), CocoHost());
    EXPECT_TRUE(policy) << name << ": " << policy.error().ToString();
    if (policy) policy_.emplace(std::move(*policy));
  }

  // The rule's value as Rego text, "undefined", or "error: ...".
  std::string Eval(std::string_view rule, std::string_view input, std::string_view data = "{}",
                   std::string_view reference_values = "{}") const {
    if (!policy_) return "error: did not compile";
    const Value references = J(reference_values);
    auto decision = policy_->Evaluate(rule, J(input), J(data), WithReferenceValues(&references));
    if (!decision) return "error: " + decision.error().ToString();
    return Show(decision->value);
  }

  // The definitions that produced values, as "name:line".
  std::vector<std::string> Trace(std::string_view rule, std::string_view input,
                                 std::string_view reference_values) const {
    if (!policy_) return {"did not compile"};
    const Value references = J(reference_values);
    auto decision = policy_->Evaluate(rule, J(input), J("{}"), WithReferenceValues(&references));
    if (!decision) return {decision.error().ToString()};
    std::vector<std::string> hits;
    for (const RuleHit& hit : decision->trace)
      hits.push_back(hit.name + ":" + std::to_string(hit.line));
    return hits;
  }

 private:
  std::optional<Policy> policy_;
};

// ======== KBS resource policies: input is the EAR token's claims, data the request path ========

constexpr std::string_view kResourceRequest =
    R"({"plugin": "resource", "resource-path": ["myrepo", "License", "key"], "query": {}})";
constexpr std::string_view kOtherPluginRequest =
    R"({"plugin": "plugin1", "resource-path": ["para", "meters"], "query": {"version": "1.0.0"}})";
constexpr std::string_view kSnpToken = R"({"submods": {"cpu0": {
    "ear.status": "affirming",
    "ear.veraison.annotated-evidence": {"snp": {"measurement": "abc"}}}}})";
constexpr std::string_view kSampleToken = R"({"submods": {"cpu0": {
    "ear.status": "affirming",
    "ear.veraison.annotated-evidence": {"sample": {"productId": "License", "svn": 2}}}}})";

TEST(TrusteePoliciesTest, KbsDefaultAllowsResourceForRealTees) {
  const TrusteePolicy policy("kbs-default.rego");
  // plugin == "resource" and the token carries no `sample` evidence: allow.
  EXPECT_EQ(policy.Eval("allow", kSnpToken, kResourceRequest), "true");
  // `not input[...]["sample"]` fails when sample evidence is present: the default false.
  EXPECT_EQ(policy.Eval("allow", kSampleToken, kResourceRequest), "false");
  // Another plugin: `plugin == "resource"` fails.
  EXPECT_EQ(policy.Eval("allow", kSnpToken, kOtherPluginRequest), "false");
  // `plugin = data.plugin` is a rule of the package.
  EXPECT_EQ(policy.Eval("plugin", kSnpToken, kOtherPluginRequest), R"("plugin1")");
  // No claims at all: the sample lookup is undefined, so `not` holds.
  EXPECT_EQ(policy.Eval("allow", "{}", kResourceRequest), "true");
}

TEST(TrusteePoliciesTest, KbsAffirmingRequiresEverySubmodAffirming) {
  const TrusteePolicy policy("kbs-affirming.rego");
  // One submod, affirming: any_not_affirming is undefined, count is 1 > 0.
  EXPECT_EQ(policy.Eval("allow", kSnpToken, kResourceRequest), "true");
  // A second submod with another status makes any_not_affirming true: default false.
  EXPECT_EQ(policy.Eval("allow", R"({"submods": {"cpu0": {"ear.status": "affirming"},
                                                 "gpu0": {"ear.status": "warning"}}})",
                        kResourceRequest),
            "false");
  EXPECT_EQ(policy.Eval("any_not_affirming", R"({"submods": {"gpu0": {"ear.status": "warning"}}})"),
            "true");
  // No submods: count(input.submods) == 0 fails.
  EXPECT_EQ(policy.Eval("allow", R"({"submods": {}})", kResourceRequest), "false");
  // submods absent: count(...) is undefined, the body fails.
  EXPECT_EQ(policy.Eval("allow", "{}", kResourceRequest), "false");
}

TEST(TrusteePoliciesTest, KbsAllowAllAllowsEveryResourceRequest) {
  const TrusteePolicy policy("kbs-allow_all.rego");
  EXPECT_EQ(policy.Eval("allow", kSampleToken, kResourceRequest), "true");  // any token
  EXPECT_EQ(policy.Eval("allow", "{}", kResourceRequest), "true");
  EXPECT_EQ(policy.Eval("allow", kSnpToken, kOtherPluginRequest), "false");  // plugin1
}

TEST(TrusteePoliciesTest, KbsDenyAllDenies) {
  const TrusteePolicy policy("kbs-deny_all.rego");
  // Only `default allow = false`.
  EXPECT_EQ(policy.Eval("allow", kSnpToken, kResourceRequest), "false");
}

TEST(TrusteePoliciesTest, PolicyEngineTestPolicies) {
  // policy_1: three path parts, the resource plugin, and the sample productId equal to the
  // resource type (path[1]).
  const TrusteePolicy one("policy-engine-policy_1.rego");
  EXPECT_EQ(one.Eval("allow", kSampleToken, kResourceRequest), "true");
  EXPECT_EQ(one.Eval("allow", kSampleToken,
                     R"({"plugin": "resource", "resource-path": ["myrepo", "Other", "key"]})"),
            "false");
  EXPECT_EQ(one.Eval("allow", kSnpToken, kResourceRequest), "false");  // no productId
  // policy_2 and policy_3: constants.
  EXPECT_EQ(TrusteePolicy("policy-engine-policy_2.rego").Eval("allow", "{}"), "true");
  EXPECT_EQ(TrusteePolicy("policy-engine-policy_3.rego").Eval("allow", "{}"), "false");
  // policy_4: policy_1 with blank lines and an unused input_tcb rule.
  const TrusteePolicy four("policy-engine-policy_4.rego");
  EXPECT_EQ(four.Eval("allow", kSampleToken, kResourceRequest), "true");
  EXPECT_EQ(four.Eval("allow", kSampleToken, kOtherPluginRequest), "false");  // 2 path parts
  EXPECT_EQ(four.Eval("input_tcb", R"({"tcb-status": {"x": 1}})"), R"({"x": 1})");
}

TEST(TrusteePoliciesTest, PolicyEngineMinimumSvnPerResource) {
  const TrusteePolicy policy("policy-engine-policy_5.rego");
  auto token = [](std::string_view svn) {
    return R"({"submods": {"cpu0": {"ear.veraison.annotated-evidence": {"sample": {"svn": )" +
           std::string(svn) + "}}}}}";
  };
  auto request = [](std::string_view name) {
    return R"({"plugin": "resource", "resource-path": ["myrepo", "secret", ")" + std::string(name) +
           R"("]})";
  };
  // resources["secret1"] is 2 and 2 <= 2.
  EXPECT_EQ(policy.Eval("allow", token("2"), request("secret1")), "true");
  // resources["secret2"] is 3 and 3 <= 2 fails.
  EXPECT_EQ(policy.Eval("allow", token("2"), request("secret2")), "false");
  // resources["secret3"] is undefined: the comparison is undefined, the body fails.
  EXPECT_EQ(policy.Eval("allow", token("9"), request("secret3")), "false");
  // A string svn: Rego orders every number before every string, so 3 <= "0" holds, as in OPA.
  EXPECT_EQ(policy.Eval("allow", token(R"("0")"), request("secret2")), "true");
}

// ======== Attestation service policies: input is one TEE's flattened claims ========

constexpr std::string_view kDefaultsOnly =
    R"({"configuration": 36, "executables": 33, "file-system": 0, "hardware": 97, )"
    R"("instance-identity": 0, "runtime-opaque": 0, "sourced-data": 0, "storage-opaque": 0})";

constexpr std::string_view kSampleClaims = R"({"sample": {
    "launch_digest": "abcde", "svn": "1", "debug": false,
    "platform_version": {"major": 1, "minor": 2}}})";
constexpr std::string_view kSampleReferences = R"({"launch_digest": ["abcde"], "svn": ["1"],
    "major_version": 1, "minimum_minor_version": 1})";

TEST(TrusteePoliciesTest, EarCpuSampleAttesterIsAffirmed) {
  const TrusteePolicy policy("as-ear_default_policy_cpu.rego");
  // launch_digest in ["abcde"] -> executables 3; svn in ["1"], major == 1, minor 2 >= 1 ->
  // hardware 2; debug == false -> configuration 2; the other claims keep their defaults.
  EXPECT_EQ(policy.Eval("trust_claims", kSampleClaims, "{}", kSampleReferences),
            R"({"configuration": 2, "executables": 3, "file-system": 0, "hardware": 2, )"
            R"("instance-identity": 0, "runtime-opaque": 0, "sourced-data": 0, )"
            R"("storage-opaque": 0})");
}

TEST(TrusteePoliciesTest, EarCpuTraceNamesTheRulesBehindEachClaim) {
  const TrusteePolicy policy("as-ear_default_policy_cpu.rego");
  // The sample definitions (lines 65, 80, 95) produced the three claims, the defaults (lines
  // 31-47) the others, in the order trust_claims (line 49) reads them.
  EXPECT_EQ(policy.Trace("trust_claims", kSampleClaims, kSampleReferences),
            (std::vector<std::string>{"executables:65", "hardware:80", "configuration:95",
                                      "file_system:31", "instance_identity:35", "runtime_opaque:39",
                                      "storage_opaque:43", "sourced_data:47", "trust_claims:49"}));
  // SNP without configuration reference values: the `else` at line 143 gave configuration.
  EXPECT_EQ(
      policy.Trace("configuration",
                   R"({"snp": {"policy_debug_allowed": false, "policy_migrate_ma": false}})", "{}"),
      (std::vector<std::string>{"configuration:143"}));
}

TEST(TrusteePoliciesTest, EarCpuSampleWithUnknownDigest) {
  const TrusteePolicy policy("as-ear_default_policy_cpu.rego");
  // The digest is not among the reference values: executables falls back to 33; the hardware
  // and configuration rules do not read it.
  EXPECT_EQ(policy.Eval("executables", kSampleClaims, "{}",
                        R"({"launch_digest": ["other"], "svn": ["1"], "major_version": 1,
                            "minimum_minor_version": 1})"),
            "33");
  // minor 2 < minimum 3: hardware falls back to 97.
  EXPECT_EQ(policy.Eval("hardware", kSampleClaims, "{}",
                        R"({"svn": ["1"], "major_version": 1, "minimum_minor_version": 3})"),
            "97");
}

TEST(TrusteePoliciesTest, EarCpuNoClaimsGivesDefaults) {
  const TrusteePolicy policy("as-ear_default_policy_cpu.rego");
  // No platform key is present, so every platform rule's first literal is undefined.
  EXPECT_EQ(policy.Eval("trust_claims", "{}"), kDefaultsOnly);
}

constexpr std::string_view kSnpClaims = R"({"snp": {
    "measurement": "m1", "reported_tcb_bootloader": 3, "reported_tcb_microcode": 209,
    "reported_tcb_snp": 20, "reported_tcb_tee": 0, "policy_debug_allowed": false,
    "policy_migrate_ma": false, "platform_smt_enabled": true, "platform_tsme_enabled": false,
    "policy_abi_major": 0, "policy_abi_minor": 31, "policy_single_socket": false,
    "policy_smt_allowed": true}})";
constexpr std::string_view kSnpReferences = R"({"snp_launch_measurement": ["m1"],
    "snp_bootloader": [3], "snp_microcode": [209], "snp_snp_svn": [20], "snp_tee_svn": [0],
    "snp_smt_enabled": true, "snp_tsme_enabled": false, "snp_guest_abi_major": 0,
    "snp_guest_abi_minor": 31, "snp_single_socket": false, "snp_smt_allowed": true})";

TEST(TrusteePoliciesTest, EarCpuSnp) {
  const TrusteePolicy policy("as-ear_default_policy_cpu.rego");
  // Every SNP check matches its reference value: 3, 2, and configuration 2 (the first clause).
  EXPECT_EQ(policy.Eval("executables", kSnpClaims, "{}", kSnpReferences), "3");
  EXPECT_EQ(policy.Eval("hardware", kSnpClaims, "{}", kSnpReferences), "2");
  EXPECT_EQ(policy.Eval("configuration", kSnpClaims, "{}", kSnpReferences), "2");
  // Without the configuration reference values the first clause is undefined; the `else`
  // (debug and migration disabled) gives 3.
  EXPECT_EQ(policy.Eval("configuration", kSnpClaims, "{}", R"({"snp_launch_measurement": ["m1"]})"),
            "3");
  // A measurement not in the reference values: executables 33.
  EXPECT_EQ(policy.Eval("executables", kSnpClaims, "{}", R"({"snp_launch_measurement": ["m2"]})"),
            "33");
}

TEST(TrusteePoliciesTest, EarCpuTwoPlatformsWithDifferentConfigurationsConflict) {
  const TrusteePolicy policy("as-ear_default_policy_cpu.rego");
  // The sample rule gives configuration 2 and the SNP rule (via its else) 3: two definitions
  // of a complete rule produce different values, which OPA reports as a conflict error.
  const std::string result =
      policy.Eval("configuration",
                  R"({"sample": {"debug": false}, "snp": {"policy_debug_allowed": false,
                                               "policy_migrate_ma": false}})");
  EXPECT_NE(result.find("conflicting values"), std::string::npos) << result;
}

constexpr std::string_view kTdxClaims = R"json({"tdx": {
    "quote": {"header": {"tee_type": "81000000", "vendor_id": "939a7233f79c4ca9940a0db3957f0607"},
              "body": {"rtmr_1": "r1", "rtmr_2": "r2", "mr_td": "td", "xfam": "e7"}},
    "tcb_status": "UpToDate", "collateral_expiration_status": "0",
    "td_attributes": {"debug": false},
    "uefi_event_logs": [
      {"type_name": "EV_EFI_BOOT_SERVICES_APPLICATION",
       "details": {"device_paths": ["PciRoot(0x0)", "File(kernel)"]},
       "digests": [{"alg": "SHA-384", "digest": "kd"}]},
      {"type_name": "EV_EVENT_TAG", "details": {"string": "LOADED_IMAGE::LoadOptions"},
       "digests": [{"alg": "SHA-384", "digest": "pd"}]}]}})json";
constexpr std::string_view kTdxReferences = R"({"rtmr_1": ["r1"], "rtmr_2": ["r2"],
    "mr_td": ["td"], "xfam": ["e7"], "tdvfkernel": "kd", "tdvfkernelparams": "pd"})";

TEST(TrusteePoliciesTest, EarCpuTdx) {
  const TrusteePolicy policy("as-ear_default_policy_cpu.rego");
  // RTMRs match and both UEFI events carry the reference digests: executables 3.
  EXPECT_EQ(policy.Eval("executables", kTdxClaims, "{}", kTdxReferences), "3");
  EXPECT_EQ(policy.Eval("tdx_uefi_event_tdvfkernel_ok", kTdxClaims, "{}", kTdxReferences), "true");
  // Without the kernel digest reference the event checks are undefined: the GKE/Grub else, 4.
  EXPECT_EQ(policy.Eval("executables", kTdxClaims, "{}", R"({"rtmr_1": ["r1"], "rtmr_2": ["r2"]})"),
            "4");
  // Quote header, MR_TD, UpToDate and unexpired collateral: hardware 2; debug off and xfam
  // known: configuration 2.
  EXPECT_EQ(policy.Eval("hardware", kTdxClaims, "{}", kTdxReferences), "2");
  EXPECT_EQ(policy.Eval("configuration", kTdxClaims, "{}", kTdxReferences), "2");
}

TEST(TrusteePoliciesTest, EarCpuTpmAndSe) {
  const TrusteePolicy policy("as-ear_default_policy_cpu.rego");
  // TPM: hardware 2 and configuration 0 from presence alone; executables needs pcr11 and the AK.
  constexpr std::string_view kTpm = R"({"tpm": {"pcr11": "p", "ak_public": "ak"}})";
  EXPECT_EQ(policy.Eval("hardware", kTpm), "2");
  EXPECT_EQ(policy.Eval("configuration", kTpm), "0");
  EXPECT_EQ(
      policy.Eval("executables", kTpm, "{}", R"({"tpm_pcr11": ["p"], "trusted_aks": ["ak"]})"),
      "3");
  EXPECT_EQ(policy.Eval("executables", kTpm, "{}", R"({"tpm_pcr11": ["p"]})"), "33");
  // IBM SE: trust the verifier; even an empty claims object is a value (not false).
  EXPECT_EQ(policy.Eval("trust_claims", R"({"se": {}})"),
            R"({"configuration": 2, "executables": 3, "file-system": 0, "hardware": 2, )"
            R"("instance-identity": 0, "runtime-opaque": 0, "sourced-data": 0, )"
            R"("storage-opaque": 0})");
}

TEST(TrusteePoliciesTest, EarCpuAzureVtpms) {
  const TrusteePolicy policy("as-ear_default_policy_cpu.rego");
  constexpr std::string_view kAzTdx = R"({"az-tdx-vtpm": {"tpm": {"pcr11": "p"},
      "quote": {"header": {"tee_type": "81000000", "vendor_id": "939a7233f79c4ca9940a0db3957f0607"},
                "body": {"mr_td": "td", "xfam": "x"}}, "tcb_status": "UpToDate"}})";
  constexpr std::string_view kAzTdxRefs = R"({"tdx_pcr11": ["p"], "mr_td": ["td"], "xfam": ["x"]})";
  EXPECT_EQ(policy.Eval("executables", kAzTdx, "{}", kAzTdxRefs), "3");
  EXPECT_EQ(policy.Eval("hardware", kAzTdx, "{}", kAzTdxRefs), "2");
  EXPECT_EQ(policy.Eval("configuration", kAzTdx, "{}", kAzTdxRefs), "2");
  constexpr std::string_view kAzSnp = R"({"az-snp-vtpm": {"measurement": "m", "tpm": {"pcr11": "p"},
      "reported_tcb_bootloader": 1, "reported_tcb_microcode": 2, "reported_tcb_snp": 3,
      "reported_tcb_tee": 4}})";
  EXPECT_EQ(
      policy.Eval("executables", kAzSnp, "{}", R"({"measurement": ["m"], "snp_pcr11": ["p"]})"),
      "3");
  EXPECT_EQ(policy.Eval("hardware", kAzSnp, "{}",
                        R"({"tcb_bootloader": [1], "tcb_microcode": [2], "tcb_snp": [3],
                            "tcb_tee": [5]})"),
            "97");  // tee 4 is not in [5]
}

TEST(TrusteePoliciesTest, EarCpuExtensionsListContainerIdentifiers) {
  const TrusteePolicy policy("as-ear_default_policy_cpu.rego");
  // Two containers: images and UIDs collected in order, merged by object.union_n.
  EXPECT_EQ(
      policy.Eval("extensions", R"({"init_data_claims": {"agent_policy_claims": {"containers": [
      {"OCI": {"Annotations": {"io.kubernetes.cri.image-name": "pause"},
               "Process": {"User": {"UID": 65535}}}},
      {"OCI": {"Annotations": {"io.kubernetes.cri.image-name": "nginx"},
               "Process": {"User": {"UID": 0}}}}]}}})"),
      R"([{"key": -18, "name": "ear.trustee.identifiers", "value": {"validated": )"
      R"({"container_images": ["pause", "nginx"], "container_uids": [65535, 0]}}}])");
  // No init-data: both lists are empty, count > 0 fails, each id falls to `else := {}`.
  EXPECT_EQ(policy.Eval("extensions", "{}"),
            R"([{"key": -18, "name": "ear.trustee.identifiers", "value": {"validated": {}}}])");
}

TEST(TrusteePoliciesTest, EarNoReferenceValuesCpu) {
  const TrusteePolicy policy("as-test-ear_no_rv_policy_cpu.rego");
  // Presence checks only: a digest, svn and a platform version (minor 0 is a value, not
  // false, so the literal holds), and debug == false.
  constexpr std::string_view kClaims = R"({"sample": {"launch_digest": "d", "svn": "1",
      "platform_version": {"major": 1, "minor": 0}, "debug": false}})";
  EXPECT_EQ(policy.Eval("trust_claims", kClaims),
            R"({"configuration": 2, "executables": 3, "file-system": 0, "hardware": 2, )"
            R"("instance-identity": 0, "runtime-opaque": 0, "sourced-data": 0, )"
            R"("storage-opaque": 0})");
  // debug true: configuration 36; a `false` svn makes the hardware literal fail: 97.
  EXPECT_EQ(policy.Eval("configuration", R"({"sample": {"debug": true}})"), "36");
  EXPECT_EQ(policy.Eval("hardware", R"({"sample": {"svn": false, "platform_version":
                                        {"major": 1, "minor": 1}}})"),
            "97");
}

constexpr std::string_view kNvidiaGpuClaims = R"({"nvidia": {
    "x-nvidia-gpu-attestation-report-cert-chain": {"x-nvidia-cert-ocsp-status": "good",
                                                   "x-nvidia-cert-status": "valid"},
    "x-nvidia-gpu-attestation-report-cert-chain-fwid-match": true,
    "x-nvidia-gpu-attestation-report-parsed": true,
    "x-nvidia-gpu-attestation-report-signature-verified": true,
    "x-nvidia-gpu-arch-check": true,
    "secboot": true, "dbgstat": "disabled",
    "x-nvidia-gpu-vbios-version": "96.00.9F.00.01", "x-nvidia-gpu-driver-version": "550.90.07",
    "x-nvidia-gpu-vbios-rim-cert-chain": {"x-nvidia-cert-ocsp-status": "good",
                                          "x-nvidia-cert-status": "valid"},
    "x-nvidia-gpu-driver-rim-fetched": true,
    "x-nvidia-gpu-driver-rim-measurements-available": true,
    "x-nvidia-gpu-driver-rim-schema-validated": true,
    "x-nvidia-gpu-driver-rim-signature-verified": true,
    "x-nvidia-gpu-driver-rim-version-match": true,
    "x-nvidia-gpu-vbios-rim-fetched": true,
    "x-nvidia-gpu-vbios-rim-measurements-available": true,
    "x-nvidia-gpu-vbios-rim-schema-validated": true,
    "x-nvidia-gpu-vbios-rim-signature-verified": true,
    "x-nvidia-gpu-vbios-rim-version-match": true,
    "measres": "success"}})";

TEST(TrusteePoliciesTest, EarGpu) {
  const TrusteePolicy policy("as-ear_default_policy_gpu.rego");
  constexpr std::string_view kRefs = R"({"allowed_vbios_versions": ["96.00.9F.00.01"],
                                         "allowed_driver_versions": ["550.90.07"]})";
  // NRAS verified everything and both versions are allowed: 3, 2, 2.
  EXPECT_EQ(policy.Eval("executables", kNvidiaGpuClaims, "{}", kRefs), "3");
  EXPECT_EQ(policy.Eval("hardware", kNvidiaGpuClaims, "{}", kRefs), "2");
  EXPECT_EQ(policy.Eval("configuration", kNvidiaGpuClaims, "{}", kRefs), "2");
  // Versions not allowed: secure boot on and debug disabled still give the else, 3.
  EXPECT_EQ(policy.Eval("configuration", kNvidiaGpuClaims, "{}", "{}"), "3");
  // The sample device: hardware 2 when its svn is in data.reference.device_svn.
  EXPECT_EQ(policy.Eval("hardware", R"({"sampledevice": {"svn": "1"}})",
                        R"({"reference": {"device_svn": ["1"]}})"),
            "2");
  EXPECT_EQ(policy.Eval("trust_claims", "{}"), kDefaultsOnly);
}

TEST(TrusteePoliciesTest, EarSwitch) {
  const TrusteePolicy policy("as-ear_default_policy_switch.rego");
  constexpr std::string_view kClaims = R"({"nvidia": {
      "x-nvidia-switch-attestation-report-cert-chain": {"x-nvidia-cert-ocsp-status": "good",
                                                        "x-nvidia-cert-status": "valid"},
      "x-nvidia-switch-attestation-report-cert-chain-fwid-match": true,
      "x-nvidia-switch-attestation-report-parsed": true,
      "x-nvidia-switch-attestation-report-signature-verified": true,
      "x-nvidia-switch-arch-check": true,
      "secboot": true, "dbgstat": "disabled", "x-nvidia-switch-bios-version": "b1"}})";
  EXPECT_EQ(policy.Eval("hardware", kClaims), "2");
  EXPECT_EQ(
      policy.Eval("configuration", kClaims, "{}", R"({"allowed_switch_bios_versions": ["b1"]})"),
      "2");
  EXPECT_EQ(policy.Eval("configuration", kClaims), "3");  // bios version not allowed
  EXPECT_EQ(policy.Eval("executables", kClaims), "33");   // no RIM claims
}

TEST(TrusteePoliciesTest, EarPpcieIsConstant) {
  const TrusteePolicy policy("as-ear_default_policy_ppcie.rego");
  // Only defaults: configuration 2 (a valid topology), everything else 0.
  EXPECT_EQ(policy.Eval("trust_claims", R"({"anything": 1})"),
            R"({"configuration": 2, "executables": 0, "file-system": 0, "hardware": 0, )"
            R"("instance-identity": 0, "runtime-opaque": 0, "sourced-data": 0, )"
            R"("storage-opaque": 0})");
}

TEST(TrusteePoliciesTest, AttestationServiceExamples) {
  // example-1: both SGX measurements equal the expected ones.
  const TrusteePolicy one("as-test-example-1.rego");
  EXPECT_EQ(one.Eval("executables", R"({
      "sgx.body.mr_enclave": "8f173e4613ff05c52aaf04162d234edae8c9977eae47eb2299ae16a553011c68",
      "sgx.body.mr_signer": "83d719e77deaca1470f6baf62a4d774303c899db69020f9c70ee1dfc08c7ce9e"})"),
            "3");
  EXPECT_EQ(one.Eval("executables", R"({"sgx.body.mr_enclave": "00"})"), "33");
  // example-2: three TDX measurements.
  const TrusteePolicy two("as-test-example-2.rego");
  EXPECT_EQ(two.Eval("executables", R"({
      "tdx.quote.body.mr_td": "705ee9381b8633a9fbe532b52345e8433343d2868959f57889d84ca377c395b689cac1599ccea1b7d420483a9ce5f031",
      "tdx.quote.body.mr_seam": "2fd279c16164a93dd5bf373d834328d46008c2b693af9ebb865b08b2ced320c9a89b4869a9fab60fbe9d0c5a5363c656",
      "tdx.ccel.kernel": "5b7aa6572f649714ff00b6a2b9170516a068fd1a0ba72aa8de27574131d454e6396d3bfa1727d9baf421618a942977fa"})"),
            "3");
  EXPECT_EQ(two.Eval("executables", "{}"), "33");
  // example-3: sprintf("%v", [256]) is "256", and the SE fields match.
  const TrusteePolicy three("as-test-example-3.rego");
  constexpr std::string_view kSe = R"({"se.version": 256, "se.user_data": "00",
      "se.tag": "773780962a7350165054673b6c54235d",
      "se.image_phkh": "92d0aff6eb86719b6b1ea0cb98d2c99ff2ec693df3efff2158f54112f6961508",
      "se.attestation_phkh": "92d0aff6eb86719b6b1ea0cb98d2c99ff2ec693df3efff2158f54112f6961508"})";
  EXPECT_EQ(three.Eval("converted_version", kSe), R"("256")");
  EXPECT_EQ(three.Eval("executables", kSe), "3");
  EXPECT_EQ(three.Eval("executables", R"({"se.version": 255})"), "33");
}

TEST(TrusteePoliciesTest, EveryFixturePolicyCompilesAndDecides) {
  for (const auto& entry : std::filesystem::directory_iterator(testing::Fixture("rego/trustee"))) {
    if (entry.path().extension() != ".rego") continue;
    const std::string name = entry.path().filename().string();
    const bool resource_policy = name.starts_with("kbs-") || name.starts_with("policy-engine-");
    const TrusteePolicy policy(name);
    const std::string result =
        policy.Eval(resource_policy ? "allow" : "executables", "{}", kResourceRequest);
    EXPECT_EQ(result.find("error"), std::string::npos) << name << ": " << result;
  }
}

}  // namespace
}  // namespace veil::policy::rego::eval
