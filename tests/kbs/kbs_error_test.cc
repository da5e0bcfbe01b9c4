#include "veil/kbs/kbs_error.h"

#include <gtest/gtest.h>

namespace veil::kbs {
namespace {

TEST(KbsError, GuestsGet401ExceptForUnknownPaths) {
  EXPECT_EQ(HttpStatus(KbsErrorKind::kRcarAttestFailed), 401u);
  EXPECT_EQ(HttpStatus(KbsErrorKind::kPolicyDeny), 401u);
  EXPECT_EQ(HttpStatus(KbsErrorKind::kResourceNotFound), 401u);
  EXPECT_EQ(HttpStatus(KbsErrorKind::kTokenNotFound), 401u);
  EXPECT_EQ(HttpStatus(KbsErrorKind::kInvalidRequestPath), 404u);
  EXPECT_EQ(HttpStatus(KbsErrorKind::kPluginNotFound), 404u);
  EXPECT_EQ(HttpStatus(KbsErrorKind::kSessionsFull), 503u);
  EXPECT_EQ(HttpStatus(KbsErrorKind::kSessionQuota), 429u);
  EXPECT_EQ(HttpStatus(KbsErrorKind::kRateLimited), 429u);
  EXPECT_EQ(KbsErrorVariant(KbsErrorKind::kRateLimited), "RateLimited");
}

// Veil's workload CA: an identity policy refusal is final for that request, not a reason for the
// guest to re-run the handshake.
TEST(KbsError, IdentityPolicyRefusalsAre403PolicyDeny) {
  EXPECT_EQ(HttpStatus(KbsErrorKind::kIdentityDeny), 403u);
  EXPECT_EQ(KbsErrorVariant(KbsErrorKind::kIdentityDeny), "PolicyDeny");
}

TEST(KbsError, ProblemJsonNamesTheCocoVariant) {
  const auto problem =
      ProblemJson({KbsErrorKind::kPolicyDeny, "rule x: claim y expected a, found b"});
  EXPECT_EQ(problem["type"], "https://github.com/confidential-containers/kbs/errors/PolicyDeny");
  EXPECT_EQ(problem["detail"], "rule x: claim y expected a, found b");
}

}  // namespace
}  // namespace veil::kbs
