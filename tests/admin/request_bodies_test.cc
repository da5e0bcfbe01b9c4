#include "veil/admin/request_bodies.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/admin/rvps_message.h"
#include "veil/base/base64.h"
#include "veil/policy/default_policies.h"
#include "veil/testing/fixtures.h"

namespace veil::admin {
namespace {

std::string PolicyBody(std::string_view encoded) {
  return R"({"policy": ")" + std::string(encoded) + R"("})";
}

TEST(PolicyRequest, DecodesEitherAlphabetAndTakesThePolicyId) {
  const std::string_view text = policy::DefaultAttestationPolicyText();
  for (const std::string& encoded : {Base64UrlEncode(AsBytes(text)), Base64Encode(AsBytes(text))}) {
    const store::Policy parsed =
        ParsePolicyRequest(PolicyBody(encoded), store::PolicyKind::kAttestation).value();
    EXPECT_EQ(parsed.kind, store::PolicyKind::kAttestation);
    EXPECT_EQ(parsed.id, "default");
    EXPECT_EQ(parsed.text, text);
  }
}

TEST(PolicyRequest, RefusesAPolicyOfTheOtherKindBadBase64AndMalformedBodies) {
  const std::string resource =
      PolicyBody(Base64UrlEncode(AsBytes(policy::DefaultResourcePolicyText())));
  EXPECT_TRUE(ParsePolicyRequest(resource, store::PolicyKind::kResource));
  EXPECT_FALSE(ParsePolicyRequest(resource, store::PolicyKind::kAttestation));
  EXPECT_EQ(ParsePolicyRequest(PolicyBody("!!"), store::PolicyKind::kResource).error().message,
            "\"policy\" is not base64url");
  for (const char* body : {"", "[]", "{}", R"({"policy": 1})"}) {
    EXPECT_FALSE(ParsePolicyRequest(body, store::PolicyKind::kResource)) << body;
  }
}

TEST(PolicyRequest, AnIdentityPolicyIsAVeilDocumentOnly) {
  const std::string_view text = policy::DefaultIdentityPolicyText();
  const store::Policy parsed =
      ParsePolicyRequest(PolicyBody(Base64UrlEncode(AsBytes(text))), store::PolicyKind::kIdentity)
          .value();
  EXPECT_EQ(parsed.kind, store::PolicyKind::kIdentity);
  EXPECT_EQ(parsed.id, "default-identity");
  const auto resource =
      ParsePolicyRequest(PolicyBody(Base64UrlEncode(AsBytes(policy::DefaultResourcePolicyText()))),
                         store::PolicyKind::kIdentity);
  EXPECT_FALSE(resource);
  const auto rego = ParsePolicyRequest(
      PolicyBody(Base64UrlEncode(AsBytes("package policy\ndefault allow := false\n"))),
      store::PolicyKind::kIdentity);
  ASSERT_FALSE(rego);
  EXPECT_EQ(rego.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(rego.error().message.find("Rego is not supported for it"), std::string::npos);
}

// kbs-client's set-attestation-policy body: {"type", "policy_id", "policy": base64url, no padding}.
std::string KbsClientAttestationBody(std::string_view document, std::string_view type = "rego") {
  return nlohmann::json{
      {"type", type}, {"policy_id", "default_cpu"}, {"policy", Base64UrlEncode(AsBytes(document))}}
      .dump();
}

// kbs-client sends "type": "rego" whatever the file holds: a Veil document is taken under "rego",
// "veil" or no type, and its own id is used (policy_id is ignored).
TEST(PolicyRequest, TakesAVeilDocumentWhateverKbsClientSaysItsTypeIs) {
  const std::string_view text = policy::DefaultAttestationPolicyText();
  for (const std::string& body :
       {KbsClientAttestationBody(text), KbsClientAttestationBody(text, "veil"),
        PolicyBody(Base64UrlEncode(AsBytes(text)))}) {
    const auto parsed = ParsePolicyRequest(body, store::PolicyKind::kAttestation);
    ASSERT_TRUE(parsed) << body << ": " << parsed.error().message;
    EXPECT_EQ(parsed->id, "default");
  }
}

TEST(PolicyRequest, RefusesAnUnknownTypeNamingIt) {
  const auto parsed =
      ParsePolicyRequest(KbsClientAttestationBody(policy::DefaultAttestationPolicyText(), "opa"),
                         store::PolicyKind::kAttestation);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(parsed.error().message.find(R"(policy "type" "opa" is not supported)"),
            std::string::npos)
      << parsed.error().message;
}

std::string Text(const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

// The Rego documents kbs-client sends (its --allow-all, --deny-all, --affirming and --default
// built-ins are CoCo's kbs/sample_policies; the attestation default is CoCo's EAR CPU policy) are
// taken once they compile: a resource policy as "default", an attestation policy under the
// policy_id kbs-client names.
TEST(PolicyRequest, TakesCocosRegoPolicies) {
  for (const char* file : {"rego/trustee/kbs-allow_all.rego", "rego/trustee/kbs-deny_all.rego",
                           "rego/trustee/kbs-affirming.rego", "rego/trustee/kbs-default.rego"}) {
    const auto parsed = ParsePolicyRequest(PolicyBody(Base64UrlEncode(testing::ReadFixture(file))),
                                           store::PolicyKind::kResource);
    ASSERT_TRUE(parsed) << file << ": " << parsed.error().message;
    EXPECT_EQ(parsed->id, "default");
    EXPECT_EQ(parsed->text, Text(testing::ReadFixture(file)));
  }
  const auto attestation = ParsePolicyRequest(KbsClientAttestationBody(Text(testing::ReadFixture(
                                                  "rego/trustee/as-ear_default_policy_cpu.rego"))),
                                              store::PolicyKind::kAttestation);
  ASSERT_TRUE(attestation) << attestation.error().message;
  EXPECT_EQ(attestation->id, "default_cpu");
}

// A Rego module that does not compile is refused with the line and column of the fault.
TEST(PolicyRequest, RefusesRegoThatDoesNotCompileNamingLineAndColumn) {
  const auto parsed = ParsePolicyRequest(
      PolicyBody(Base64UrlEncode(AsBytes(std::string_view("package policy\n\nallow if {\n  "
                                                          "undefined_function(1)\n}\n")))),
      store::PolicyKind::kResource);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kUnsupported);  // not a built-in Veil implements
  EXPECT_NE(parsed.error().message.find("line 4, column 3"), std::string::npos)
      << parsed.error().message;
}

// CoCo evaluates data.policy.*: a module of another package would never decide anything.
TEST(PolicyRequest, RefusesRegoOfAnotherPackage) {
  const auto parsed = ParsePolicyRequest(
      PolicyBody(
          Base64UrlEncode(AsBytes(std::string_view("package kbs\n\ndefault allow := true\n")))),
      store::PolicyKind::kResource);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("expected `package policy`"), std::string::npos)
      << parsed.error().message;
}

// An attestation policy in Rego must define trust_claims, the rule CoCo reads.
TEST(PolicyRequest, RefusesARegoAttestationPolicyWithoutTrustClaims) {
  const auto parsed =
      ParsePolicyRequest(KbsClientAttestationBody("package policy\n\ndefault allow := true\n"),
                         store::PolicyKind::kAttestation);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("no rule trust_claims"), std::string::npos)
      << parsed.error().message;
}

TEST(ReferenceValueUpload, TellsVeilsBodyFromAnRvpsMessage) {
  const auto veil = ParseReferenceValueUpload(R"({"name": "web", "values": ["aa"]})").value();
  EXPECT_FALSE(veil.rvps_message);
  ASSERT_EQ(veil.references.size(), 1u);
  EXPECT_EQ(veil.references[0].name, "web");

  const std::string payload = Base64Encode(AsBytes(R"({"svn":[5]})"));
  const auto rvps = ParseReferenceValueUpload(R"({"version":"0.1.0","type":"sample","payload":")" +
                                              payload + R"("})")
                        .value();
  EXPECT_TRUE(rvps.rvps_message);
  ASSERT_EQ(rvps.references.size(), 1u);
  EXPECT_EQ(rvps.references[0].name, "svn");
  EXPECT_EQ(rvps.references[0].values, std::vector<std::string>{"5"});
  EXPECT_EQ(rvps.references[0].provenance, kRvpsSampleProvenance);
  EXPECT_FALSE(ParseReferenceValueUpload(R"({"type": "slsa", "payload": ""})"));
}

TEST(ReferenceValueRequest, ParsesEveryMember) {
  const ReferenceValue reference =
      ParseReferenceValueRequest(R"({"name": "snp.measurement", "values": ["aa", "bb"],
                                     "expires": "2027-01-01T00:00:00Z", "provenance": "ci"})")
          .value();
  EXPECT_EQ(reference.name, "snp.measurement");
  EXPECT_EQ(reference.values, (std::vector<std::string>{"aa", "bb"}));
  EXPECT_TRUE(reference.expires_at);
  EXPECT_EQ(reference.provenance, "ci");
}

// Integers and booleans are taken as a reference values document takes them, each keeping its
// kind, so that query_reference_value answers 3 and true; Veil's body is always a list.
TEST(ReferenceValueRequest, KeepsTheKindOfIntegerAndBooleanValues) {
  const ReferenceValue reference =
      ParseReferenceValueRequest(R"({"name": "svn", "values": ["abc", 3, -4, true]})").value();
  EXPECT_EQ(reference.values, (std::vector<std::string>{"abc", "3", "-4", "true"}));
  EXPECT_EQ(reference.kinds, (std::vector<ReferenceValueKind>{
                                 ReferenceValueKind::kString, ReferenceValueKind::kInteger,
                                 ReferenceValueKind::kInteger, ReferenceValueKind::kBoolean}));
  EXPECT_FALSE(reference.scalar);
  // "3" and 3 are one value to Veil's policies (the same canonical text): listed twice.
  EXPECT_FALSE(ParseReferenceValueRequest(R"({"name": "svn", "values": ["3", 3]})"));
}

TEST(ReferenceValueRequest, RefusesMistypedMembers) {
  for (const char* body :
       {"", "{}", R"({"name": "web"})", R"({"name": "web", "values": "aa"})",
        R"({"name": "web", "values": [1.5]})", R"({"name": "web", "values": [null]})",
        R"({"name": "web", "values": [["aa"]]})", R"({"name": 1, "values": ["aa"]})",
        R"({"name": "web", "values": ["aa"], "expires": "tomorrow"})",
        R"({"name": "web", "values": ["aa"], "provenance": 7})"}) {
    EXPECT_FALSE(ParseReferenceValueRequest(body)) << body;
  }
}

TEST(ReferenceValueUpload, ReadsModeAndForce) {
  const auto absent = ParseReferenceValueUpload(R"({"name": "web", "values": ["aa"]})").value();
  EXPECT_EQ(absent.change, ReferenceValueChange::kReplace);
  EXPECT_FALSE(absent.force);
  const auto append = ParseReferenceValueUpload(
                          R"({"name": "web", "values": ["aa"], "mode": "append", "force": true})")
                          .value();
  EXPECT_EQ(append.change, ReferenceValueChange::kAppend);
  EXPECT_TRUE(append.force);
  EXPECT_EQ(
      ParseReferenceValueUpload(R"({"name": "web", "values": ["aa"], "mode": "remove"})")->change,
      ReferenceValueChange::kRemove);
  for (const char* body : {R"({"name": "web", "values": ["aa"], "mode": "merge"})",
                           R"({"name": "web", "values": ["aa"], "mode": 1})",
                           R"({"name": "web", "values": ["aa"], "force": "yes"})",
                           R"({"name": "web", "values": ["aa"], "mode": "remove", "expires":
                               "2027-01-01T00:00:00Z"})",
                           R"({"name": "web", "values": ["aa"], "extra": 1})"}) {
    EXPECT_FALSE(ParseReferenceValueUpload(body)) << body;
  }
}

TEST(ReferenceValueImport, ParsesAWholeSetOrNothing) {
  const auto import = ParseReferenceValueImport(
                          R"({"reference_values": [{"name": "web", "values": ["a"]},
                              {"name": "web", "values": ["b"], "provenance": "p"}], "force": true})")
                          .value();
  ASSERT_EQ(import.references.size(), 2u);
  EXPECT_EQ(import.references[1].provenance, "p");
  EXPECT_TRUE(import.force);
  for (
      const char* body :
      {"{}", R"({"reference_values": []})", R"({"reference_values": {}})",
       R"({"reference_values": [5]})",
       R"({"reference_values": [{"name": "web", "values": ["a"], "updated": "x"}]})",
       R"({"reference_values": [{"name": "web", "values": ["a"]}], "other": 1})",
       R"({"reference_values": [{"name": "web", "values": ["a"]}, {"name": "web", "values": ["a"]}]})"}) {
    EXPECT_FALSE(ParseReferenceValueImport(body)) << body;
  }
}

}  // namespace
}  // namespace veil::admin
