// CoCo's KBS resource policies (byte-identical fixtures) deciding over EAR claims as Veil's tokens
// carry them, with CoCo's data document; only `allow == true` releases.
#include "veil/policy/coco/rego_resource_policy.h"

#include <gtest/gtest.h>

#include "veil/testing/fixtures.h"

namespace veil::policy::coco {
namespace {

using nlohmann::json;

RegoResourcePolicy Fixture(std::string_view name) {
  const Bytes bytes = testing::ReadFixture("rego/trustee/" + std::string(name));
  auto policy = CompileRegoResourcePolicy(std::string(bytes.begin(), bytes.end()));
  EXPECT_TRUE(policy) << name << ": " << policy.error().ToString();
  return *policy;
}

json Token(std::string_view tee, std::string_view status) {
  return {
      {"submods",
       {{"cpu0",
         {{"ear.status", status}, {"ear.veraison.annotated-evidence", {{tee, {{"svn", "1"}}}}}}}}}};
}

json Data() {
  return CocoResourceData(protocol::ResourcePath::Parse("myrepo/License/key").value());
}

TEST(CocoResourceData, IsThePluginThePathAndNoQuery) {
  EXPECT_EQ(Data(), json({{"plugin", "resource"},
                          {"resource-path", {"myrepo", "License", "key"}},
                          {"query", json::object()}}));
}

// kbs-default.rego: any TEE but CoCo's insecure sample.
TEST(DecideRegoResource, KbsDefaultReleasesToRealTeesOnly) {
  const RegoResourcePolicy policy = Fixture("kbs-default.rego");
  const auto tpm = DecideRegoResource(policy, Token("tpm", "warning"), Data());
  ASSERT_TRUE(tpm) << tpm.error().ToString();
  EXPECT_TRUE(tpm->allowed);
  EXPECT_EQ(tpm->rule, "allow");
  ASSERT_FALSE(tpm->trace.empty());
  EXPECT_EQ(tpm->trace.back().condition, "rego");
  const auto sample = DecideRegoResource(policy, Token("sample", "affirming"), Data());
  ASSERT_TRUE(sample);
  EXPECT_FALSE(sample->allowed);
  EXPECT_EQ(sample->reason, "data.policy.allow is false");
}

// kbs-affirming.rego: every submod affirming.
TEST(DecideRegoResource, KbsAffirmingReleasesOnlyToAffirming) {
  const RegoResourcePolicy policy = Fixture("kbs-affirming.rego");
  EXPECT_TRUE(DecideRegoResource(policy, Token("tpm", "affirming"), Data())->allowed);
  EXPECT_FALSE(DecideRegoResource(policy, Token("tpm", "warning"), Data())->allowed);
  EXPECT_FALSE(DecideRegoResource(policy, Token("tpm", "contraindicated"), Data())->allowed);
}

// Undefined or not a boolean: denied, as CoCo's engine denies.
TEST(DecideRegoResource, OnlyTrueAllows) {
  for (const char* rule : {"allow := 1", "allow := \"true\"", "allow if { false }"}) {
    const auto policy = CompileRegoResourcePolicy(std::string("package policy\n") + rule + "\n");
    ASSERT_TRUE(policy) << rule;
    const auto decision = DecideRegoResource(*policy, Token("tpm", "affirming"), Data());
    ASSERT_TRUE(decision) << rule;
    EXPECT_FALSE(decision->allowed) << rule;
  }
  const auto undefined = CompileRegoResourcePolicy("package policy\nallow if { false }\n");
  EXPECT_EQ(DecideRegoResource(*undefined, Token("tpm", "affirming"), Data())->reason,
            "data.policy.allow is undefined");
}

TEST(CompileRegoResourcePolicy, NamesLineAndColumnOfAnError) {
  const auto policy = CompileRegoResourcePolicy("package policy\n\nallow if {\n  x\n}\n");
  ASSERT_FALSE(policy);
  EXPECT_NE(policy.error().message.find("line 4, column 3"), std::string::npos)
      << policy.error().message;
}

}  // namespace
}  // namespace veil::policy::coco
