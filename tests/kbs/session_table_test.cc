#include "veil/kbs/session_table.h"

#include <gtest/gtest.h>

#include "veil/base/base64.h"

namespace veil::kbs {
namespace {

TEST(SessionTable, CreatesFreshIdsAndNonces) {
  FixedClock clock(TimePoint{} + std::chrono::hours(1000));
  SessionTable table(clock, std::chrono::seconds(300));
  const Session a = table.Create(protocol::TeeKind::kTpm);
  const Session b = table.Create(protocol::TeeKind::kTpm);
  EXPECT_EQ(a.id.size(), 32u);
  EXPECT_NE(a.id, b.id);
  EXPECT_NE(a.nonce, b.nonce);
  EXPECT_EQ(Base64Decode(a.nonce).value().size(), 32u);
  EXPECT_EQ(table.Find(a.id).value().tee, protocol::TeeKind::kTpm);
}

TEST(SessionTable, SessionsExpireAfterTheirTtl) {
  FixedClock clock(TimePoint{} + std::chrono::hours(1000));
  SessionTable table(clock, std::chrono::seconds(300));
  const Session session = table.Create(protocol::TeeKind::kSnp);
  clock.Set(clock.Now() + std::chrono::seconds(299));
  EXPECT_TRUE(table.Find(session.id));
  clock.Set(clock.Now() + std::chrono::seconds(1));
  auto expired = table.Find(session.id);
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos);
  EXPECT_FALSE(table.ConsumeNonce(session.id));
}

TEST(SessionTable, NoncesAreSingleUse) {
  FixedClock clock(TimePoint{} + std::chrono::hours(1000));
  SessionTable table(clock, std::chrono::seconds(300));
  const Session session = table.Create(protocol::TeeKind::kTpm);
  EXPECT_TRUE(table.ConsumeNonce(session.id));
  auto replay = table.ConsumeNonce(session.id);
  ASSERT_FALSE(replay);
  EXPECT_NE(replay.error().message.find("already used"), std::string::npos);
  EXPECT_FALSE(table.ConsumeNonce("ffffffffffffffffffffffffffffffff"));
}

TEST(SessionTable, FloodingKeepsTheTableBoundedAndAttestedSessionsAlive) {
  FixedClock clock(TimePoint{} + std::chrono::hours(1000));
  SessionTable table(clock, std::chrono::seconds(300), 8);
  const Session attested = table.Create(protocol::TeeKind::kTpm);
  ASSERT_TRUE(
      table.MarkAttested(attested.id, "token", nlohmann::json::object(), nlohmann::json::object()));
  for (int i = 0; i < 100; ++i) table.Create(protocol::TeeKind::kSample);
  EXPECT_LE(table.size(), 8u);
  EXPECT_EQ(table.Find(attested.id).value().token, "token");
}

}  // namespace
}  // namespace veil::kbs
