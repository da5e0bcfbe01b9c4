// What the PostgreSQL backend does beyond the Store contract: migrations, a newer schema,
// concurrent writers on several connections (key check inits and rotations among them), connection
// errors, the append-only audit table.

#include "veil/store/postgres/postgres_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "postgres_test_database.h"
#include "store_test_values.h"
#include "veil/audit/verify_chain.h"
#include "veil/store/postgres/schema.h"

namespace veil::store::postgres {
namespace {

using test_values::Event;
using test_values::kT0;
using test_values::Path;

std::int64_t SchemaVersionRows(const std::string& url) {
  auto connection = Connection::Open(url).value();
  return connection.Execute("SELECT count(*) FROM schema_version").value().Int64(0, 0, "n").value();
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(HasFailure()) << "no test database"; }

  FixedClock clock_{kT0};
  std::string url_ = NewTestDatabase();
};

TEST_F(PostgresStoreTest, MigratesAnEmptyDatabaseAndReopensWithoutMigratingAgain) {
  auto connection = Connection::Open(url_).value();
  EXPECT_EQ(ReadSchemaVersion(connection).value(), 0);
  {
    auto store = OpenPostgresStore(url_, clock_).value();
    ASSERT_TRUE(
        store->PutResource(Path("a/b/c"), AsBytes("sealed"), Event("resource.put", "a/b/c")));
  }
  EXPECT_EQ(ReadSchemaVersion(connection).value(), kSchemaVersion);
  EXPECT_EQ(SchemaVersionRows(url_), kSchemaVersion);

  clock_.Set(kT0 + std::chrono::hours(1));
  auto reopened = OpenPostgresStore(url_, clock_).value();
  EXPECT_EQ(reopened->GetResource(Path("a/b/c")).value(), ToBytes(AsBytes("sealed")));
  EXPECT_EQ(SchemaVersionRows(url_), kSchemaVersion);  // nothing applied twice
  EXPECT_EQ(ReadAllAudit(*reopened).value().size(), 1u);
}

TEST_F(PostgresStoreTest, RefusesADatabaseWithANewerSchema) {
  { ASSERT_TRUE(OpenPostgresStore(url_, clock_)); }
  ExecuteBehindTheStore(url_, "INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");
  auto refused = OpenPostgresStore(url_, clock_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(refused.error().ToString(),
            "store: database schema version 99 is newer than this build supports (" +
                std::to_string(kSchemaVersion) + "); use a newer Veil release");
  EXPECT_EQ(SchemaVersionRows(url_), kSchemaVersion + 1);  // refused without a change
}

// Two stores, as two replicas would be, each with two writing threads on connections of its pool:
// their audit appends interleave but never fork the chain.
TEST_F(PostgresStoreTest, ConcurrentWritersOnSeveralConnectionsKeepOneLinearChain) {
  auto first = OpenPostgresStore(url_, clock_).value();
  auto second = OpenPostgresStore(url_, clock_, 2).value();
  constexpr int kWritesEach = 25;
  const auto write = [](Store& store, const std::string& prefix) {
    for (int i = 0; i < kWritesEach; ++i) {
      const std::string path = prefix + "/key/" + std::to_string(i);
      ASSERT_TRUE(store.PutResource(Path(path), AsBytes("s"), Event("resource.put", path)));
      ASSERT_TRUE(store.AppendAudit(Event("resource.release", path)));
    }
  };
  std::vector<std::thread> writers;
  writers.emplace_back([&] { write(*first, "one"); });
  writers.emplace_back([&] { write(*first, "two"); });
  writers.emplace_back([&] { write(*second, "three"); });
  writers.emplace_back([&] { write(*second, "four"); });
  for (std::thread& writer : writers) writer.join();

  const auto entries = ReadAllAudit(*first).value();
  ASSERT_EQ(entries.size(), 8u * kWritesEach);
  for (std::size_t i = 0; i < entries.size(); ++i) EXPECT_EQ(entries[i].sequence, i + 1);
  const audit::ChainVerdict verdict = audit::VerifyAuditChain(entries);
  EXPECT_TRUE(verdict.intact) << verdict.reason;
  EXPECT_EQ(second->ListResources().value().size(), 4u * kWritesEach);
}

// Replicas starting together each offer their own key check value: the first to commit is the
// one every replica gets back (INSERT ... ON CONFLICT DO NOTHING, then SELECT).
TEST_F(PostgresStoreTest, ConcurrentKeyCheckInitsOnSeveralStoresAgreeOnOneValue) {
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < 2; ++i) stores.push_back(OpenPostgresStore(url_, clock_).value());
  std::vector<std::string> offered;
  for (int i = 0; i < 8; ++i) offered.push_back("check-" + std::to_string(i));
  std::vector<Result<Bytes>> got(offered.size(), Fail(Internal("not run")));
  std::vector<std::thread> starters;
  for (std::size_t i = 0; i < offered.size(); ++i) {
    starters.emplace_back(
        [&, i] { got[i] = stores[i % stores.size()]->InitKeyCheck(AsBytes(offered[i])); });
  }
  for (std::thread& starter : starters) starter.join();
  const auto stored = stores[0]->GetKeyCheck().value();
  ASSERT_TRUE(stored);
  EXPECT_NE(std::find(offered.begin(), offered.end(), std::string(stored->begin(), stored->end())),
            offered.end());
  for (const auto& result : got) {
    ASSERT_TRUE(result) << result.error().ToString();
    EXPECT_EQ(*result, *stored);
  }
}

// Two rotations from the same key started at once on two stores: the second waits for the first
// (audit lock, key check FOR UPDATE), then finds another key check and changes nothing; every
// secret is resealed exactly once and the chain has one kek.rotate entry.
TEST_F(PostgresStoreTest, ConcurrentRotationsFromTheSameKeyLetExactlyOneSucceed) {
  auto first = OpenPostgresStore(url_, clock_).value();
  auto second = OpenPostgresStore(url_, clock_).value();
  ASSERT_TRUE(first->PutResource(Path("a/b/one"), AsBytes("1"), Event("resource.put", "a/b/one")));
  ASSERT_TRUE(first->PutResource(Path("a/b/two"), AsBytes("2"), Event("resource.put", "a/b/two")));
  ASSERT_TRUE(first->InitKeyCheck(AsBytes("old")));
  const Store::Resealer plus = [](std::string_view, ByteSpan sealed) -> Result<Bytes> {
    Bytes resealed = ToBytes(sealed);
    resealed.push_back('+');
    return resealed;
  };
  Status a = Fail(Internal("not run"));
  Status b = Fail(Internal("not run"));
  std::thread one([&] {
    a = first->ResealResources(AsBytes("old"), plus, AsBytes("new-a"), Event("kek.rotate", ""));
  });
  std::thread two([&] {
    b = second->ResealResources(AsBytes("old"), plus, AsBytes("new-b"), Event("kek.rotate", ""));
  });
  one.join();
  two.join();
  ASSERT_NE(static_cast<bool>(a), static_cast<bool>(b));
  const Status& refused = a ? b : a;
  EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(first->GetKeyCheck().value(), ToBytes(AsBytes(a ? "new-a" : "new-b")));
  EXPECT_EQ(first->GetResource(Path("a/b/one")).value(), ToBytes(AsBytes("1+")));
  EXPECT_EQ(first->GetResource(Path("a/b/two")).value(), ToBytes(AsBytes("2+")));
  const auto entries = ReadAllAudit(*first).value();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[2].action, "kek.rotate");
  EXPECT_TRUE(audit::VerifyAuditChain(entries).intact);
}

TEST_F(PostgresStoreTest, OneConnectionServesThreadsInTurnAndNoneIsRefused) {
  auto store = OpenPostgresStore(url_, clock_, 1).value();
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      for (int j = 0; j < 10; ++j) ASSERT_TRUE(store->ListResources());
    });
  }
  for (std::thread& reader : readers) reader.join();
  auto none = OpenPostgresStore(url_, clock_, 0);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(PostgresStoreTest, TheAuditLogIsAppendOnly) {
  auto store = OpenPostgresStore(url_, clock_).value();
  const audit::AuditEntry appended = store->AppendAudit(Event("resource.release", "a/b/c")).value();
  auto connection = Connection::Open(url_).value();
  for (const char* sql :
       {"UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log", "TRUNCATE audit_log"}) {
    auto changed = connection.ExecuteScript(sql);
    ASSERT_FALSE(changed) << sql;
    EXPECT_NE(changed.error().message.find("audit_log is append-only"), std::string::npos)
        << changed.error().ToString();
  }
  EXPECT_EQ(ReadAllAudit(*store).value(), std::vector<audit::AuditEntry>{appended});
}

TEST_F(PostgresStoreTest, ReconnectsAfterTheServerEndsItsConnection) {
  auto store = OpenPostgresStore(url_, clock_).value();
  ASSERT_TRUE(store->PutResource(Path("a/b/c"), AsBytes("s"), Event("resource.put", "a/b/c")));
  ExecuteBehindTheStore(url_,
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = 'veil-trustee' AND datname = current_database() "
                        "AND pid <> pg_backend_pid()");
  // The first call finds the connection gone (kUnavailable); the next one reconnects.
  auto lost = store->GetResource(Path("a/b/c"));
  if (!lost) {
    EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable) << lost.error().ToString();
  }
  EXPECT_EQ(store->GetResource(Path("a/b/c")).value(), ToBytes(AsBytes("s")));
}

// Text goes to the server with its length: a view into a longer string is only the view.
TEST_F(PostgresStoreTest, TextParametersAreExactlyTheViewedBytes) {
  auto store = OpenPostgresStore(url_, clock_).value();
  ASSERT_TRUE(store->PutReferenceValue({"snp.measurement", {"3f1a"}, std::nullopt, ""},
                                       Event("refval.put", "snp.measurement")));
  const std::string longer = "snp.measurement.extra";
  ASSERT_TRUE(store->DeleteReferenceValue(std::string_view(longer).substr(0, 15),
                                          Event("refval.delete", "snp.measurement")));
  EXPECT_TRUE(store->ListReferenceValues().value().empty());
}

// PostgreSQL text holds UTF-8 without NUL (SQLite would keep any bytes): such a policy is refused
// as invalid input, changing nothing.
TEST_F(PostgresStoreTest, TextThatPostgresCannotHoldIsInvalidInput) {
  auto store = OpenPostgresStore(url_, clock_).value();
  for (const std::string& text : {std::string("allow\0 = true", 13), std::string("\xff\xfe")}) {
    auto refused =
        store->PutPolicy({PolicyKind::kResource, "p", text}, Event("policy.set", "resource"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument) << refused.error().ToString();
  }
  EXPECT_EQ(store->GetPolicy(PolicyKind::kResource).value(), std::nullopt);
  EXPECT_TRUE(ReadAllAudit(*store).value().empty());
}

TEST(PostgresStoreErrors, AServerThatIsNotThereIsAClearError) {
  const FixedClock clock{kT0};
  auto missing =
      OpenPostgresStore("postgresql:///veil?host=/nonexistent/veil&user=postgres", clock);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(missing.error().ToString().starts_with("store: postgres: cannot connect: "))
      << missing.error().ToString();
  EXPECT_NE(missing.error().message.find("/nonexistent/veil/.s.PGSQL.5432"), std::string::npos)
      << missing.error().ToString();

  // Port 1 on loopback refuses at once; the password never reaches the message.
  auto refused =
      OpenPostgresStore("postgresql://veil:hunter2@127.0.0.1:1/veil?connect_timeout=5", clock);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(refused.error().message.find("127.0.0.1"), std::string::npos)
      << refused.error().ToString();
  EXPECT_EQ(refused.error().ToString().find("hunter2"), std::string::npos);

  auto invalid = OpenPostgresStore("postgresql://host/veil?no_such_option=1", clock);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(invalid.error().ToString().starts_with("store: postgres: invalid connection URL: "))
      << invalid.error().ToString();
}

}  // namespace
}  // namespace veil::store::postgres
