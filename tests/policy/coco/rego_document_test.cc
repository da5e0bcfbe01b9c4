#include "veil/policy/coco/rego_document.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/policy/default_policies.h"
#include "veil/testing/fixtures.h"

namespace veil::policy::coco {
namespace {

std::string Text(const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

// CoCo's own policies (../shared/fixtures/rego, byte-identical copies from its trustee): the four
// that kbs-client's set-resource-policy flags embed, its default attestation policy, and an
// attestation-service test policy.
TEST(RegoDocument, RecognisesCocosPolicies) {
  for (const char* file :
       {"rego/trustee/kbs-allow_all.rego", "rego/trustee/kbs-deny_all.rego",
        "rego/trustee/kbs-affirming.rego", "rego/trustee/kbs-default.rego",
        "rego/trustee/as-ear_default_policy_cpu.rego", "rego/trustee/as-test-example-1.rego"}) {
    EXPECT_TRUE(LooksLikeRego(Text(testing::ReadFixture(file)))) << file;
  }
}

TEST(RegoDocument, SkipsBlankLinesCommentsAndAByteOrderMark) {
  EXPECT_TRUE(LooksLikeRego("package policy\n"));
  EXPECT_TRUE(LooksLikeRego("\n\n  # a comment\n#another\r\n\tpackage\tpolicy"));
  EXPECT_TRUE(LooksLikeRego("\xEF\xBB\xBFpackage policy\n"));
}

TEST(RegoDocument, VeilDocumentsAndNearMissesAreNotRego) {
  EXPECT_FALSE(LooksLikeRego(policy::DefaultAttestationPolicyText()));
  EXPECT_FALSE(LooksLikeRego(policy::DefaultResourcePolicyText()));
  for (const char* text : {"", "# only a comment", "package", "package:\n  x: 1", "packages x",
                           "id: p\n# package policy\n", "{\"package\": 1}", "x package policy"}) {
    EXPECT_FALSE(LooksLikeRego(text)) << text;
  }
}

}  // namespace
}  // namespace veil::policy::coco
