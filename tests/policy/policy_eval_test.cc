// `veil policy eval` as a user runs it:
// exit codes, the printed status and trace, JSON output, usage errors.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "veil/testing/command.h"
#include "veil/testing/fixtures.h"

namespace veil {
namespace {

using Json = nlohmann::json;
using testing::CommandResult;

class PolicyEvalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("veil-policy-eval-" + std::to_string(getpid()) + "-" + info->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  static CommandResult Eval(std::vector<std::string> args) {
    args.insert(args.begin(), {testing::BuiltBinary("veil"), "policy", "eval"});
    return testing::RunCommand(args);
  }

  std::filesystem::path dir_;
};

constexpr const char* kAttestationPolicy = R"(
id: cli
rules:
  - name: no-debug
    tee: [snp]
    claim: policy.debug
    check: {equals: false}
    pass: {configuration: 2}
    fail: {configuration: 97}
  - name: reference-values
    check: {reference_values: all}
    pass: {executables: 2}
    fail: {executables: 97}
  - name: known-ak
    tee: [tpm]
    claim: ak
    check: {in_reference: tpm.ak}
    fail: {instance-identity: 97}
)";

// The shape `veil evidence verify --json` prints.
std::string VerifyOutput(bool debug) {
  return Json{{"valid", true},
              {"tee", "snp"},
              {"claims", {{"measurement", "7a1e"}, {"policy", {{"debug", debug}}}}}}
      .dump();
}

TEST_F(PolicyEvalTest, AffirmingClaimsExitZeroAndPrintTheTrace) {
  const CommandResult result =
      Eval({"--policy", Write("p.yaml", kAttestationPolicy), "--claims",
            Write("c.json", VerifyOutput(false)), "--at", "2026-01-01T00:00:00Z"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("policy cli: AFFIRMING (snp claims from"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("what-if evaluation, authenticity not established"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("configuration=2 executables=2"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("  pass  rule no-debug: claim snp.policy.debug expected false, found "
                            "false -> configuration=2"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("  skip  rule known-ak: skipped (tee snp not in [tpm])"),
            std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("denied because"), std::string::npos) << result.out;
}

TEST_F(PolicyEvalTest, ContraindicatedClaimsExitOneWithReasons) {
  const CommandResult result =
      Eval({"--policy", Write("p.yaml", kAttestationPolicy), "--claims",
            Write("c.json", VerifyOutput(true)), "--refvals",
            Write("r.json", R"([{"name": "snp.measurement", "values": ["ffff"]}])")});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("policy cli: CONTRAINDICATED"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(
                "denied because:\n"
                "  rule no-debug: claim snp.policy.debug expected false, found true\n"
                "  rule reference-values: claim snp.measurement expected one of reference values "
                "snp.measurement [ffff], found 7a1e\n"),
            std::string::npos)
      << result.out;
}

TEST_F(PolicyEvalTest, JsonOutputCarriesVectorTraceAndReasons) {
  const CommandResult result = Eval({"--policy", Write("p.yaml", kAttestationPolicy), "--claims",
                                     Write("c.json", VerifyOutput(true)), "--json"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const Json out = Json::parse(result.out, nullptr, false);
  ASSERT_FALSE(out.is_discarded()) << result.out;
  EXPECT_EQ(out["status"], "contraindicated");
  EXPECT_EQ(out["policy_id"], "cli");
  EXPECT_EQ(out["claims_verified"], false);
  EXPECT_EQ(out["trust_vector"]["configuration"], 97);
  EXPECT_EQ(out["trace"].size(), 3u);
  EXPECT_EQ(out["denial_reasons"],
            Json::parse(R"(["rule no-debug: claim snp.policy.debug expected false, found true"])"));
}

TEST_F(PolicyEvalTest, AnAttestationResultFeedsAResourcePolicyAsTheTrusteeWouldGiveIt) {
  // The --json output keeps the claims and carries the resource policy's input, so the offline
  // chain evidence -> attestation -> resource needs no hand-made file.
  const CommandResult attested =
      Eval({"--policy", Write("p.yaml", kAttestationPolicy), "--claims",
            Write("c.json", VerifyOutput(false)), "--at", "2026-01-01T00:00:00Z", "--json"});
  const std::string appraisal = Write("appraisal.json", attested.out);
  const Json out = Json::parse(attested.out, nullptr, false);
  ASSERT_TRUE(out.is_object());
  EXPECT_TRUE(out["claims"].contains("measurement"));
  const Json& input = out["resource_input"];
  EXPECT_EQ(input["tee"], "snp");
  EXPECT_EQ(input["status"], out["status"]);
  EXPECT_EQ(input["claims"], out["claims"]);
  EXPECT_EQ(input["attestation_service"], "self");
  const std::string policy = Write("r.yaml",
                                   "id: res\nrules:\n  - resource: \"prod/*/*\"\n    allow_if:\n"
                                   "      - {claim: tee, equals: snp}\n"
                                   "      - {claim: claims.policy.debug, equals: false}\n");
  const CommandResult decided = Eval({"--kind", "resource", "--policy", policy, "--claims",
                                      appraisal, "--resource", "prod/key/web"});
  EXPECT_EQ(decided.exit_code, 0) << decided.out << decided.err;
  EXPECT_NE(decided.out.find("ALLOWED by prod/*/*"), std::string::npos) << decided.out;
}

TEST_F(PolicyEvalTest, WithoutPolicyTheBuiltInDefaultsApply) {
  const CommandResult debug = Eval({"--claims", Write("c.json", VerifyOutput(true))});
  EXPECT_EQ(debug.exit_code, 1) << debug.out << debug.err;
  EXPECT_NE(debug.out.find("policy default: CONTRAINDICATED"), std::string::npos) << debug.out;
  EXPECT_NE(debug.out.find("  rule no-debug: claim snp.policy.debug expected false, found true"),
            std::string::npos)
      << debug.out;
  // The defaults fail closed: a debug-off guest is affirmed only once its measurement is enrolled.
  const CommandResult unenrolled = Eval({"--claims", Write("ok.json", VerifyOutput(false))});
  EXPECT_EQ(unenrolled.exit_code, 1) << unenrolled.out;
  EXPECT_NE(
      unenrolled.out.find("  rule launch-measurement-enrolled: claim snp.measurement expected "
                          "a reference value named snp.measurement, found 7a1e"),
      std::string::npos)
      << unenrolled.out;
  EXPECT_EQ(Eval({"--claims", Write("ok.json", VerifyOutput(false)), "--refvals",
                  Write("r.json", R"([{"name": "snp.measurement", "values": ["7a1e"]}])")})
                .exit_code,
            0);

  const std::string input = Write("in.json", R"({"status": "affirming"})");
  const CommandResult released =
      Eval({"--kind", "resource", "--claims", input, "--resource", "a/b/c"});
  EXPECT_EQ(released.exit_code, 0) << released.out << released.err;
  EXPECT_NE(released.out.find("ALLOWED by affirming-only (policy default-resource)"),
            std::string::npos)
      << released.out;
}

TEST_F(PolicyEvalTest, ExpiryIsJudgedAtTheGivenTime) {
  const std::string policy = Write("p.yaml", kAttestationPolicy);
  const std::string claims = Write("c.json", VerifyOutput(false));
  const std::string refs = Write(
      "r.yaml", "- name: snp.measurement\n  values: [7A1E]\n  expires: 2026-01-01T00:00:00Z\n");
  EXPECT_EQ(Eval({"--policy", policy, "--claims", claims, "--refvals", refs, "--at",
                  "2025-12-31T23:59:59Z"})
                .exit_code,
            0);
  const CommandResult expired = Eval(
      {"--policy", policy, "--claims", claims, "--refvals", refs, "--at", "2026-01-01T00:00:00Z"});
  EXPECT_EQ(expired.exit_code, 1);
  EXPECT_NE(expired.out.find("every reference value named snp.measurement has expired"),
            std::string::npos)
      << expired.out;
}

TEST_F(PolicyEvalTest, ResourcePolicyDecidesOverTheInputObject) {
  const std::string policy = Write("r.yaml", R"(
id: res
rules:
  - name: prod
    resource: "prod/*/*"
    allow_if:
      - {claim: status, equals: affirming}
default: deny
)");
  const std::string input =
      Write("in.json", R"({"status": "warning", "tee": "snp", "claims": {}})");
  const CommandResult denied = Eval(
      {"--kind", "resource", "--policy", policy, "--claims", input, "--resource", "prod/key/web"});
  EXPECT_EQ(denied.exit_code, 1) << denied.out << denied.err;
  EXPECT_NE(denied.out.find("resource \"prod/key/web\": DENIED by prod (policy res)\n"
                            "reason: rule prod: claim status expected affirming, found warning\n"),
            std::string::npos)
      << denied.out;

  const std::string affirming =
      Write("ok.json", R"({"resource": "prod/key/web", "status": "affirming"})");
  const CommandResult allowed =
      Eval({"--kind", "resource", "--policy", policy, "--claims", affirming, "--json"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  const Json out = Json::parse(allowed.out, nullptr, false);
  EXPECT_EQ(out["allowed"], true);
  EXPECT_EQ(out["rule"], "prod");
  EXPECT_EQ(out["resource"], "prod/key/web");

  const CommandResult unmatched = Eval({"--kind", "resource", "--policy", policy, "--claims",
                                        affirming, "--resource", "dev/key/web"});
  EXPECT_EQ(unmatched.exit_code, 1);
  EXPECT_NE(unmatched.out.find("reason: no rule matches resource dev/key/web; default deny"),
            std::string::npos)
      << unmatched.out;
}

TEST_F(PolicyEvalTest, IdentityPolicyDecidesEveryNameOverTheInputObject) {
  const std::string policy = Write("ids.yaml", R"(
id: web-identities
rules:
  - name: frontend
    names: ["uri:spiffe://veil.example/web/*"]
    allow_if:
      - {claim: status, equals: affirming}
default: deny
)");
  const std::string input = Write("in.json", R"({"status": "affirming", "tee": "snp"})");
  const CommandResult allowed =
      Eval({"--kind", "identity", "--policy", policy, "--claims", input, "--name",
            "uri:spiffe://veil.example/web/frontend", "--json"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  const Json out = Json::parse(allowed.out, nullptr, false);
  EXPECT_EQ(out["allowed"], true);
  EXPECT_EQ(out["rule"], "frontend");
  EXPECT_EQ(out["policy_id"], "web-identities");

  const CommandResult denied =
      Eval({"--kind", "identity", "--policy", policy, "--claims", input, "--name",
            "uri:spiffe://veil.example/web/frontend", "--name", "dns:db.local"});
  EXPECT_EQ(denied.exit_code, 1) << denied.out << denied.err;
  EXPECT_NE(denied.out.find("names: DENIED (policy web-identities)\n"
                            "reason: no rule names dns:db.local (default: deny)\n"),
            std::string::npos)
      << denied.out;

  // Without a policy the built-in default denies every name.
  EXPECT_EQ(Eval({"--kind", "identity", "--claims", input, "--name", "dns:web.local"}).exit_code,
            1);
  const CommandResult untyped =
      Eval({"--kind", "identity", "--claims", input, "--name", "web.local"});
  EXPECT_EQ(untyped.exit_code, 2);
  EXPECT_NE(untyped.err.find("--name \"web.local\": expected dns:NAME or uri:URI"),
            std::string::npos)
      << untyped.err;
}

// CoCo's EAR policy (a byte-identical fixture), told Rego by its content: a TPM whose PCR 11 and
// AK are reference values is affirming; without them, executables falls to its default 33 and
// the trace names the Rego rules that produced the claims.
TEST_F(PolicyEvalTest, RegoAttestationPolicyRunsAsCocosAttestationService) {
  const std::string policy =
      (testing::FixturesDir() / "rego/trustee/as-ear_default_policy_cpu.rego").string();
  const std::string claims = Write(
      "tpm.json",
      R"({"valid": true, "tee": "tpm", "claims": {"ak": "a1", "pcrs": {"sha256": {"11": "b11"}}}})");
  const std::string refvals = Write(
      "r.json",
      R"([{"name": "tpm_pcr11", "values": ["b11"]}, {"name": "trusted_aks", "values": ["a1"]}])");
  const CommandResult affirming =
      Eval({"--policy", policy, "--claims", claims, "--refvals", refvals});
  EXPECT_EQ(affirming.exit_code, 0) << affirming.out << affirming.err;
  EXPECT_NE(affirming.out.find("policy rego: AFFIRMING"), std::string::npos) << affirming.out;
  EXPECT_NE(affirming.out.find("pass  rule executables: condition rego holds (line 311 produced "
                               "a value)"),
            std::string::npos)
      << affirming.out;

  const CommandResult warning = Eval({"--policy", policy, "--claims", claims});
  EXPECT_EQ(warning.exit_code, 1) << warning.out << warning.err;
  EXPECT_NE(warning.out.find("executables=33"), std::string::npos) << warning.out;
  EXPECT_NE(warning.out.find("rule trust_claims: claim ear.status expected affirming, found "
                             "warning"),
            std::string::npos)
      << warning.out;
  // --format veil reads the same file as a Veil document, which it is not.
  EXPECT_EQ(Eval({"--policy", policy, "--claims", claims, "--format", "veil"}).exit_code, 2);
}

// CoCo's kbs-affirming.rego over a token's claims, the path in CoCo's data document.
TEST_F(PolicyEvalTest, RegoResourcePolicyRunsAsCocosKbs) {
  const std::string policy = (testing::FixturesDir() / "rego/trustee/kbs-affirming.rego").string();
  const auto token = [&](const std::string& status) {
    return Write(status + ".json", Json{{"submods", {{"cpu0", {{"ear.status", status}}}}}}.dump());
  };
  const CommandResult allowed = Eval({"--kind", "resource", "--policy", policy, "--claims",
                                      token("affirming"), "--resource", "prod/key/web"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  EXPECT_NE(allowed.out.find("resource \"prod/key/web\": ALLOWED by allow (policy rego)"),
            std::string::npos)
      << allowed.out;
  const CommandResult denied = Eval({"--kind", "resource", "--policy", policy, "--claims",
                                     token("warning"), "--resource", "prod/key/web"});
  EXPECT_EQ(denied.exit_code, 1) << denied.out << denied.err;
  EXPECT_NE(denied.out.find("reason: data.policy.allow is false"), std::string::npos) << denied.out;
  EXPECT_NE(denied.out.find("rule any_not_affirming: condition rego holds"), std::string::npos)
      << denied.out;
  // Without --resource there is no data document to decide over.
  const CommandResult no_path =
      Eval({"--kind", "resource", "--policy", policy, "--claims", token("affirming")});
  EXPECT_EQ(no_path.exit_code, 2);
  EXPECT_NE(no_path.err.find("needs --resource PATH"), std::string::npos) << no_path.err;
}

TEST_F(PolicyEvalTest, UsageAndParseErrorsExitTwo) {
  const std::string policy = Write("p.yaml", kAttestationPolicy);
  const std::string claims = Write("c.json", VerifyOutput(false));

  EXPECT_EQ(Eval({"--policy", policy}).exit_code, 2);  // --claims is required
  EXPECT_EQ(Eval({"--policy", policy, "--claims", claims, "--kind", "other"}).exit_code, 2);

  const CommandResult bad_policy =
      Eval({"--policy", Write("bad.yaml", "id: x\nrules:\n  - name: r\n    check: {greater: 1}\n"),
            "--claims", claims});
  EXPECT_EQ(bad_policy.exit_code, 2);
  EXPECT_NE(bad_policy.err.find(
                "veil policy eval: policy: rules[0] (r).check: unknown condition \"greater\""),
            std::string::npos)
      << bad_policy.err;

  const CommandResult failed =
      Eval({"--policy", policy, "--claims",
            Write("f.json", R"({"valid": false, "tee": "snp", "claims": {}})")});
  EXPECT_EQ(failed.exit_code, 2);
  EXPECT_NE(failed.err.find("the file records evidence that failed verification"),
            std::string::npos)
      << failed.err;

  EXPECT_EQ(Eval({"--policy", policy, "--claims", Write("n.json", "not json")}).exit_code, 2);
  EXPECT_EQ(Eval({"--policy", policy, "--claims", Write("t.json", R"({"claims": {}})")}).exit_code,
            2);
  EXPECT_EQ(Eval({"--policy", policy, "--claims", claims, "--at", "yesterday"}).exit_code, 2);
  EXPECT_EQ(
      Eval({"--policy", policy, "--claims", claims, "--refvals", Write("r.json", "{}")}).exit_code,
      2);
  EXPECT_EQ(Eval({"--policy", (dir_ / "missing.yaml").string(), "--claims", claims}).exit_code, 2);
  const CommandResult no_path =
      Eval({"--kind", "resource", "--policy", Write("r.json", R"({"id": "r", "rules": []})"),
            "--claims", Write("in.json", R"({"status": "affirming"})")});
  EXPECT_EQ(no_path.exit_code, 2);
  EXPECT_NE(no_path.err.find("--kind resource needs --resource PATH"), std::string::npos)
      << no_path.err;
}

}  // namespace
}  // namespace veil
