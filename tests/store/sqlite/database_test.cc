#include "veil/store/sqlite/database.h"

#include <gtest/gtest.h>

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
