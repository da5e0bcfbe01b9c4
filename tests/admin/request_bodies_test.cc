#include "veil/admin/request_bodies.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/base/base64.h"
#include "veil/policy/default_policies.h"

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

TEST(ReferenceValueRequest, RefusesMistypedMembers) {
  for (const char* body : {"", "{}", R"({"name": "web"})", R"({"name": "web", "values": "aa"})",
                           R"({"name": "web", "values": [1]})", R"({"name": 1, "values": ["aa"]})",
                           R"({"name": "web", "values": ["aa"], "expires": "tomorrow"})",
                           R"({"name": "web", "values": ["aa"], "provenance": 7})"}) {
    EXPECT_FALSE(ParseReferenceValueRequest(body)) << body;
  }
}

}  // namespace
}  // namespace veil::admin
