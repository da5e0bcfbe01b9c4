#include "veil/store/sqlite/database.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/store/sqlite/data_file.h"
#include "veil/store/sqlite/transaction.h"
#include "veil/testing/scratch_dir.h"

namespace veil::store::sqlite {
namespace {

using veil::testing::ScratchDir;

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(EnsurePrivateFile(file_));
    db_.emplace(Database::Open(file_, Database::Mode::kReadWrite).value());
    ASSERT_TRUE(db_->Execute("CREATE TABLE t (k INTEGER PRIMARY KEY, text TEXT, blob BLOB);"));
  }

  std::int64_t CountRows() {
    auto count = db_->Prepare("SELECT count(*) FROM t").value();
    EXPECT_TRUE(count.Step().value());
    return count.Int64(0);
  }

  ScratchDir dir_;
  std::filesystem::path file_ = dir_.path() / "test.db";
  std::optional<Database> db_;
};

TEST_F(DatabaseTest, BindsAndReadsBackEveryType) {
  auto insert = db_->Prepare("INSERT INTO t (k, text, blob) VALUES (?1, ?2, ?3)").value();
  ASSERT_TRUE(insert.Bind(1, std::int64_t{-7}));
  ASSERT_TRUE(insert.Bind(2, std::string_view("it's \"quoted\"; DROP TABLE t; --")));
  const Bytes blob = {0x00, 0xff, 0x00, 0x01};
  ASSERT_TRUE(insert.Bind(3, ByteSpan(blob)));
  ASSERT_TRUE(insert.Run());
  EXPECT_EQ(db_->ChangedRows(), 1);

  auto select = db_->Prepare("SELECT k, text, blob FROM t").value();
  ASSERT_TRUE(select.Step().value());
  EXPECT_EQ(select.Int64(0), -7);
  EXPECT_EQ(select.Text(1), "it's \"quoted\"; DROP TABLE t; --");
  EXPECT_EQ(select.Blob(2), blob);
  EXPECT_FALSE(select.Step().value());
}

TEST_F(DatabaseTest, EmptyTextAndBlobAreNotNull) {
  auto insert = db_->Prepare("INSERT INTO t (k, text, blob) VALUES (1, ?1, ?2)").value();
  ASSERT_TRUE(insert.Bind(1, std::string_view()));
  ASSERT_TRUE(insert.Bind(2, ByteSpan()));
  ASSERT_TRUE(insert.Run());
  auto select = db_->Prepare("SELECT text IS NULL, blob IS NULL, typeof(blob) FROM t").value();
  ASSERT_TRUE(select.Step().value());
  EXPECT_EQ(select.Int64(0), 0);
  EXPECT_EQ(select.Int64(1), 0);
  EXPECT_EQ(select.Text(2), "blob");
}

TEST_F(DatabaseTest, PrepareTakesExactlyOneStatement) {
  auto two = db_->Prepare("SELECT 1; SELECT 2");
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().message, "prepare: expected exactly one statement, got more");
  EXPECT_FALSE(db_->Prepare("   "));
  EXPECT_TRUE(db_->Prepare("SELECT 1;  "));
}

TEST_F(DatabaseTest, ReportsSqlErrorsWithContext) {
  auto bad = db_->Prepare("SELEC 1");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
  EXPECT_EQ(bad.error().context, "sqlite");
  EXPECT_NE(bad.error().message.find("syntax error"), std::string::npos) << bad.error().message;

  ASSERT_TRUE(db_->Execute("INSERT INTO t (k) VALUES (1)"));
  auto duplicate = db_->Execute("INSERT INTO t (k) VALUES (1)");
  ASSERT_FALSE(duplicate);
  EXPECT_NE(duplicate.error().message.find("UNIQUE constraint failed"), std::string::npos);
}

TEST_F(DatabaseTest, RunRefusesAStatementThatYieldsRows) {
  auto select = db_->Prepare("SELECT 1").value();
  EXPECT_FALSE(select.Run());
}

TEST_F(DatabaseTest, ResetAllowsReuseWithNewBindings) {
  auto insert = db_->Prepare("INSERT INTO t (k) VALUES (?1)").value();
  for (std::int64_t k = 1; k <= 3; ++k) {
    insert.Reset();
    ASSERT_TRUE(insert.Bind(1, k));
    ASSERT_TRUE(insert.Run());
  }
  EXPECT_EQ(CountRows(), 3);
}

TEST_F(DatabaseTest, PrepareKeepsOneStatementPerText) {
  const std::size_t before = db_->CachedStatementCount();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(CountRows(), 0);
  EXPECT_EQ(db_->CachedStatementCount(), before + 1);
}

TEST_F(DatabaseTest, AReusedStatementStartsWithoutRowsOrBindings) {
  ASSERT_TRUE(db_->Execute("INSERT INTO t (k) VALUES (1), (2), (3)"));
  constexpr std::string_view kSql = "SELECT k FROM t WHERE k >= ?1 ORDER BY k";
  {
    auto select = db_->Prepare(kSql).value();
    ASSERT_TRUE(select.Bind(1, std::int64_t{1}));
    ASSERT_TRUE(select.Step().value());
    EXPECT_EQ(select.Int64(0), 1);
  }
  {
    auto unbound = db_->Prepare(kSql).value();  // ?1 is NULL again: k >= NULL matches nothing
    EXPECT_FALSE(unbound.Step().value());
  }
  auto select = db_->Prepare(kSql).value();
  ASSERT_TRUE(select.Bind(1, std::int64_t{2}));
  ASSERT_TRUE(select.Step().value());
  EXPECT_EQ(select.Int64(0), 2);
}

TEST_F(DatabaseTest, ThePreparedTextInUseGetsASecondStatement) {
  ASSERT_TRUE(db_->Execute("INSERT INTO t (k) VALUES (1), (2)"));
  constexpr std::string_view kSql = "SELECT k FROM t ORDER BY k";
  auto outer = db_->Prepare(kSql).value();
  ASSERT_TRUE(outer.Step().value());
  EXPECT_EQ(outer.Int64(0), 1);
  {
    auto inner = db_->Prepare(kSql).value();
    ASSERT_TRUE(inner.Step().value());
    EXPECT_EQ(inner.Int64(0), 1);
    ASSERT_TRUE(inner.Step().value());
    EXPECT_EQ(inner.Int64(0), 2);
  }
  ASSERT_TRUE(outer.Step().value());
  EXPECT_EQ(outer.Int64(0), 2);
  EXPECT_FALSE(outer.Step().value());
}

TEST_F(DatabaseTest, ADroppedSelectDoesNotKeepItsSnapshot) {
  ASSERT_TRUE(db_->Execute("PRAGMA journal_mode = WAL"));
  ASSERT_TRUE(db_->Execute("INSERT INTO t (k) VALUES (1), (2)"));
  {
    auto select = db_->Prepare("SELECT k FROM t").value();
    ASSERT_TRUE(select.Step().value());  // left mid-way
  }
  auto other = Database::Open(file_, Database::Mode::kReadWrite).value();
  ASSERT_TRUE(other.Execute("INSERT INTO t (k) VALUES (3)"));
  EXPECT_EQ(CountRows(), 3);
}

TEST_F(DatabaseTest, ACachedStatementMayOutliveItsDatabase) {
  // sqlite3_close_v2 keeps the connection until its last statement is finalized; so does the cache.
  auto select =
      Database::Open(file_, Database::Mode::kReadOnly).value().Prepare("SELECT 7").value();
  ASSERT_TRUE(select.Step().value());
  EXPECT_EQ(select.Int64(0), 7);
}

TEST_F(DatabaseTest, ACachedStatementSurvivesItsDatabaseBeingReplaced) {
  auto select = db_->Prepare("SELECT count(*) FROM t").value();
  *db_ = Database::Open(file_, Database::Mode::kReadOnly).value();  // the old one closes
  ASSERT_TRUE(select.Step().value());
  EXPECT_EQ(select.Int64(0), 0);
  EXPECT_EQ(db_->CachedStatementCount(), 0u);
}

TEST_F(DatabaseTest, TheStatementCacheIsBounded) {
  for (std::size_t i = 0; i < StatementCache::kCapacity + 10; ++i) {
    auto select = db_->Prepare("SELECT " + std::to_string(i)).value();
    ASSERT_TRUE(select.Step().value());
    EXPECT_EQ(select.Int64(0), static_cast<std::int64_t>(i));
  }
  EXPECT_EQ(db_->CachedStatementCount(), StatementCache::kCapacity);
  auto uncached = db_->Prepare("SELECT 'past the bound'").value();
  ASSERT_TRUE(uncached.Step().value());
  EXPECT_EQ(uncached.Text(0), "past the bound");
}

TEST_F(DatabaseTest, TransactionRollsBackUnlessCommitted) {
  {
    auto transaction = Transaction::BeginImmediate(*db_).value();
    ASSERT_TRUE(db_->Execute("INSERT INTO t (k) VALUES (1)"));
    EXPECT_TRUE(db_->InTransaction());
  }
  EXPECT_FALSE(db_->InTransaction());
  EXPECT_EQ(CountRows(), 0);
  {
    auto transaction = Transaction::BeginImmediate(*db_).value();
    ASSERT_TRUE(db_->Execute("INSERT INTO t (k) VALUES (2)"));
    ASSERT_TRUE(transaction.Commit());
  }
  EXPECT_EQ(CountRows(), 1);
}

TEST_F(DatabaseTest, ImmediateTransactionExcludesAnotherWriter) {
  auto other = Database::Open(file_, Database::Mode::kReadWrite).value();
  ASSERT_TRUE(other.Execute("PRAGMA busy_timeout = 0"));
  auto held = Transaction::BeginImmediate(*db_).value();
  auto blocked = Transaction::BeginImmediate(other);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kUnavailable);
}

TEST(Database, OpenRefusesAMissingFile) {
  ScratchDir dir;
  auto result = Database::Open(dir.path() / "absent.db", Database::Mode::kReadWrite);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "absent.db"));
}

}  // namespace
}  // namespace veil::store::sqlite
