#include "veil/kubernetes/registration/pod_resource_rules.h"

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"
#include "veil/policy/default_policies.h"
#include "veil/policy/reference_values.h"
#include "veil/policy/resource_policy.h"

namespace veil::kubernetes {
namespace {

using nlohmann::json;

const TimePoint kNow = ParseRfc3339("2026-01-01T00:00:00Z").value();

protocol::ResourcePath Path(std::string_view text) {
  return protocol::ResourcePath::Parse(text).value();
}

json Input(const std::string& resource, const std::string& init_data) {
  return policy::ResourcePolicyInputToJson({.resource = resource,
                                            .status = "affirming",
                                            .tee = "snp",
                                            .trust_vector = json::object(),
                                            .claims = json::object(),
                                            .policy_id = "p",
                                            .init_data = init_data});
}

// Merged into the built-in default: the pod's secret goes only to its init-data, every other
// resource still to any affirming result, as before.
TEST(MergePodResourceRules, ReleasesThePodsResourceOnlyToItsInitData) {
  const std::vector<BoundResource> resources = {{Path("shop/key/db"), ReferenceBinding::kInitData}};
  const auto merged = MergePodResourceRules(policy::DefaultResourcePolicyText(), resources);
  ASSERT_TRUE(merged) << merged.error().ToString();
  EXPECT_EQ(merged->id, "default-resource");
  ASSERT_EQ(merged->added.size(), 1u);
  const policy::ResourcePolicy policy = policy::ParseResourcePolicy(merged->text).value();
  ASSERT_EQ(policy.rules.size(), 2u);
  const policy::ReferenceValueSet refs =
      policy::ParseReferenceValues(R"([{"name": "init-data.shop.key.db", "values": ["6cf7"]}])")
          .value();
  EXPECT_TRUE(policy::DecideResource(policy, Input("shop/key/db", "6cf7"), refs, kNow).allowed);
  const policy::ResourceDecision other =
      policy::DecideResource(policy, Input("shop/key/db", "9c02"), refs, kNow);
  EXPECT_FALSE(other.allowed);
  EXPECT_EQ(other.reason,
            "rule init-data shop/key/db: claim init_data expected one of reference values "
            "init-data.shop.key.db [6cf7], found 9c02");
  EXPECT_TRUE(policy::DecideResource(policy, Input("shop/key/web", "9c02"), refs, kNow).allowed);
}

TEST(MergePodResourceRules, MergingAgainChangesNothingAndKeepsOtherRules) {
  const std::string owner = R"(
id: owner
rules:
  - name: public
    resource: "public/**"
    allow_if: []
  - name: earlier-pod
    resource: shop/key/tls
    allow_if:
      - {claim: status, equals: affirming}
      - {claim: init_data, in_reference: init-data.shop.key.tls}
default: deny
)";
  const std::vector<BoundResource> resources = {{Path("shop/key/db"), ReferenceBinding::kInitData}};
  const auto first = MergePodResourceRules(owner, resources);
  ASSERT_TRUE(first) << first.error().ToString();
  const json document = json::parse(first->text);
  EXPECT_EQ(document["id"], "owner");
  EXPECT_EQ(document["default"], "deny");
  ASSERT_EQ(document["rules"].size(), 3u);
  EXPECT_EQ(document["rules"][0]["name"], "init-data shop/key/db");
  EXPECT_EQ(document["rules"][1]["name"], "public");
  EXPECT_EQ(document["rules"][2]["name"], "earlier-pod");

  const auto again = MergePodResourceRules(first->text, resources);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_TRUE(again->added.empty());
  EXPECT_EQ(again->text, first->text);
}

// A veil-agent pod on a TPM is bound by the PCR 23 value its agent's measurement leaves.
TEST(MergePodResourceRules, AgentPodsAreBoundByTheirPcr) {
  const std::vector<BoundResource> resources = {
      {Path("edge/key/db"), ReferenceBinding::kAgentPcr23}};
  const auto merged = MergePodResourceRules(policy::DefaultResourcePolicyText(), resources);
  ASSERT_TRUE(merged) << merged.error().ToString();
  const policy::ResourcePolicy policy = policy::ParseResourcePolicy(merged->text).value();
  const policy::ReferenceValueSet refs =
      policy::ParseReferenceValues(
          R"([{"name": "veil-agent-pcr23.edge.key.db", "values": ["aa"]}])")
          .value();
  json input = Input("edge/key/db", "");
  input["tee"] = "tpm";
  input["claims"] = {{"pcrs", {{"sha256", {{"23", "bb"}}}}}};
  const policy::ResourceDecision refused = policy::DecideResource(policy, input, refs, kNow);
  EXPECT_EQ(refused.reason,
            "rule veil-agent edge/key/db: claim claims.pcrs.sha256.23 expected one of reference "
            "values veil-agent-pcr23.edge.key.db [aa], found bb");
  input["claims"]["pcrs"]["sha256"]["23"] = "aa";
  EXPECT_TRUE(policy::DecideResource(policy, input, refs, kNow).allowed);
}

TEST(MergePodResourceRules, RefusesToClobberOrToEditRego) {
  const std::string owner = R"(
id: owner
rules:
  - name: hand-written
    resource: shop/key/db
    allow_if: []
)";
  const std::vector<BoundResource> resources = {{Path("shop/key/db"), ReferenceBinding::kInitData}};
  const auto clobber = MergePodResourceRules(owner, resources);
  ASSERT_FALSE(clobber);
  EXPECT_EQ(clobber.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(clobber.error().message.find("rules[0] (hand-written) already decides shop/key/db"),
            std::string::npos)
      << clobber.error().message;

  const auto rego = MergePodResourceRules("package policy\ndefault allow := false\n", resources);
  ASSERT_FALSE(rego);
  EXPECT_EQ(rego.error().code, ErrorCode::kUnsupported);
  EXPECT_FALSE(MergePodResourceRules("rules: 5\n", resources));
}

}  // namespace
}  // namespace veil::kubernetes
