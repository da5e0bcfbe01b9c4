#include "veil/kbs/init_data_claims.h"

#include <gtest/gtest.h>

#include "veil/testing/fixtures.h"

namespace veil::kbs {
namespace {

initdata::InitData Parse(std::string_view toml) { return initdata::ParseInitData(toml).value(); }

TEST(CocoInitDataClaims, KataPolicyBecomesAgentPolicyClaims) {
  // A real init-data document from CoCo's integration tests: a Kata agent policy whose generated
  // policy_data is the last statement.
  const Bytes text = testing::ReadFixture("coco/init-data-with-policy.toml");
  const initdata::InitData init_data =
      Parse(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()));
  const nlohmann::json claims = CocoInitDataClaims(init_data);
  EXPECT_FALSE(claims.contains("policy.rego"));
  ASSERT_TRUE(claims.contains("agent_policy_claims"));
  const nlohmann::json& policy = claims["agent_policy_claims"];
  ASSERT_TRUE(policy.is_object());
  EXPECT_TRUE(policy.contains("containers"));
  EXPECT_EQ(policy["request_defaults"]["WriteStreamRequest"], false);

  const nlohmann::json document = InitDataDocumentClaims(init_data);
  EXPECT_EQ(document["version"], "0.1.0");
  EXPECT_EQ(document["algorithm"], "sha256");
  EXPECT_TRUE(document["data"]["policy.rego"].is_string());
}

TEST(CocoInitDataClaims, AgentConfigsBecomeJsonWhenTheyParse) {
  const initdata::InitData init_data = Parse(R"(version = "0.1.0"
algorithm = "sha384"
[data]
"aa.toml" = '''
[token_configs.kbs]
url = "https://trustee.example:8080"
cert = ""
'''
"cdh.toml" = "not = [valid"
"policy.rego" = "package agent_policy\ndefault CopyFileRequest := true\n"
"extra.txt" = "kept verbatim"
)");
  const nlohmann::json claims = CocoInitDataClaims(init_data);
  EXPECT_EQ(claims["aa.toml"]["token_configs"]["kbs"]["url"], "https://trustee.example:8080");
  EXPECT_EQ(claims["cdh.toml"], "not = [valid");  // CoCo keeps what does not parse as text
  EXPECT_EQ(claims["policy.rego"], "package agent_policy\ndefault CopyFileRequest := true\n");
  EXPECT_FALSE(claims.contains("agent_policy_claims"));
  EXPECT_EQ(claims["extra.txt"], "kept verbatim");
}

TEST(CocoInitDataClaims, PolicyDataFollowedByMoreRegoIsNotExtracted) {
  // CoCo reads policy_data only when it is the last thing in the file.
  const initdata::InitData init_data = Parse(R"(version = "0.1.0"
algorithm = "sha256"
[data]
"policy.rego" = '''
policy_data := {"containers": []}
default ExecProcessRequest := false
'''
)");
  const nlohmann::json claims = CocoInitDataClaims(init_data);
  EXPECT_TRUE(claims.contains("policy.rego"));
  EXPECT_FALSE(claims.contains("agent_policy_claims"));
}

}  // namespace
}  // namespace veil::kbs
