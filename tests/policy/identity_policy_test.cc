// Identity policies: for each requested name the first rule whose glob matches decides, every
// name must be allowed, refusals name rule, name and claim, and the trace shows each name's path
// through the rules. Parsing refuses what could never work.

#include "veil/policy/identity_policy.h"

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"
#include "veil/policy/default_policies.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;
using crypto::SubjectAltName;
using Kind = SubjectAltName::Kind;

const TimePoint kNow = ParseRfc3339("2026-01-01T00:00:00Z").value();

Json Input(const std::string& status = "affirming", const std::string& measurement = "ABCD") {
  return {{"status", status},
          {"tee", "snp"},
          {"policy_id", "default"},
          {"trust_vector", {{"executables", 2}, {"hardware", 2}}},
          {"claims", {{"measurement", measurement}}},
          {"unverified", {{"gpu", {{"driver", "1"}}}}}};
}

IdentityPolicy Parse(const std::string& text) {
  auto policy = ParseIdentityPolicy(text);
  EXPECT_TRUE(policy) << policy.error().ToString();
  return policy ? *policy : IdentityPolicy{};
}

std::string ParseError(const std::string& text) {
  auto policy = ParseIdentityPolicy(text);
  return policy ? "parsed" : policy.error().ToString();
}

const char* kWebPolicy = R"(
id: web-identities
rules:
  - name: frontend
    names: ["uri:spiffe://veil.example/web/*", "dns:frontend.prod.svc.cluster.local"]
    allow_if:
      - {claim: status, equals: affirming}
      - {claim: claims.measurement, in_reference: web}
  - name: web-rest
    names: ["uri:spiffe://veil.example/**"]
    allow_if:
      - {always: false}
  - name: public
    names: ["dns:*.public.example"]
    allow_if: []
default: deny
)";

const ReferenceValueSet kWebRefs =
    ParseReferenceValues(R"([{"name": "web", "values": ["abcd"]}])").value();

const SubjectAltName kFrontendUri{Kind::kUri, "spiffe://veil.example/web/frontend"};
const SubjectAltName kFrontendDns{Kind::kDns, "frontend.prod.svc.cluster.local"};
const SubjectAltName kDbUri{Kind::kUri, "spiffe://veil.example/db/main"};

IdentityDecision Decide(const IdentityPolicy& policy, std::vector<SubjectAltName> names,
                        const Json& input = Input()) {
  return DecideIdentity(policy, names, input, kWebRefs, kNow);
}

TEST(IdentityPolicy, AllowsWhenEveryNamesRuleHolds) {
  const IdentityDecision decision = Decide(Parse(kWebPolicy), {kFrontendUri, kFrontendDns});
  EXPECT_TRUE(decision.allowed) << decision.reason;
  EXPECT_EQ(decision.rule, "frontend");
  EXPECT_EQ(decision.name, "uri:spiffe://veil.example/web/frontend");
  EXPECT_EQ(decision.reason,
            "identity policy allows uri:spiffe://veil.example/web/frontend (rule \"frontend\"), "
            "dns:frontend.prod.svc.cluster.local (rule \"frontend\")");
}

TEST(IdentityPolicy, TheFirstMatchingRuleDecidesEvenWhenALaterOneWouldAllow) {
  // web-rest (always false) comes before nothing that allows, and frontend before web-rest:
  // spiffe://veil.example/web/x is frontend's, spiffe://veil.example/db/main web-rest's.
  const IdentityDecision decision = Decide(Parse(kWebPolicy), {kDbUri});
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.rule, "web-rest");
  EXPECT_EQ(decision.name, "uri:spiffe://veil.example/db/main");
  EXPECT_EQ(decision.reason,
            "identity policy rule \"web-rest\" refuses uri:spiffe://veil.example/db/main: "
            "condition always does not hold");

  const IdentityPolicy shadowing = Parse(R"(
id: shadowing
rules:
  - {name: strict, names: ["dns:*.example"], allow_if: [{claim: status, equals: affirming}]}
  - {name: lax, names: ["dns:web.example"], allow_if: []}
)");
  const IdentityDecision strict =
      Decide(shadowing, {{Kind::kDns, "web.example"}}, Input("warning"));
  EXPECT_FALSE(strict.allowed);
  EXPECT_EQ(strict.rule, "strict");
}

TEST(IdentityPolicy, EveryNameMustBeAllowed) {
  const IdentityDecision decision = Decide(
      Parse(kWebPolicy),
      {kFrontendUri, {Kind::kDns, "x.public.example"}, kDbUri, {Kind::kDns, "unknown.local"}});
  EXPECT_FALSE(decision.allowed);
  // The first refused name is reported, not the later one.
  EXPECT_EQ(decision.rule, "web-rest");
  EXPECT_EQ(decision.name, "uri:spiffe://veil.example/db/main");
}

TEST(IdentityPolicy, ARefusalNamesRuleNameAndClaim) {
  const IdentityDecision decision =
      Decide(Parse(kWebPolicy), {kFrontendDns}, Input("affirming", "FFFF"));
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.rule, "frontend");
  EXPECT_EQ(decision.name, "dns:frontend.prod.svc.cluster.local");
  EXPECT_EQ(decision.reason,
            "identity policy rule \"frontend\" refuses dns:frontend.prod.svc.cluster.local: claim "
            "claims.measurement expected one of reference values web [abcd], found FFFF");
}

TEST(IdentityPolicy, ANameNoRuleNamesFallsToTheDefault) {
  const IdentityDecision decision = Decide(Parse(kWebPolicy), {{Kind::kDns, "x"}});
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.rule, "default");
  EXPECT_EQ(decision.name, "dns:x");
  EXPECT_EQ(decision.reason, "no rule names dns:x (default: deny)");
  ASSERT_EQ(decision.trace.size(), 3u);  // each rule skipped
  EXPECT_TRUE(decision.trace[0].skipped);

  const IdentityPolicy open = Parse("{\"id\": \"open\", \"rules\": [], \"default\": \"allow\"}");
  const IdentityDecision allowed = Decide(open, {{Kind::kDns, "x"}});
  EXPECT_TRUE(allowed.allowed);
  EXPECT_EQ(allowed.rule, "default");
}

TEST(IdentityPolicy, TheDefaultPolicyDeniesEveryName) {
  const IdentityDecision decision = Decide(DefaultIdentityPolicy(), {kFrontendUri});
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.reason,
            "no rule names uri:spiffe://veil.example/web/frontend (default: deny)");
  EXPECT_EQ(DefaultIdentityPolicy().id, "default-identity");
}

TEST(IdentityPolicy, DeniesNoNamesAndNamesNoCertificateMayCarry) {
  const IdentityPolicy open = Parse("{\"id\": \"open\", \"rules\": [], \"default\": \"allow\"}");
  const IdentityDecision none = Decide(open, {});
  EXPECT_FALSE(none.allowed);
  EXPECT_EQ(none.reason, "no names requested");
  const IdentityDecision wildcard = Decide(open, {{Kind::kDns, "*.example"}});
  EXPECT_FALSE(wildcard.allowed);
  EXPECT_EQ(wildcard.name, "dns:*.example");
  EXPECT_EQ(wildcard.reason,
            "DNS name \"dns:*.example\" is a wildcard (only exact names are issued)");
}

TEST(IdentityPolicy, TheInputCarriesTheNameAndNoResource) {
  const IdentityPolicy by_name = Parse(R"(
id: by-name
rules:
  - names: ["uri:spiffe://veil.example/**"]
    allow_if: [{claim: name, equals: "uri:spiffe://veil.example/web/frontend"},
               {claim: resource, exists: false}]
)");
  Json input = Input();
  input["resource"] = "prod/key/web";
  EXPECT_TRUE(Decide(by_name, {kFrontendUri}, input).allowed);
  EXPECT_FALSE(Decide(by_name, {kDbUri}, input).allowed);
}

TEST(IdentityPolicy, NoCertificateRestsOnUnverifiedEvidence) {
  const IdentityPolicy unverified = Parse(R"(
id: unverified
rules:
  - names: ["dns:**"]
    allow_if: [{claim: unverified.gpu.driver, equals: "1"}]
)");
  const IdentityDecision decision = Decide(unverified, {{Kind::kDns, "gpu.local"}});
  EXPECT_FALSE(decision.allowed);
  EXPECT_NE(decision.reason.find("is unverified device evidence"), std::string::npos)
      << decision.reason;
}

TEST(IdentityPolicy, TheTraceShowsEachNamesPathThroughTheRules) {
  const IdentityDecision decision = Decide(Parse(kWebPolicy), {kFrontendUri, kDbUri});
  ASSERT_EQ(decision.trace.size(), 6u);
  // frontend's name: matched by frontend's first glob, then its two conditions.
  EXPECT_EQ(decision.trace[0].rule, "frontend");
  EXPECT_EQ(decision.trace[0].condition, "name");
  EXPECT_EQ(decision.trace[0].expected, "uri:spiffe://veil.example/web/*");
  EXPECT_EQ(decision.trace[0].found, "uri:spiffe://veil.example/web/frontend");
  EXPECT_TRUE(decision.trace[0].passed);
  EXPECT_EQ(decision.trace[1].claim, "status");
  EXPECT_EQ(decision.trace[2].claim, "claims.measurement");
  // db's name: frontend skipped, web-rest matched, its condition failed.
  EXPECT_TRUE(decision.trace[3].skipped);
  EXPECT_EQ(DescribeTraceEntry(decision.trace[3]),
            "rule frontend: skipped (uri:spiffe://veil.example/db/main matches none of the rule's "
            "names)");
  EXPECT_EQ(decision.trace[3].expected,
            "one of [uri:spiffe://veil.example/web/*, dns:frontend.prod.svc.cluster.local]");
  EXPECT_EQ(decision.trace[4].rule, "web-rest");
  EXPECT_TRUE(decision.trace[4].passed);
  EXPECT_FALSE(decision.trace[5].passed);
  const Json json = IdentityDecisionToJson(decision);
  EXPECT_EQ(json["allowed"], false);
  EXPECT_EQ(json["rule"], "web-rest");
  EXPECT_EQ(json["name"], "uri:spiffe://veil.example/db/main");
  EXPECT_EQ(json["trace"].size(), 6u);
}

TEST(IdentityPolicy, RuleNamesDefaultToTheirFirstGlob) {
  const IdentityPolicy policy = Parse(R"({"id": "p", "rules": [
    {"names": ["dns:a.example", "dns:b.example"], "allow_if": []}]})");
  ASSERT_EQ(policy.rules.size(), 1u);
  EXPECT_EQ(policy.rules[0].name, "dns:a.example");
  EXPECT_FALSE(policy.default_allow);
}

TEST(IdentityPolicy, ParseErrorsSayWhereAndWhat) {
  EXPECT_EQ(ParseError("id: p\nrules:\n  - allow_if: []\n"), "policy: rules[0]: missing \"names\"");
  EXPECT_EQ(ParseError("id: p\nrules:\n  - {names: [], allow_if: []}\n"),
            "policy: rules[0].names: expected a non-empty list of strings, found []");
  EXPECT_EQ(ParseError("id: p\nrules:\n  - {names: [\"web.local\"], allow_if: []}\n"),
            "policy: rules[0] (web.local).names: name \"web.local\" must start with \"dns:\" or "
            "\"uri:\"");
  EXPECT_EQ(ParseError("id: p\nrules:\n  - {names: [\"dns:a\"]}\n"),
            "policy: rules[0] (dns:a): missing \"allow_if\" (use [] to allow unconditionally)");
  EXPECT_EQ(ParseError("id: p\nrules:\n  - {names: [\"dns:a\"], resource: x, allow_if: []}\n"),
            "policy: rules[0] (dns:a): unknown key \"resource\"; expected one of name, names, "
            "allow_if");
  EXPECT_EQ(ParseError("id: p\nrules:\n  - {name: r, names: [\"dns:a\"], allow_if: []}\n"
                       "  - {name: r, names: [\"dns:b\"], allow_if: []}\n"),
            "policy: duplicate rule name \"r\" (rules[0] and rules[1])");
  EXPECT_EQ(ParseError("id: p\nrules:\n  - {names: [\"dns:a\", \"dns:b\"], allow_if: []}\n"
                       "  - {names: [\"dns:b\"], allow_if: []}\n"),
            "policy: rules[1]: name \"dns:b\" repeats rules[0], so it could never match here");
  EXPECT_EQ(ParseError("id: p\nrules: []\ndefault: maybe\n"),
            "policy: identity policy.default: expected \"allow\" or \"deny\", found \"maybe\"");
  EXPECT_EQ(ParseError("id: p\nrules: {}\n"),
            "policy: identity policy: expected \"rules\" to be a list, found {}");
  EXPECT_EQ(ParseError("rules: []\n"), "policy: identity policy: missing \"id\"");
  EXPECT_EQ(ParseError("id: p\nrules:\n  - {names: [\"dns:a\"], allow_if: [{claim: x}]}\n")
                .rfind("policy: rules[0] (dns:a).allow_if[0]", 0),
            0u);
}

}  // namespace
}  // namespace veil::policy
