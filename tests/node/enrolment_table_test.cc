// The enrolment state machine: issued -> redeemed once with the right secret; another secret, an
// expired enrolment or a second answer binds nothing, and the id is gone after any answer.

#include "veil/node/enrolment_table.h"

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"

namespace veil::node {
namespace {

const TimePoint kT0 = ParseRfc3339("2026-12-01T10:00:00Z").value();

PendingEnrolment Pending(std::string name, Bytes secret) {
  return {store::NodeIdentity{std::move(name), std::string(64, 'e'), {}},
          std::string(64, 'a'),
          "registration",
          crypto::SecretBytes(secret),
          {}};
}

class EnrolmentTableTest : public ::testing::Test {
 protected:
  FixedClock clock_{kT0};
  EnrolmentTable table_{clock_, std::chrono::seconds(60), 2};
  const Bytes secret_ = Bytes(32, 0x5a);
};

TEST_F(EnrolmentTableTest, TheRightSecretRedeemsOnceAndOnlyOnce) {
  auto issued = table_.Add(Pending("edge-1", secret_));
  ASSERT_TRUE(issued) << issued.error().ToString();
  EXPECT_EQ(issued->expires, kT0 + std::chrono::seconds(60));
  EXPECT_EQ(issued->id.size(), 43u);  // 32 bytes, base64url without padding

  auto redeemed = table_.Redeem(issued->id, secret_);
  ASSERT_TRUE(redeemed) << redeemed.error().ToString();
  EXPECT_EQ(redeemed->identity.name, "edge-1");
  EXPECT_EQ(redeemed->ak_digest, std::string(64, 'a'));
  EXPECT_EQ(table_.size(), 0u);

  auto again = table_.Redeem(issued->id, secret_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
  EXPECT_NE(again.error().message.find("is not pending"), std::string::npos);
}

TEST_F(EnrolmentTableTest, AnotherSecretIsRefusedAndUsesTheEnrolmentUp) {
  auto issued = table_.Add(Pending("edge-1", secret_));
  ASSERT_TRUE(issued);
  Bytes wrong = secret_;
  wrong.back() ^= 1;
  auto refused = table_.Redeem(issued->id, wrong);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(refused.error().message,
            "enrolment of node edge-1: the secret does not match the credential (the TPM holding "
            "the EK did not activate it for this AK); nothing was bound");
  // The right secret after a wrong one is too late: one try per challenge.
  EXPECT_EQ(table_.Redeem(issued->id, secret_).error().code, ErrorCode::kNotFound);
  // A shorter secret is another secret, not a prefix.
  auto second = table_.Add(Pending("edge-1", secret_));
  EXPECT_EQ(table_.Redeem(second->id, ByteSpan(secret_).first(16)).error().code,
            ErrorCode::kVerificationFailed);
}

TEST_F(EnrolmentTableTest, AnExpiredEnrolmentIsRefusedNamingItsExpiry) {
  auto issued = table_.Add(Pending("edge-1", secret_));
  ASSERT_TRUE(issued);
  clock_.Set(kT0 + std::chrono::seconds(60));
  auto expired = table_.Redeem(issued->id, secret_);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(expired.error().message, "enrolment of node edge-1 expired at 2026-12-01T10:01:00Z");
  EXPECT_EQ(table_.size(), 0u);
}

TEST_F(EnrolmentTableTest, AFullTableDropsExpiredEnrolmentsThenRefuses) {
  ASSERT_TRUE(table_.Add(Pending("a", secret_)));
  ASSERT_TRUE(table_.Add(Pending("b", secret_)));
  auto full = table_.Add(Pending("c", secret_));
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(full.error().message, "expected fewer than 2 enrolments pending, got 2; retry in 60 s");
  clock_.Set(kT0 + std::chrono::seconds(61));
  auto later = table_.Add(Pending("c", secret_));
  ASSERT_TRUE(later) << later.error().ToString();
  EXPECT_EQ(table_.size(), 1u);
}

TEST_F(EnrolmentTableTest, IdsAreFreshAndUnknownIdsAreNotFound) {
  auto a = table_.Add(Pending("a", secret_));
  auto b = table_.Add(Pending("b", secret_));
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->id, b->id);
  EXPECT_EQ(table_.Redeem("not-an-id", secret_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(table_.size(), 2u);  // an unknown id removes nothing
}

}  // namespace
}  // namespace veil::node
