// The Rego policies that CoCo's trustee ships (shared/fixtures/rego/trustee) parse, and their
// trees say what the policies say.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "veil/policy/rego/parser.h"
#include "veil/testing/fixtures.h"

namespace veil::policy::rego {
namespace {

std::string ReadPolicy(std::string_view name) {
  const Bytes bytes = testing::ReadFixture("rego/trustee/" + std::string(name));
  return {bytes.begin(), bytes.end()};
}

std::vector<std::string> FixturePolicyNames() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(testing::Fixture("rego/trustee"))) {
    if (entry.path().extension() == ".rego") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Module ParsePolicy(std::string_view name) {
  auto module = ParseModule(ReadPolicy(name));
  EXPECT_TRUE(module) << name << ": " << module.error().ToString();
  return module ? std::move(*module) : Module{};
}

std::vector<const Rule*> RulesNamed(const Module& module, std::string_view name) {
  std::vector<const Rule*> rules;
  for (const Rule& rule : module.rules) {
    if (rule.name == name) rules.push_back(&rule);
  }
  return rules;
}

std::vector<std::string> LiteralTexts(const Query& query) {
  std::vector<std::string> texts;
  for (const Literal& literal : query.literals) texts.push_back(ToString(literal));
  return texts;
}

TEST(RegoFixturePolicies, EveryTrusteePolicyParses) {
  const std::vector<std::string> names = FixturePolicyNames();
  ASSERT_EQ(names.size(), 17u);
  for (const std::string& name : names) {
    auto module = ParseModule(ReadPolicy(name));
    ASSERT_TRUE(module) << name << ": " << module.error().ToString();
    EXPECT_EQ(module->package, std::vector<std::string>{"policy"}) << name;
  }
}

std::string Printed(const Module& module) {
  std::string text = "package p\n";
  for (const Rule& rule : module.rules) text += ToString(rule) + "\n";
  return text;
}

// The printer writes Rego that parses back to the same tree (the fuzzer checks it on any input).
TEST(RegoFixturePolicies, EveryTrusteePolicyPrintsAsRegoThatParsesBack) {
  for (const std::string& name : FixturePolicyNames()) {
    const std::string printed = Printed(ParsePolicy(name));
    auto again = ParseModule(printed);
    ASSERT_TRUE(again) << name << ": " << again.error().ToString() << "\n" << printed;
    EXPECT_EQ(Printed(*again), printed) << name;
  }
}

// A parser of untrusted text: every prefix of a real policy parses or fails with a positioned
// message, never crashes.
TEST(RegoFixturePolicies, EveryTruncationParsesOrFailsCleanly) {
  for (const std::string& name : FixturePolicyNames()) {
    const std::string text = ReadPolicy(name);
    for (std::size_t length = 0; length < text.size(); ++length) {
      auto module = ParseModule(std::string_view(text).substr(0, length));
      if (!module) {
        ASSERT_EQ(module.error().message.rfind("rego: line ", 0), 0u)
            << name << " cut at " << length << ": " << module.error().ToString();
      }
    }
  }
}

TEST(RegoFixturePolicies, CpuEarPolicyHasEightDefaultsAndATrustClaimsObject) {
  const Module module = ParsePolicy("as-ear_default_policy_cpu.rego");
  ASSERT_EQ(module.imports.size(), 1u);
  EXPECT_EQ(module.imports[0].path, (std::vector<std::string>{"rego", "v1"}));
  std::vector<std::string> defaults;
  for (const Rule& rule : module.rules) {
    if (rule.kind == RuleKind::kDefault)
      defaults.push_back(rule.name + "=" + ToString(*rule.value));
  }
  EXPECT_EQ(defaults,
            (std::vector<std::string>{"executables=33", "hardware=97", "configuration=36",
                                      "file_system=0", "instance_identity=0", "runtime_opaque=0",
                                      "storage_opaque=0", "sourced_data=0"}));

  const auto trust_claims = RulesNamed(module, "trust_claims");
  ASSERT_EQ(trust_claims.size(), 1u);
  EXPECT_EQ(trust_claims[0]->kind, RuleKind::kComplete);
  EXPECT_EQ(trust_claims[0]->position, (Position{49, 1}));
  EXPECT_TRUE(trust_claims[0]->body.literals.empty());
  const auto* object = std::get_if<Object>(&trust_claims[0]->value->node);
  ASSERT_NE(object, nullptr);
  ASSERT_EQ(object->items.size(), 8u);
  EXPECT_EQ(ToString(object->items[3].key), "\"file-system\"");
  EXPECT_EQ(ToString(object->items[3].value), "file_system");
}

TEST(RegoFixturePolicies, CpuEarPolicyRulesPerPlatform) {
  const Module module = ParsePolicy("as-ear_default_policy_cpu.rego");
  // The default and one rule per platform: sample, SNP, TDX, Azure SNP, Azure TDX, TPM, SE.
  const auto executables = RulesNamed(module, "executables");
  ASSERT_EQ(executables.size(), 8u);
  EXPECT_EQ(executables[0]->kind, RuleKind::kDefault);
  const Rule& sample = *executables[1];
  EXPECT_EQ(sample.kind, RuleKind::kComplete);
  EXPECT_EQ(sample.position, (Position{65, 1}));
  EXPECT_EQ(ToString(*sample.value), "3");
  EXPECT_EQ(LiteralTexts(sample.body),
            (std::vector<std::string>{
                "input.sample",
                "(input.sample.launch_digest in query_reference_value(\"launch_digest\"))"}));
  EXPECT_EQ(sample.body.literals[0].position, (Position{69, 2}));
  EXPECT_EQ(RulesNamed(module, "hardware").size(), 8u);
  EXPECT_EQ(RulesNamed(module, "configuration").size(), 8u);
}

TEST(RegoFixturePolicies, CpuEarPolicyElseChains) {
  const Module module = ParsePolicy("as-ear_default_policy_cpu.rego");
  const Rule& snp_configuration = *RulesNamed(module, "configuration")[2];
  ASSERT_EQ(snp_configuration.elses.size(), 1u);
  EXPECT_EQ(ToString(snp_configuration.elses[0].value), "3");
  EXPECT_EQ(LiteralTexts(snp_configuration.elses[0].body),
            (std::vector<std::string>{"input.snp", "(input.snp.policy_debug_allowed == false)",
                                      "(input.snp.policy_migrate_ma == false)"}));

  const Rule& tdx_executables = *RulesNamed(module, "executables")[3];
  ASSERT_EQ(tdx_executables.elses.size(), 1u);
  EXPECT_EQ(ToString(tdx_executables.elses[0].value), "4");

  // `... if { ... } else := {}`: the else has a value and no body.
  const auto images_id = RulesNamed(module, "container_images_id");
  ASSERT_EQ(images_id.size(), 1u);
  ASSERT_EQ(images_id[0]->elses.size(), 1u);
  EXPECT_EQ(ToString(images_id[0]->elses[0].value), "{}");
  EXPECT_TRUE(images_id[0]->elses[0].body.literals.empty());
}

TEST(RegoFixturePolicies, CpuEarPolicyIterationComprehensionsAndCalls) {
  const Module module = ParsePolicy("as-ear_default_policy_cpu.rego");
  const auto kernel_ok = RulesNamed(module, "tdx_uefi_event_tdvfkernel_ok");
  ASSERT_EQ(kernel_ok.size(), 1u);
  EXPECT_EQ(ToString(*kernel_ok[0]->value), "true");
  EXPECT_EQ(LiteralTexts(kernel_ok[0]->body),
            (std::vector<std::string>{"event := input.tdx.uefi_event_logs[_]",
                                      "(event.type_name == \"EV_EFI_BOOT_SERVICES_APPLICATION\")",
                                      "(\"File(kernel)\" in event.details.device_paths)",
                                      "digest := event.digests[_]",
                                      "(digest.digest == query_reference_value(\"tdvfkernel\"))"}));

  const auto images = RulesNamed(module, "container_images");
  ASSERT_EQ(images.size(), 1u);
  const auto* comprehension = std::get_if<ArrayComprehension>(&images[0]->value->node);
  ASSERT_NE(comprehension, nullptr);
  EXPECT_EQ(ToString(*comprehension->term), "img");
  EXPECT_EQ(LiteralTexts(comprehension->body),
            (std::vector<std::string>{
                "container := input.init_data_claims.agent_policy_claims.containers[_]",
                "img := container.OCI.Annotations[\"io.kubernetes.cri.image-name\"]"}));

  const auto identifiers = RulesNamed(module, "validated_identifiers");
  ASSERT_EQ(identifiers.size(), 1u);
  const auto* call = std::get_if<Call>(&identifiers[0]->value->node);
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->name, (std::vector<std::string>{"object", "union_n"}));
  ASSERT_EQ(call->args.size(), 1u);

  const auto extensions = RulesNamed(module, "extensions");
  ASSERT_EQ(extensions.size(), 1u);
  EXPECT_EQ(ToString(*extensions[0]->value),
            "[{\"name\": \"ear.trustee.identifiers\", \"key\": -18, \"value\": {\"validated\": "
            "validated_identifiers}}]");
}

TEST(RegoFixturePolicies, KbsDefaultAllowsResourceForNonSampleTees) {
  const Module module = ParsePolicy("kbs-default.rego");
  EXPECT_TRUE(module.imports.empty());
  ASSERT_EQ(module.rules.size(), 3u);
  EXPECT_EQ(ToString(module.rules[0]), "default allow := false");
  EXPECT_EQ(ToString(module.rules[1]), "plugin := data.plugin");
  const Rule& allow = module.rules[2];
  EXPECT_EQ(allow.name, "allow");
  EXPECT_EQ(allow.kind, RuleKind::kComplete);
  EXPECT_EQ(ToString(*allow.value), "true");
  EXPECT_EQ(LiteralTexts(allow.body),
            (std::vector<std::string>{
                "(plugin == \"resource\")",
                "not input.submods.cpu0[\"ear.veraison.annotated-evidence\"].sample"}));
  const auto& negated = std::get<ExprLiteral>(allow.body.literals[1].node);
  EXPECT_TRUE(negated.negated);
  const auto& ref = std::get<Ref>(negated.expr.node);
  EXPECT_EQ(ToString(*ref.head), "input");
  EXPECT_EQ(ref.path.size(), 4u);
}

TEST(RegoFixturePolicies, KbsAffirmingIteratesSubmodules) {
  const Module module = ParsePolicy("kbs-affirming.rego");
  const auto any_not_affirming = RulesNamed(module, "any_not_affirming");
  ASSERT_EQ(any_not_affirming.size(), 1u);
  const Literal& some = any_not_affirming[0]->body.literals[0];
  EXPECT_EQ(some.position, (Position{12, 5}));
  const auto& some_in = std::get<SomeIn>(some.node);
  ASSERT_TRUE(some_in.key.has_value());
  EXPECT_EQ(ToString(*some_in.key), "_");
  EXPECT_EQ(ToString(some_in.value), "submod");
  EXPECT_EQ(ToString(some_in.collection), "input.submods");
}

TEST(RegoFixturePolicies, PolicyEngineLooksUpAnObjectByResourcePath) {
  const Module module = ParsePolicy("policy-engine-policy_5.rego");
  ASSERT_EQ(module.rules.size(), 3u);
  EXPECT_EQ(ToString(module.rules[1]), "resources := {\"secret1\": 2, \"secret2\": 3}");
  EXPECT_EQ(ToString(module.rules[2].body.literals.back()),
            "(resources[data[\"resource-path\"][2]] <= "
            "input.submods.cpu0[\"ear.veraison.annotated-evidence\"].sample.svn)");
}

}  // namespace
}  // namespace veil::policy::rego
