#include "veil/store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "../store_test_values.h"
#include "veil/audit/verify_chain.h"
#include "veil/base/rfc3339.h"
#include "veil/store/sqlite/database.h"
#include "veil/store/sqlite/schema.h"
#include "veil/testing/file_mode.h"
#include "veil/testing/scratch_dir.h"

namespace veil::store::sqlite {
namespace {

using veil::testing::ScratchDir;

using nlohmann::json;

using test_values::Event;
using test_values::kT0;
using test_values::Path;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    store_.reset();
    store_ = OpenSqliteStore(file_, clock_).value();
  }

  std::vector<audit::AuditEntry> Audit() { return ReadAllAudit(*store_).value(); }

  Database Raw() { return Database::Open(file_, Database::Mode::kReadWrite).value(); }

  ScratchDir dir_;
  std::filesystem::path file_ = dir_.path() / "data" / "trustee.db";
  FixedClock clock_{kT0};
  std::unique_ptr<Store> store_;
};

// --- opening -------------------------------------------------------------------------------------

TEST(OpenSqliteStore, CreatesAPrivateFileInPrivateDirectories) {
  ScratchDir dir;
  const mode_t previous = ::umask(022);
  FixedClock clock(kT0);
  const auto file = dir.path() / "a" / "b" / "trustee.db";
  auto store = OpenSqliteStore(file, clock);
  ::umask(previous);
  ASSERT_TRUE(store) << store.error().ToString();
  EXPECT_EQ(testing::FileMode(dir.path() / "a"), 0700u);
  EXPECT_EQ(testing::FileMode(dir.path() / "a" / "b"), 0700u);
  EXPECT_EQ(testing::FileMode(file), 0600u);
}

// SQLite creates -wal and -shm with the database file's mode, whatever the umask: a private
// database keeps its journal private (the trustee relies on it, trustee/data_dir.h).
TEST(OpenSqliteStore, ItsWriteAheadLogAndSharedMemoryFilesArePrivateToo) {
  ScratchDir dir;
  const mode_t previous = ::umask(0);
  FixedClock clock(kT0);
  const auto file = dir.path() / "trustee.db";
  auto store = OpenSqliteStore(file, clock);
  ::umask(previous);
  ASSERT_TRUE(store) << store.error().ToString();
  // Opening migrated the schema: the write went through the WAL, which stays while we are open.
  EXPECT_EQ(testing::FileMode(file), 0600u);
  EXPECT_EQ(testing::FileMode(file.string() + "-wal"), 0600u);
  EXPECT_EQ(testing::FileMode(file.string() + "-shm"), 0600u);
}

TEST(OpenSqliteStore, RefusesASymlinkedDatabaseThatPointsNowhere) {
  ScratchDir dir;
  std::filesystem::create_symlink(dir.path() / "elsewhere.db", dir.path() / "trustee.db");
  FixedClock clock(kT0);
  auto result = OpenSqliteStore(dir.path() / "trustee.db", clock);
  ASSERT_FALSE(result);
  EXPECT_FALSE(
      std::filesystem::exists(std::filesystem::symlink_status(dir.path() / "elsewhere.db")));
}

TEST(OpenSqliteStore, LeavesAnExistingDirectoryAlone) {
  ScratchDir dir;
  std::filesystem::create_directory(dir.path() / "shared");
  std::filesystem::permissions(dir.path() / "shared", std::filesystem::perms(0750));
  FixedClock clock(kT0);
  ASSERT_TRUE(OpenSqliteStore(dir.path() / "shared" / "trustee.db", clock));
  EXPECT_EQ(testing::FileMode(dir.path() / "shared"), 0750u);
}

TEST(OpenSqliteStore, RefusesAParentThatIsAFile) {
  ScratchDir dir;
  std::ofstream(dir.path() / "plain") << "x";
  FixedClock clock(kT0);
  auto result = OpenSqliteStore(dir.path() / "plain" / "trustee.db", clock);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(result.error().message.find("exists but is not a directory"), std::string::npos);
}

TEST(OpenSqliteStore, RefusesAFileThatIsNotADatabase) {
  ScratchDir dir;
  std::ofstream(dir.path() / "trustee.db") << std::string(4096, 'g');
  FixedClock clock(kT0);
  auto result = OpenSqliteStore(dir.path() / "trustee.db", clock);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kMalformed);
  EXPECT_NE(result.error().ToString().find("store: sqlite:"), std::string::npos)
      << result.error().ToString();
}

TEST_F(SqliteStoreTest, UsesWriteAheadLoggingAndRecordsTheSchemaVersion) {
  Database raw = Raw();
  auto journal = raw.Prepare("PRAGMA journal_mode").value();
  ASSERT_TRUE(journal.Step().value());
  EXPECT_EQ(journal.Text(0), "wal");
  EXPECT_EQ(ReadSchemaVersion(raw).value(), kSchemaVersion);
}

TEST_F(SqliteStoreTest, ReopeningDoesNotReapplyMigrations) {
  Reopen();
  Reopen();
  auto rows = Raw().Prepare("SELECT count(*) FROM schema_version").value();
  ASSERT_TRUE(rows.Step().value());
  EXPECT_EQ(rows.Int64(0), kSchemaVersion);
}

TEST_F(SqliteStoreTest, RefusesADatabaseWithANewerSchema) {
  ASSERT_TRUE(
      store_->PutResource(Path("a/b/c"), AsBytes("sealed"), Event("resource.put", "a/b/c")));
  store_.reset();
  const std::int64_t newer = kSchemaVersion + 1;
  ASSERT_TRUE(Raw().Execute("INSERT INTO schema_version (version, applied_at) VALUES (" +
                            std::to_string(newer) + ", 0)"));

  auto result = OpenSqliteStore(file_, clock_);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(result.error().ToString(), "store: database schema version " + std::to_string(newer) +
                                           " is newer than this build supports (" +
                                           std::to_string(kSchemaVersion) +
                                           "); use a newer Veil release");
  auto offline = ReadSqliteAuditLog(file_);
  ASSERT_FALSE(offline);
  EXPECT_EQ(offline.error().code, ErrorCode::kUnsupported);
  // Refusing changed nothing.
  Database raw = Raw();
  EXPECT_EQ(ReadSchemaVersion(raw).value(), newer);
}

// The contract (accepted values, order, replacement, append, removal) is tested for every backend
// in tests/store/store_contract_test.cc; here what only SQLite can get wrong.
TEST_F(SqliteStoreTest, DeletingAReferenceValueLeavesNoRows) {
  ASSERT_TRUE(store_->PutReferenceValue({"snp.measurement", {"9c02", "3f1a"}, std::nullopt, ""},
                                        Event("refval.put", "snp.measurement")));
  ASSERT_TRUE(
      store_->DeleteReferenceValue("snp.measurement", Event("refval.delete", "snp.measurement")));
  auto rows =
      Raw().Prepare("SELECT count(*) FROM reference_values WHERE name = 'snp.measurement'").value();
  ASSERT_TRUE(rows.Step().value());
  EXPECT_EQ(rows.Int64(0), 0);
}

// Version 1 of the schema, as released: one header row per name and its values in
// reference_value_entries. Frozen here so that the migration is tested against what databases in
// the field hold.
constexpr std::string_view kSchemaVersion1ReferenceValues = R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL)
  STRICT;
INSERT INTO schema_version (version, applied_at) VALUES (1, 0);
CREATE TABLE resources (
  path TEXT NOT NULL PRIMARY KEY, sealed BLOB NOT NULL, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL) STRICT;
CREATE TABLE policies (
  kind TEXT NOT NULL PRIMARY KEY CHECK (kind IN ('attestation', 'resource')), id TEXT NOT NULL,
  text TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;
CREATE TABLE reference_values (
  name TEXT NOT NULL PRIMARY KEY, expires_at INTEGER, provenance TEXT NOT NULL,
  updated_at INTEGER NOT NULL) STRICT;
CREATE TABLE reference_value_entries (
  name TEXT NOT NULL REFERENCES reference_values (name) ON DELETE CASCADE,
  position INTEGER NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (name, position), UNIQUE (name, value)) STRICT;
CREATE TABLE audit_log (
  sequence INTEGER NOT NULL PRIMARY KEY CHECK (sequence >= 1), time INTEGER NOT NULL,
  actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL, details TEXT NOT NULL,
  previous_hash BLOB NOT NULL CHECK (length(previous_hash) = 32),
  hash BLOB NOT NULL CHECK (length(hash) = 32)) STRICT;
INSERT INTO reference_values VALUES ('snp.measurement', 1800000000, 'ci build 1842', 1700000000);
INSERT INTO reference_value_entries VALUES ('snp.measurement', 0, '9c02'), ('snp.measurement', 1, '3f1a');
INSERT INTO reference_values VALUES ('tpm.ak', NULL, '', 1700000100);
INSERT INTO reference_value_entries VALUES ('tpm.ak', 0, '5d2a');
)sql";

// A database file in `dir` made by running `sql` (a frozen older schema and its rows); an empty
// path when that fails.
std::filesystem::path DatabaseHolding(const ScratchDir& dir, std::string_view sql) {
  const auto file = dir.path() / "trustee.db";
  std::ofstream(file).close();  // Database::Open takes an existing file
  std::filesystem::permissions(
      file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto database = Database::Open(file, Database::Mode::kReadWrite);
  if (!database || !database->Execute(sql)) return {};
  return file;
}

TEST(SqliteStoreMigration, ADatabaseOfSchemaVersion1KeepsItsReferenceValues) {
  ScratchDir dir;
  const auto file = DatabaseHolding(dir, kSchemaVersion1ReferenceValues);
  ASSERT_FALSE(file.empty());

  FixedClock clock(kT0);
  auto store = OpenSqliteStore(file, clock);
  ASSERT_TRUE(store) << store.error().ToString();
  const auto listed = (*store)->ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 2u);
  const TimePoint expires{std::chrono::seconds(1800000000)};
  EXPECT_EQ(listed[0].reference,
            (ReferenceValue{"snp.measurement", {"9c02", "3f1a"}, expires, "ci build 1842"}));
  EXPECT_EQ(listed[0].updated_at, TimePoint{std::chrono::seconds(1700000000)});
  EXPECT_EQ(listed[1].reference, (ReferenceValue{"tpm.ak", {"5d2a"}, std::nullopt, ""}));

  // The migrated values take part in appends and removals like new ones.
  ASSERT_TRUE((*store)->AppendReferenceValue({"snp.measurement", {"77aa"}, std::nullopt, "next"},
                                             Event("refval.append", "snp.measurement")));
  const std::vector<std::string> old_value = {"9c02"};
  ASSERT_TRUE((*store)->RemoveReferenceValues("snp.measurement", old_value,
                                              Event("refval.remove", "snp.measurement")));
  const auto rotated = (*store)->ListReferenceValues().value();
  ASSERT_EQ(rotated.size(), 3u);
  EXPECT_EQ(rotated[0].reference.values, std::vector<std::string>{"3f1a"});
  EXPECT_EQ(rotated[1].reference.values, std::vector<std::string>{"77aa"});
  store->reset();
  Database raw = Database::Open(file, Database::Mode::kReadWrite).value();
  EXPECT_EQ(ReadSchemaVersion(raw).value(), kSchemaVersion);
}

// Migration 6 rebuilds `policies` to admit the identity kind: the policies a database held stay.
TEST(SqliteStoreMigration, ADatabaseOfSchemaVersion1KeepsItsPoliciesAndTakesIdentityPolicies) {
  ScratchDir dir;
  const auto file = DatabaseHolding(
      dir, std::string(kSchemaVersion1ReferenceValues) +
               "INSERT INTO policies VALUES ('resource', 'old', 'resource text', 1700000200);");
  ASSERT_FALSE(file.empty());

  FixedClock clock(kT0);
  auto store = OpenSqliteStore(file, clock);
  ASSERT_TRUE(store) << store.error().ToString();
  const auto resource = (*store)->GetPolicy(PolicyKind::kResource).value();
  ASSERT_TRUE(resource);
  EXPECT_EQ(resource->policy, (Policy{PolicyKind::kResource, "old", "resource text"}));
  EXPECT_EQ(resource->updated_at, TimePoint{std::chrono::seconds(1700000200)});
  ASSERT_TRUE((*store)->PutPolicy({PolicyKind::kIdentity, "ids", "identity text"},
                                  Event("policy.set", "identity")));
  EXPECT_EQ((*store)->GetPolicy(PolicyKind::kIdentity).value()->policy.id, "ids");
}

// Version 2 of the schema, as released: one row per value, without kinds. Frozen here so that
// migration 3 is tested against what databases in the field hold.
constexpr std::string_view kSchemaVersion2ReferenceValues = R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL)
  STRICT;
INSERT INTO schema_version (version, applied_at) VALUES (1, 0), (2, 0);
CREATE TABLE resources (
  path TEXT NOT NULL PRIMARY KEY, sealed BLOB NOT NULL, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL) STRICT;
CREATE TABLE policies (
  kind TEXT NOT NULL PRIMARY KEY CHECK (kind IN ('attestation', 'resource')), id TEXT NOT NULL,
  text TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;
CREATE TABLE reference_values (
  name TEXT NOT NULL, value TEXT NOT NULL, position INTEGER NOT NULL, expires_at INTEGER,
  provenance TEXT NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY (name, value), UNIQUE (name, position)) STRICT;
CREATE TABLE audit_log (
  sequence INTEGER NOT NULL PRIMARY KEY CHECK (sequence >= 1), time INTEGER NOT NULL,
  actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL, details TEXT NOT NULL,
  previous_hash BLOB NOT NULL CHECK (length(previous_hash) = 32),
  hash BLOB NOT NULL CHECK (length(hash) = 32)) STRICT;
INSERT INTO reference_values VALUES
  ('snp_bootloader', '3', 0, NULL, 'CoCo RVPS', 1700000000),
  ('snp_smt_enabled', 'true', 0, NULL, 'CoCo RVPS', 1700000000);
)sql";

// Rows written before kinds were kept were text in lists (what query_reference_value answered
// then); the migration gives them exactly that meaning, and typed rows can join them.
TEST(SqliteStoreMigration, ADatabaseOfSchemaVersion2KeepsItsValuesAsStringLists) {
  ScratchDir dir;
  const auto file = DatabaseHolding(dir, kSchemaVersion2ReferenceValues);
  ASSERT_FALSE(file.empty());

  FixedClock clock(kT0);
  auto store = OpenSqliteStore(file, clock);
  ASSERT_TRUE(store) << store.error().ToString();
  const auto listed = (*store)->ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].reference,
            (ReferenceValue{"snp_bootloader", {"3"}, std::nullopt, "CoCo RVPS"}));
  EXPECT_EQ(listed[0].reference.KindOf(0), ReferenceValueKind::kString);
  EXPECT_FALSE(listed[0].reference.scalar);
  EXPECT_EQ(listed[1].reference.KindOf(0), ReferenceValueKind::kString);
  EXPECT_FALSE(listed[1].reference.scalar);

  ReferenceValue smt{"snp_smt_enabled", {}, std::nullopt, "CoCo RVPS"};
  smt.Add("true", ReferenceValueKind::kBoolean);
  smt.scalar = true;
  ASSERT_TRUE((*store)->PutReferenceValue(smt, Event("refval.put", smt.name)));
  const auto typed = (*store)->ListReferenceValues().value();
  ASSERT_EQ(typed.size(), 2u);
  EXPECT_EQ(typed[1].reference, smt);
  store->reset();
  Database raw = Database::Open(file, Database::Mode::kReadWrite).value();
  EXPECT_EQ(ReadSchemaVersion(raw).value(), kSchemaVersion);
  auto rows = raw.Prepare("SELECT kind, scalar FROM reference_values ORDER BY name").value();
  ASSERT_TRUE(rows.Step().value());
  EXPECT_EQ(rows.Text(0), "string");
  EXPECT_EQ(rows.Int64(1), 0);
  ASSERT_TRUE(rows.Step().value());
  EXPECT_EQ(rows.Text(0), "boolean");
  EXPECT_EQ(rows.Int64(1), 1);
}

// --- durability and atomicity --------------------------------------------------------------------

TEST_F(SqliteStoreTest, EverythingSurvivesReopening) {
  ASSERT_TRUE(
      store_->PutResource(Path("a/b/c"), AsBytes("sealed"), Event("resource.put", "a/b/c")));
  ASSERT_TRUE(store_->PutPolicy({PolicyKind::kAttestation, "default", "doc"},
                                Event("policy.set", "attestation")));
  const ReferenceValue measurement{"snp.measurement", {"3f1a"}, kT0 + std::chrono::hours(1), "ci"};
  ASSERT_TRUE(store_->PutReferenceValue(measurement, Event("refval.put", measurement.name)));
  const auto before = Audit();

  Reopen();
  EXPECT_EQ(store_->GetResource(Path("a/b/c")).value(), ToBytes(AsBytes("sealed")));
  EXPECT_EQ(store_->GetPolicy(PolicyKind::kAttestation).value()->policy.text, "doc");
  EXPECT_EQ(store_->ListReferenceValues().value().at(0).reference, measurement);
  EXPECT_EQ(Audit(), before);

  // The chain continues from the stored head.
  clock_.Set(kT0 + std::chrono::hours(2));
  const auto next = store_->AppendAudit(Event("resource.release", "a/b/c")).value();
  EXPECT_EQ(next.sequence, 4u);
  EXPECT_EQ(next.previous_hash, before.back().hash);
  const auto verdict = audit::VerifyAuditChain(Audit());
  EXPECT_TRUE(verdict.intact) << verdict.reason;
  EXPECT_EQ(verdict.entries, 4u);
}

// --- offline reading -----------------------------------------------------------------------------

TEST_F(SqliteStoreTest, ReadSqliteAuditLogReadsWhileOpenAndAfterClose) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store_->AppendAudit(Event("resource.release", "a/b/c")));
  EXPECT_EQ(ReadSqliteAuditLog(file_).value(), Audit());
  const auto entries = Audit();
  store_.reset();
  EXPECT_EQ(ReadSqliteAuditLog(file_).value(), entries);
}

TEST(ReadSqliteAuditLog, RefusesMissingFilesAndForeignDatabases) {
  ScratchDir dir;
  auto missing = ReadSqliteAuditLog(dir.path() / "absent.db");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "absent.db"));

  std::ofstream(dir.path() / "empty.db").flush();
  auto foreign = ReadSqliteAuditLog(dir.path() / "empty.db");
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  EXPECT_NE(foreign.error().message.find("holds no Veil store"), std::string::npos);
}

TEST(SqliteStoreFile, LivesInTheDataDirectory) {
  EXPECT_EQ(SqliteStoreFile("/var/lib/veil"), std::filesystem::path("/var/lib/veil/trustee.db"));
}

}  // namespace
}  // namespace veil::store::sqlite
