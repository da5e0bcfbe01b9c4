#include "veil/policy/resource_policy.h"

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"
#include "veil/policy/default_policies.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;

const TimePoint kNow = ParseRfc3339("2026-01-01T00:00:00Z").value();

Json Input(const std::string& resource, const std::string& status = "affirming",
           const std::string& tee = "snp") {
  return {{"resource", resource},
          {"status", status},
          {"tee", tee},
          {"policy_id", "default"},
          {"trust_vector", {{"executables", 2}, {"hardware", 2}}},
          {"claims", {{"measurement", "ABCD"}, {"reported_tcb", {{"snp", 8}}}}}};
}

ResourcePolicy Parse(const std::string& text) {
  auto policy = ParseResourcePolicy(text);
  EXPECT_TRUE(policy) << policy.error().ToString();
  return policy ? *policy : ResourcePolicy{};
}

const char* kProdPolicy = R"(
id: prod
rules:
  - name: prod-web
    resource: "prod/*/web"
    allow_if:
      - {claim: status, equals: affirming}
      - {claim: tee, one_of: [snp, tdx]}
      - {claim: claims.measurement, in_reference: web}
      - {claim: trust_vector.executables, max: 31}
  - resource: "prod/**"
    allow_if:
      - {always: false}
  - name: public
    resource: "public/*/*"
    allow_if: []
default: deny
)";

const ReferenceValueSet kWebRefs =
    ParseReferenceValues(R"([{"name": "web", "values": ["abcd"]}])").value();

TEST(ResourcePolicy, FirstMatchingRuleAllowsWhenEveryConditionHolds) {
  const ResourceDecision decision =
      DecideResource(Parse(kProdPolicy), Input("prod/key/web"), kWebRefs, kNow);
  EXPECT_TRUE(decision.allowed) << decision.reason;
  EXPECT_EQ(decision.rule, "prod-web");
  EXPECT_EQ(decision.reason, "rule prod-web allows prod/key/web: all 4 conditions hold");
  ASSERT_EQ(decision.trace.size(), 5u);
  EXPECT_EQ(DescribeTraceEntry(decision.trace[0]),
            "rule prod-web: condition resource prod/*/web holds");
  EXPECT_EQ(DescribeTraceEntry(decision.trace[3]),
            "rule prod-web: claim claims.measurement expected one of reference values web [abcd], "
            "found ABCD");
}

TEST(ResourcePolicy, ADenialNamesRuleClaimExpectedAndFound) {
  const ResourceDecision decision = DecideResource(
      Parse(kProdPolicy), Input("prod/key/web", "warning", "sample"), kWebRefs, kNow);
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.rule, "prod-web");
  EXPECT_EQ(decision.reason,
            "rule prod-web: claim status expected affirming, found warning; claim tee expected one "
            "of [snp, tdx], "
            "found sample");
  EXPECT_EQ(decision.trace.size(), 5u);  // every condition is evaluated and traced
}

TEST(ResourcePolicy, ReferenceSetMismatchAndMissingSetDeny) {
  const ReferenceValueSet other =
      ParseReferenceValues(R"([{"name": "web", "values": ["ffff"]}])").value();
  EXPECT_EQ(DecideResource(Parse(kProdPolicy), Input("prod/key/web"), other, kNow).reason,
            "rule prod-web: claim claims.measurement expected one of reference values web [ffff], "
            "found ABCD");
  EXPECT_EQ(
      DecideResource(Parse(kProdPolicy), Input("prod/key/web"), {}, kNow).reason,
      "rule prod-web: claim claims.measurement expected a reference value named web, found ABCD "
      "(no reference value is named web; absent_reference: fail)");
}

TEST(ResourcePolicy, FirstMatchDecidesEvenWhenALaterRuleWouldAllow) {
  const ResourcePolicy policy = Parse(kProdPolicy);
  const ResourceDecision other = DecideResource(policy, Input("prod/key/db"), kWebRefs, kNow);
  EXPECT_FALSE(other.allowed);
  EXPECT_EQ(other.rule, "prod/**");  // an unnamed rule is named by its glob
  EXPECT_EQ(other.reason, "rule prod/**: condition always does not hold");
  ASSERT_EQ(other.trace.size(), 3u);
  EXPECT_TRUE(other.trace[0].skipped);
  EXPECT_EQ(DescribeTraceEntry(other.trace[0]),
            "rule prod-web: skipped (resource prod/key/db does not match prod/*/web)");

  const ResourcePolicy reversed = Parse(R"({"id": "r", "rules": [
      {"resource": "prod/**", "allow_if": [{"always": false}]},
      {"name": "prod-web", "resource": "prod/*/web", "allow_if": []}]})");
  EXPECT_FALSE(DecideResource(reversed, Input("prod/key/web"), kWebRefs, kNow).allowed);
}

TEST(ResourcePolicy, EmptyAllowIfAllowsAndNoMatchFallsToTheDefault) {
  const ResourcePolicy policy = Parse(kProdPolicy);
  const ResourceDecision open =
      DecideResource(policy, Input("public/cert/ca", "contraindicated"), {}, kNow);
  EXPECT_TRUE(open.allowed);
  EXPECT_EQ(open.reason, "rule public allows public/cert/ca: all 0 conditions hold");

  const ResourceDecision none = DecideResource(policy, Input("dev/key/web"), kWebRefs, kNow);
  EXPECT_FALSE(none.allowed);
  EXPECT_EQ(none.rule, "default");
  EXPECT_EQ(none.reason, "no rule matches resource dev/key/web; default deny");
  EXPECT_EQ(none.trace.size(), 3u);

  const ResourcePolicy permissive = Parse(R"({"id": "r", "rules": [], "default": "allow"})");
  const ResourceDecision allowed = DecideResource(permissive, Input("dev/key/web"), {}, kNow);
  EXPECT_TRUE(allowed.allowed);
  EXPECT_EQ(allowed.reason, "no rule matches resource dev/key/web; default allow");
}

TEST(ResourcePolicy, MalformedInputsAndPathsAreDenied) {
  const ResourcePolicy permissive =
      Parse(R"({"id": "r", "rules": [{"resource": "**", "allow_if": []}]})");
  for (const char* path :
       {"", "prod//web", "/prod/key/web", "prod/key/", "prod/../admin/key", "prod/./key"}) {
    const ResourceDecision decision = DecideResource(permissive, Input(path), {}, kNow);
    EXPECT_FALSE(decision.allowed) << path;
    EXPECT_EQ(decision.reason,
              "resource path \"" + std::string(path) + "\" has an empty, \".\" or \"..\" segment");
  }
  EXPECT_EQ(DecideResource(permissive, Json::object(), {}, kNow).reason,
            "the input has no \"resource\" string");
  EXPECT_EQ(DecideResource(permissive, Json::array(), {}, kNow).reason,
            "the input has no \"resource\" string");
  EXPECT_EQ(DecideResource(permissive, Json{{"resource", 5}}, {}, kNow).reason,
            "the input has no \"resource\" string");
}

TEST(ResourcePolicy, AbsentInputClaimsFail) {
  const ResourcePolicy policy = Parse(R"({"id": "r", "rules": [{"resource": "**", "allow_if": [
      {"claim": "claims.host_data", "equals": "00"}]}]})");
  EXPECT_EQ(DecideResource(policy, Input("a/b/c"), {}, kNow).reason,
            "rule **: claim claims.host_data is absent, expected 00");
}

TEST(ResourcePolicy, DefaultReleasesOnlyToAffirmingResults) {
  const ResourcePolicy policy = DefaultResourcePolicy();
  EXPECT_EQ(policy.id, "default-resource");
  EXPECT_TRUE(DecideResource(policy, Input("prod/key/web"), {}, kNow).allowed);
  for (const char* status : {"warning", "contraindicated", "none"}) {
    const ResourceDecision decision =
        DecideResource(policy, Input("prod/key/web", status), {}, kNow);
    EXPECT_FALSE(decision.allowed) << status;
    EXPECT_EQ(decision.reason,
              std::string("rule affirming-only: claim status expected affirming, found ") + status);
  }
  Json no_status = Input("prod/key/web");
  no_status.erase("status");
  EXPECT_EQ(DecideResource(policy, no_status, {}, kNow).reason,
            "rule affirming-only: claim status is absent, expected affirming");
}

TEST(ResourcePolicy, YamlAndJsonGiveTheSameDecision) {
  const ResourcePolicy yaml = Parse(kProdPolicy);
  const ResourcePolicy json = Parse(R"({"id": "prod", "default": "deny", "rules": [
      {"name": "prod-web", "resource": "prod/*/web", "allow_if": [
        {"claim": "status", "equals": "affirming"}, {"claim": "tee", "one_of": ["snp", "tdx"]},
        {"claim": "claims.measurement", "in_reference": "web"}, {"claim": "trust_vector.executables", "max": 31}]},
      {"resource": "prod/**", "allow_if": [{"always": false}]},
      {"name": "public", "resource": "public/*/*", "allow_if": []}]})");
  for (const char* path : {"prod/key/web", "prod/key/db", "public/a/b", "dev/a/b"}) {
    for (const char* status : {"affirming", "warning"}) {
      EXPECT_EQ(ResourceDecisionToJson(DecideResource(yaml, Input(path, status), kWebRefs, kNow)),
                ResourceDecisionToJson(DecideResource(json, Input(path, status), kWebRefs, kNow)))
          << path << " " << status;
    }
  }
}

void ExpectRejected(const std::string& text, const std::string& message) {
  auto policy = ParseResourcePolicy(text);
  ASSERT_FALSE(policy) << text;
  EXPECT_EQ(policy.error().context, "policy");
  EXPECT_EQ(policy.error().message, message) << text;
}

TEST(ResourcePolicyParse, RejectsWithPreciseMessages) {
  ExpectRejected(R"({"id": "r", "rules": [], "fallback": "deny"})",
                 "resource policy: unknown key \"fallback\"; expected one of id, rules, default");
  ExpectRejected(R"({"id": "r", "rules": [], "default": "maybe"})",
                 "resource policy.default: expected \"allow\" or \"deny\", found \"maybe\"");
  ExpectRejected(
      R"({"id": "r", "rules": [{"resource": "a/*", "allow_if": [], "deny_if": []}]})",
      "rules[0] (a/*): unknown key \"deny_if\"; expected one of name, resource, allow_if");
  ExpectRejected(R"({"id": "r", "rules": [{"allow_if": []}]})", "rules[0]: missing \"resource\"");
  ExpectRejected(R"({"id": "r", "rules": [{"resource": "a/*"}]})",
                 "rules[0] (a/*): missing \"allow_if\" (use [] to allow unconditionally)");
  ExpectRejected(R"({"id": "r", "rules": [{"resource": "a/*", "allow_if": {"always": true}}]})",
                 "rules[0] (a/*).allow_if: expected a list, found {\"always\":true}");
  ExpectRejected(
      R"({"id": "r", "rules": [{"resource": "a/*", "allow_if": [{"claim": "status", "equal": "x"}]}]})",
      "rules[0] (a/*).allow_if[0]: unknown condition \"equal\"; expected one of always, equals, "
      "not_equals, "
      "one_of, in_reference, min_reference, min, max, exists, reference_values");
  ExpectRejected(
      R"({"id": "r", "rules": [{"resource": "a/*", "allow_if": [{"claim": "status", "equals": "x", "min": 1}]}]})",
      "rules[0] (a/*).allow_if[0]: expected exactly one condition, found 2 (equals, min)");
  ExpectRejected(R"({"id": "r", "rules": [{"resource": "a/*", "allow_if": [{"equals": "x"}]}]})",
                 "rules[0] (a/*).allow_if[0]: condition equals needs a \"claim\"");
  ExpectRejected(
      R"({"id": "r", "rules": [{"resource": "a/*", "allow_if": [{"claim": "", "equals": "x"}]}]})",
      "rules[0] (a/*).allow_if[0].claim: expected a non-empty claim path, found \"\"");
  ExpectRejected(
      R"({"id": "r", "rules": [{"resource": "a/*", "allow_if": [{"reference_values": "all"}]}]})",
      "rules[0] (a/*).allow_if[0]: condition reference_values is only available in attestation "
      "policies");
  ExpectRejected(R"({"id": "r", "rules": [{"resource": "a/*", "allow_if": ["status"]}]})",
                 "rules[0] (a/*).allow_if[0]: expected a condition object, found \"status\"");
  ExpectRejected(R"({"id": "r", "rules": [{"name": "x", "resource": "a/*", "allow_if": []},
                                          {"name": "x", "resource": "b/*", "allow_if": []}]})",
                 "duplicate rule name \"x\" (rules[0] and rules[1])");
  ExpectRejected(
      R"({"id": "r", "rules": [{"resource": "a/*", "allow_if": []}, {"name": "y", "resource": "a/*", "allow_if": []}]})",
      "rules[1]: resource \"a/*\" repeats rules[0], so it could never match");
  ExpectRejected(R"({"rules": []})", "resource policy: missing \"id\"");
  ExpectRejected(R"({"id": "r"})",
                 "resource policy: expected \"rules\" to be a list, found nothing");
}

// Device evidence no verifier checked sits under `unverified.`; even a matching condition on it
// cannot allow a release, and the denial says why.
TEST(ResourcePolicy, ARuleThatReadsUnverifiedEvidenceNeverAllows) {
  Json input = Input("gpu/key/model");
  input["unverified"] = {{"nvgpu", {{"verified", false}, {"evidence", {{"model", "H100"}}}}}};
  const ResourceDecision decision = DecideResource(Parse(R"(
id: gpu
rules:
  - resource: "gpu/*/*"
    allow_if:
      - {claim: status, equals: affirming}
      - {claim: unverified.nvgpu.evidence.model, equals: H100}
)"),
                                                   input, {}, kNow);
  EXPECT_FALSE(decision.allowed);
  EXPECT_NE(decision.reason.find("claim unverified.nvgpu.evidence.model expected H100, found H100 "
                                 "(claim unverified.nvgpu.evidence.model is unverified device "
                                 "evidence"),
            std::string::npos)
      << decision.reason;

  // A rule that does not read it is unaffected by its presence.
  EXPECT_TRUE(DecideResource(Parse(R"(
id: cpu-only
rules:
  - resource: "gpu/*/*"
    allow_if:
      - {claim: status, equals: affirming}
      - {claim: unverifiedness, exists: false}
)"),
                             input, {}, kNow)
                  .allowed);
}

// The init-data digest of the token is the input's "init_data" (absent without one), so a rule
// can release a secret only to the init-data registered for it (veil pod seal --register).
TEST(ResourcePolicy, InitDataIsAnInputClaimWhenTheTokenCarriesOne) {
  ResourcePolicyInput fields{.resource = "shop/key/db",
                             .status = "affirming",
                             .tee = "sample",
                             .trust_vector = Json::object(),
                             .claims = Json::object(),
                             .policy_id = "p"};
  const Json without = ResourcePolicyInputToJson(fields);
  EXPECT_FALSE(without.contains("init_data"));
  fields.init_data = "6cf7";
  const Json with = ResourcePolicyInputToJson(fields);
  EXPECT_EQ(with["init_data"], "6cf7");

  const ResourcePolicy policy = Parse(R"(
id: pods
rules:
  - resource: shop/key/db
    allow_if:
      - {claim: init_data, in_reference: init-data.shop.key.db}
)");
  const ReferenceValueSet refs =
      ParseReferenceValues(R"([{"name": "init-data.shop.key.db", "values": ["6CF7"]}])").value();
  EXPECT_TRUE(DecideResource(policy, with, refs, kNow).allowed);
  EXPECT_EQ(DecideResource(policy, without, refs, kNow).reason,
            "rule shop/key/db: claim init_data is absent, expected one of reference values "
            "init-data.shop.key.db");
}

}  // namespace
}  // namespace veil::policy
