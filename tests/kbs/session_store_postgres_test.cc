// The SessionStore contract on PostgreSQL (SharedSessionStore over the kbs_sessions table, one
// database per test on a real server), and what only shared sessions do: two replicas, each
// with a connection pool of its own, see one set of sessions, one nonce and one set of limits.

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "session_store_contract.h"
#include "store/postgres/postgres_test_database.h"
#include "veil/kbs/shared_session_store.h"
#include "veil/store/postgres/session_records_postgres.h"

namespace veil::kbs {
namespace {

std::shared_ptr<store::SessionRecords> OpenRecords(const std::string& url, const Clock& clock) {
  auto records = store::postgres::OpenPostgresSessionRecords(url, clock);
  EXPECT_TRUE(records) << records.error().ToString();
  return records ? std::shared_ptr<store::SessionRecords>(std::move(*records)) : nullptr;
}

SessionStoreUnderTest MakeOnPostgres(const Clock& clock, std::chrono::seconds ttl,
                                     SessionLimits limits) {
  auto records = OpenRecords(store::postgres::NewTestDatabase(), clock);
  VEIL_CHECK(records != nullptr);  // OpenRecords failed the test already
  auto store = std::make_unique<SharedSessionStore>(*records, clock, ttl, limits);
  return {std::move(records), std::move(store)};
}

INSTANTIATE_TEST_SUITE_P(Postgres, SessionStoreContract,
                         ::testing::Values(SessionStoreBackend{"Postgres", &MakeOnPostgres}),
                         BackendName);

// Two replicas of one trustee: each its own records (its own connections) on one database.
class TwoReplicas : public ::testing::Test {
 protected:
  TwoReplicas()
      : url_(store::postgres::NewTestDatabase()),
        records_a_(OpenRecords(url_, clock_)),
        records_b_(OpenRecords(url_, clock_)) {
    VEIL_CHECK(records_a_ != nullptr && records_b_ != nullptr);
  }

  SharedSessionStore Replica(store::SessionRecords& records, SessionLimits limits = {}) {
    return SharedSessionStore(records, clock_, std::chrono::seconds(300), limits);
  }

  FixedClock clock_{TimePoint{} + std::chrono::hours(1000)};
  std::string url_;
  std::shared_ptr<store::SessionRecords> records_a_;
  std::shared_ptr<store::SessionRecords> records_b_;
};

TEST_F(TwoReplicas, AuthOnOneAttestOnTheOtherAndANonceReplayedAtEitherIsRefused) {
  SharedSessionStore a = Replica(*records_a_);
  SharedSessionStore b = Replica(*records_b_);
  const Session session = a.Create(protocol::TeeKind::kSample, "203.0.113.9").value();
  EXPECT_EQ(b.Find(session.id).value().nonce, session.nonce);
  ASSERT_TRUE(b.ConsumeNonce(session.id));
  for (SharedSessionStore* replica : {&a, &b}) {
    auto replay = replica->ConsumeNonce(session.id);
    ASSERT_FALSE(replay);
    EXPECT_EQ(replay.error().code, ErrorCode::kVerificationFailed);
    EXPECT_NE(replay.error().message.find("already used"), std::string::npos);
  }
  ASSERT_TRUE(b.MarkAttested(session.id, "token-from-b"));
  EXPECT_EQ(a.Find(session.id).value().token, "token-from-b");
}

// Many threads on both replicas race one client's quota and the nonce of one session: the
// advisory lock admits exactly the quota, the conditional UPDATE exactly one consumer.
TEST_F(TwoReplicas, LimitsAndNoncesHoldUnderConcurrencyAcrossReplicas) {
  const SessionLimits limits{.capacity = 1000, .max_unattested_per_client = 5};
  SharedSessionStore a = Replica(*records_a_, limits);
  SharedSessionStore b = Replica(*records_b_, limits);
  std::atomic<int> created = 0;
  std::atomic<int> denied = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int attempt = 0; attempt < 3; ++attempt) {
        auto session = (i % 2 == 0 ? a : b).Create(protocol::TeeKind::kSample, "192.0.2.50");
        if (session) {
          ++created;
        } else if (session.error().code == ErrorCode::kPolicyDenied) {
          ++denied;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(created.load(), 5);
  EXPECT_EQ(denied.load(), 19);
  EXPECT_EQ(a.size(), 5u);

  const Session session = a.Create(protocol::TeeKind::kSample, "192.0.2.51").value();
  std::atomic<int> consumed = 0;
  threads.clear();
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      if ((i % 2 == 0 ? a : b).ConsumeNonce(session.id)) ++consumed;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(consumed.load(), 1);
}

// The database keeps only SHA-256 of each id: whoever reads kbs_sessions cannot present a cookie.
TEST_F(TwoReplicas, RowsAreKeyedByTheHashOfTheIdNeverTheId) {
  SharedSessionStore a = Replica(*records_a_);
  const Session session = a.Create(protocol::TeeKind::kSample).value();
  EXPECT_TRUE(records_b_->Find(SessionKey(session.id)).value());
  EXPECT_FALSE(records_b_->Find(session.id).value());
}

}  // namespace
}  // namespace veil::kbs
