// The SessionStore contract (session_store_contract.h): what every implementation does.

#include <chrono>
#include <string>
#include <vector>

#include "session_store_contract.h"
#include "veil/base/base64.h"

namespace veil::kbs {
namespace {

TEST_P(SessionStoreContract, CreatesFreshIdsAndNonces) {
  SessionStore& table = Make(std::chrono::seconds(300));
  const Session a = table.Create(protocol::TeeKind::kTpm).value();
  const Session b = table.Create(protocol::TeeKind::kTpm).value();
  EXPECT_EQ(a.id.size(), 32u);
  EXPECT_NE(a.id, b.id);
  EXPECT_NE(a.nonce, b.nonce);
  EXPECT_EQ(Base64Decode(a.nonce).value().size(), 32u);
  EXPECT_EQ(table.Find(a.id).value().tee, protocol::TeeKind::kTpm);
}

TEST_P(SessionStoreContract, SessionsExpireAfterTheirTtl) {
  SessionStore& table = Make(std::chrono::seconds(300));
  const Session session = table.Create(protocol::TeeKind::kSnp).value();
  clock_.Set(clock_.Now() + std::chrono::seconds(299));
  EXPECT_TRUE(table.Find(session.id));
  clock_.Set(clock_.Now() + std::chrono::seconds(1));
  auto expired = table.Find(session.id);
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos);
  EXPECT_FALSE(table.ConsumeNonce(session.id));
}

TEST_P(SessionStoreContract, NoncesAreSingleUse) {
  SessionStore& table = Make(std::chrono::seconds(300));
  const Session session = table.Create(protocol::TeeKind::kTpm).value();
  EXPECT_TRUE(table.ConsumeNonce(session.id));
  auto replay = table.ConsumeNonce(session.id);
  ASSERT_FALSE(replay);
  EXPECT_NE(replay.error().message.find("already used"), std::string::npos);
  EXPECT_FALSE(table.ConsumeNonce("ffffffffffffffffffffffffffffffff"));
}

// A full table used to evict the oldest unattested session for each new /auth: a flood locked
// out every honest guest mid-handshake. Now the newcomer is refused and no session is lost.
TEST_P(SessionStoreContract, WhenFullNewcomersAreRefusedAndNoSessionIsEvicted) {
  SessionStore& table = Make(std::chrono::seconds(300), {.capacity = 8});
  const Session attested = table.Create(protocol::TeeKind::kTpm, "10.0.0.1").value();
  ASSERT_TRUE(table.MarkAttested(attested.id, "token"));
  const Session honest =
      table.Create(protocol::TeeKind::kTpm, "10.0.0.2").value();  // mid-handshake
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(table.Create(protocol::TeeKind::kSample, "10.0.0.3"));
  for (int i = 0; i < 100; ++i) {
    auto refused = table.Create(protocol::TeeKind::kSample, "10.0.0.3");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  }
  EXPECT_EQ(table.size(), 8u);
  EXPECT_EQ(table.Find(attested.id).value().token, "token");
  EXPECT_TRUE(table.ConsumeNonce(honest.id));  // the honest guest goes on with its handshake
  EXPECT_EQ(table.RetryAfter(), std::chrono::seconds(300));
  clock_.Set(clock_.Now() + std::chrono::seconds(120));
  EXPECT_EQ(table.RetryAfter(), std::chrono::seconds(180));
  // Once sessions expire there is room again.
  clock_.Set(clock_.Now() + std::chrono::seconds(180));
  EXPECT_TRUE(table.Create(protocol::TeeKind::kTpm, "10.0.0.2"));
  EXPECT_EQ(table.size(), 1u);
}

TEST_P(SessionStoreContract, LimitsUnattestedSessionsPerClient) {
  SessionStore& table =
      Make(std::chrono::seconds(300), {.capacity = 100, .max_unattested_per_client = 3});
  std::vector<Session> sessions;
  for (int i = 0; i < 3; ++i)
    sessions.push_back(table.Create(protocol::TeeKind::kSample, "192.0.2.7").value());
  auto refused = table.Create(protocol::TeeKind::kSample, "192.0.2.7");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPolicyDenied);
  EXPECT_EQ(refused.error().message,
            "client 192.0.2.7 already holds 3 unattested sessions, the most allowed");
  EXPECT_TRUE(
      table.Create(protocol::TeeKind::kSample, "192.0.2.8"));  // other clients are unaffected
  // An attested session no longer counts against the quota.
  ASSERT_TRUE(table.MarkAttested(sessions[0].id, "token"));
  EXPECT_TRUE(table.Create(protocol::TeeKind::kSample, "192.0.2.7"));
  EXPECT_FALSE(table.Create(protocol::TeeKind::kSample, "192.0.2.7"));
  // Nor does an expired one.
  clock_.Set(clock_.Now() + std::chrono::seconds(300));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(table.Create(protocol::TeeKind::kSample, "192.0.2.7"));
}

// Expired sessions were only dropped when the table was full; now each Create drops them (at
// most once a second), so memory follows the live sessions.
TEST_P(SessionStoreContract, DropsExpiredSessionsWithoutWaitingForTheTableToFill) {
  SessionStore& table = Make(std::chrono::seconds(10));
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(table.Create(protocol::TeeKind::kSample, "client-" + std::to_string(i)));
  EXPECT_EQ(table.size(), 50u);
  clock_.Set(clock_.Now() + std::chrono::seconds(10));
  ASSERT_TRUE(table.Create(protocol::TeeKind::kSample, "late"));
  EXPECT_EQ(table.size(), 1u);
}

TEST_P(SessionStoreContract, KeepsWhatAuthNegotiatedAndTheToken) {
  SessionStore& table = Make(std::chrono::seconds(300));
  const Session created =
      table.Create(protocol::TeeKind::kSample, "198.51.100.4", protocol::BindingHash::kSha256)
          .value();
  const Session found = table.Find(created.id).value();
  EXPECT_EQ(found.id, created.id);
  EXPECT_EQ(found.nonce, created.nonce);
  EXPECT_EQ(found.tee, protocol::TeeKind::kSample);
  EXPECT_EQ(found.binding_hash, protocol::BindingHash::kSha256);
  EXPECT_EQ(found.client, "198.51.100.4");
  EXPECT_EQ(found.expires, clock_.Now() + std::chrono::seconds(300));
  EXPECT_FALSE(found.nonce_used);
  EXPECT_FALSE(found.token);
  ASSERT_TRUE(table.ConsumeNonce(created.id));
  ASSERT_TRUE(table.MarkAttested(created.id, "header.claims.signature"));
  const Session attested = table.Find(created.id).value();
  EXPECT_TRUE(attested.nonce_used);
  EXPECT_EQ(attested.token, "header.claims.signature");
  auto unknown = table.MarkAttested("00000000000000000000000000000000", "token");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  auto absent = table.Find("00000000000000000000000000000000");
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace veil::kbs
