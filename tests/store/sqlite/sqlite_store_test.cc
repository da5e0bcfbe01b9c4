#include "veil/store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "veil/audit/verify_chain.h"
#include "veil/base/rfc3339.h"
#include "veil/store/sqlite/database.h"
#include "veil/store/sqlite/schema.h"
#include "veil/testing/scratch_dir.h"

namespace veil::store::sqlite {
namespace {

using veil::testing::ScratchDir;

using nlohmann::json;

const TimePoint kT0 = ParseRfc3339("2025-06-01T10:00:00Z").value();

ResourcePath Path(std::string_view text) { return ResourcePath::Parse(text).value(); }

audit::AuditEvent Event(std::string action, std::string subject) {
  return {"admin:3f1a", std::move(action), std::move(subject), json{{"request", "r1"}}};
}

unsigned Mode(const std::filesystem::path& path) {
  struct stat info {};
  VEIL_CHECK(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

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
  EXPECT_EQ(Mode(dir.path() / "a"), 0700u);
  EXPECT_EQ(Mode(dir.path() / "a" / "b"), 0700u);
  EXPECT_EQ(Mode(file), 0600u);
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
  EXPECT_EQ(Mode(file), 0600u);
  EXPECT_EQ(Mode(file.string() + "-wal"), 0600u);
  EXPECT_EQ(Mode(file.string() + "-shm"), 0600u);
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
  EXPECT_EQ(Mode(dir.path() / "shared"), 0750u);
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
  ASSERT_TRUE(Raw().Execute("INSERT INTO schema_version (version, applied_at) VALUES (2, 0)"));

  auto result = OpenSqliteStore(file_, clock_);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(result.error().ToString(),
            "store: database schema version 2 is newer than this build supports (1); use a newer "
            "Veil release");
  auto offline = ReadSqliteAuditLog(file_);
  ASSERT_FALSE(offline);
  EXPECT_EQ(offline.error().code, ErrorCode::kUnsupported);
  // Refusing changed nothing.
  Database raw = Raw();
  EXPECT_EQ(ReadSchemaVersion(raw).value(), 2);
}

// --- resources -----------------------------------------------------------------------------------

TEST_F(SqliteStoreTest, ResourcesPutGetListDelete) {
  EXPECT_EQ(store_->GetResource(Path("default/key/one")).value(), std::nullopt);
  const Bytes sealed = {0x00, 0x01, 0xfe, 0xff, 0x00};
  ASSERT_TRUE(store_->PutResource(Path("default/key/one"), sealed,
                                  Event("resource.put", "default/key/one")));
  clock_.Set(kT0 + std::chrono::seconds(5));
  ASSERT_TRUE(store_->PutResource(Path("default/key/two"), AsBytes("x"),
                                  Event("resource.put", "default/key/two")));

  EXPECT_EQ(store_->GetResource(Path("default/key/one")).value(), sealed);
  auto listed = store_->ListResources().value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].path.str(), "default/key/one");
  EXPECT_EQ(listed[0].created_at, kT0);
  EXPECT_EQ(listed[1].path.str(), "default/key/two");
  EXPECT_EQ(listed[1].created_at, kT0 + std::chrono::seconds(5));

  ASSERT_TRUE(
      store_->DeleteResource(Path("default/key/one"), Event("resource.delete", "default/key/one")));
  EXPECT_EQ(store_->GetResource(Path("default/key/one")).value(), std::nullopt);
  EXPECT_EQ(store_->ListResources().value().size(), 1u);
}

TEST_F(SqliteStoreTest, ReplacingAResourceKeepsItsCreationTime) {
  ASSERT_TRUE(store_->PutResource(Path("a/b/c"), AsBytes("v1"), Event("resource.put", "a/b/c")));
  clock_.Set(kT0 + std::chrono::minutes(3) + std::chrono::milliseconds(400));
  ASSERT_TRUE(store_->PutResource(Path("a/b/c"), AsBytes("v2"), Event("resource.put", "a/b/c")));
  EXPECT_EQ(store_->GetResource(Path("a/b/c")).value(), ToBytes(AsBytes("v2")));
  auto listed = store_->ListResources().value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].created_at, kT0);
  EXPECT_EQ(listed[0].updated_at, kT0 + std::chrono::minutes(3));  // whole seconds
}

TEST_F(SqliteStoreTest, DeletingAnAbsentResourceIsNotFoundAndNotAudited) {
  auto result = store_->DeleteResource(Path("a/b/c"), Event("resource.delete", "a/b/c"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(result.error().ToString(), "store: resource a/b/c does not exist");
  EXPECT_TRUE(Audit().empty());
}

TEST_F(SqliteStoreTest, RefusesEmptySealedBytes) {
  auto result = store_->PutResource(Path("a/b/c"), ByteSpan(), Event("resource.put", "a/b/c"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store_->ListResources().value().empty());
  EXPECT_TRUE(Audit().empty());
}

// --- policies ------------------------------------------------------------------------------------

TEST_F(SqliteStoreTest, PoliciesAreReplacedPerKind) {
  EXPECT_EQ(store_->GetPolicy(PolicyKind::kResource).value(), std::nullopt);
  ASSERT_TRUE(store_->PutPolicy({PolicyKind::kResource, "default", "allow = false"},
                                Event("policy.set", "resource")));
  ASSERT_TRUE(store_->PutPolicy({PolicyKind::kAttestation, "snp", "measurement"},
                                Event("policy.set", "attestation")));
  clock_.Set(kT0 + std::chrono::seconds(30));
  ASSERT_TRUE(store_->PutPolicy({PolicyKind::kResource, "v2", "allow = true"},
                                Event("policy.set", "resource")));

  auto resource = store_->GetPolicy(PolicyKind::kResource).value();
  ASSERT_TRUE(resource);
  EXPECT_EQ(resource->policy, (Policy{PolicyKind::kResource, "v2", "allow = true"}));
  EXPECT_EQ(resource->updated_at, kT0 + std::chrono::seconds(30));
  auto attestation = store_->GetPolicy(PolicyKind::kAttestation).value();
  ASSERT_TRUE(attestation);
  EXPECT_EQ(attestation->policy, (Policy{PolicyKind::kAttestation, "snp", "measurement"}));
  EXPECT_EQ(attestation->updated_at, kT0);
}

TEST_F(SqliteStoreTest, RefusesAnInvalidPolicyWithoutAuditing) {
  auto result =
      store_->PutPolicy({PolicyKind::kResource, "bad id", "x"}, Event("policy.set", "resource"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->GetPolicy(PolicyKind::kResource).value(), std::nullopt);
  EXPECT_TRUE(Audit().empty());
}

// --- reference values ----------------------------------------------------------------------------

TEST_F(SqliteStoreTest, ReferenceValuesPutReplaceListDelete) {
  const ReferenceValue measurement{"snp.measurement",
                                   {"9c02", "3f1a", "77aa"},
                                   kT0 + std::chrono::hours(24) + std::chrono::milliseconds(900),
                                   "CI run 7"};
  const ReferenceValue pcr{"tpm.pcrs.sha256.23", {"00ff"}, std::nullopt, ""};
  ASSERT_TRUE(store_->PutReferenceValue(measurement, Event("refval.put", measurement.name)));
  ASSERT_TRUE(store_->PutReferenceValue(pcr, Event("refval.put", pcr.name)));

  auto listed = store_->ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].reference.name, "snp.measurement");
  EXPECT_EQ(listed[0].reference.values,
            (std::vector<std::string>{"9c02", "3f1a", "77aa"}));            // order kept
  EXPECT_EQ(listed[0].reference.expires_at, kT0 + std::chrono::hours(24));  // whole seconds
  EXPECT_EQ(listed[0].reference.provenance, "CI run 7");
  EXPECT_EQ(listed[0].updated_at, kT0);
  EXPECT_EQ(listed[1].reference, pcr);

  ReferenceValue replaced{"snp.measurement", {"3f1a"}, std::nullopt, "CI run 8"};
  ASSERT_TRUE(store_->PutReferenceValue(replaced, Event("refval.put", replaced.name)));
  listed = store_->ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].reference, replaced);

  ASSERT_TRUE(
      store_->DeleteReferenceValue("snp.measurement", Event("refval.delete", "snp.measurement")));
  listed = store_->ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].reference.name, "tpm.pcrs.sha256.23");
  // The accepted values went with it (foreign keys with ON DELETE CASCADE are on).
  auto orphans =
      Raw()
          .Prepare("SELECT count(*) FROM reference_value_entries WHERE name = 'snp.measurement'")
          .value();
  ASSERT_TRUE(orphans.Step().value());
  EXPECT_EQ(orphans.Int64(0), 0);
}

TEST_F(SqliteStoreTest, RefusesInvalidReferenceValuesWithoutAuditing) {
  for (const char* name : {"SNP.measurement", "snp measurement", "", "snp/x"}) {
    auto put =
        store_->PutReferenceValue({name, {"3f1a"}, std::nullopt, ""}, Event("refval.put", "x"));
    ASSERT_FALSE(put) << name;
    EXPECT_EQ(put.error().code, ErrorCode::kInvalidArgument);
    auto removed = store_->DeleteReferenceValue(name, Event("refval.delete", "x"));
    ASSERT_FALSE(removed) << name;
    EXPECT_EQ(removed.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(store_->PutReferenceValue({"snp.measurement", {}, std::nullopt, ""},
                                         Event("refval.put", "x")));
  EXPECT_FALSE(store_->PutReferenceValue({"snp.measurement", {"a", "a"}, std::nullopt, ""},
                                         Event("refval.put", "x")));
  EXPECT_TRUE(store_->ListReferenceValues().value().empty());
  EXPECT_TRUE(Audit().empty());
}

TEST_F(SqliteStoreTest, DeletingAnAbsentReferenceValueIsNotFound) {
  auto result =
      store_->DeleteReferenceValue("snp.measurement", Event("refval.delete", "snp.measurement"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(Audit().empty());
}

// --- audit ---------------------------------------------------------------------------------------

TEST_F(SqliteStoreTest, EveryMutationIsAuditedInOrder) {
  ASSERT_TRUE(store_->PutResource(Path("a/b/c"), AsBytes("s"), Event("resource.put", "a/b/c")));
  clock_.Set(kT0 + std::chrono::seconds(1));
  ASSERT_TRUE(
      store_->PutPolicy({PolicyKind::kResource, "p", "t"}, Event("policy.set", "resource")));
  ASSERT_TRUE(store_->PutReferenceValue({"snp.measurement", {"3f1a"}, std::nullopt, ""},
                                        Event("refval.put", "snp.measurement")));
  ASSERT_TRUE(
      store_->DeleteReferenceValue("snp.measurement", Event("refval.delete", "snp.measurement")));
  const auto released =
      store_->AppendAudit({"tee:snp:9c02", "resource.release", "a/b/c", json()}).value();
  ASSERT_TRUE(store_->DeleteResource(Path("a/b/c"), Event("resource.delete", "a/b/c")));

  const auto entries = Audit();
  ASSERT_EQ(entries.size(), 6u);
  const std::vector<std::string> actions = {"resource.put",  "policy.set",       "refval.put",
                                            "refval.delete", "resource.release", "resource.delete"};
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].sequence, i + 1);
    EXPECT_EQ(entries[i].action, actions[i]);
  }
  EXPECT_EQ(entries[0].time, kT0);
  EXPECT_EQ(entries[1].time, kT0 + std::chrono::seconds(1));
  EXPECT_EQ(entries[0].details, R"({"request":"r1"})");
  EXPECT_EQ(entries[4], released);
  EXPECT_EQ(released.actor, "tee:snp:9c02");
  EXPECT_EQ(released.details, "{}");
  EXPECT_TRUE(audit::VerifyAuditChain(entries).intact);
}

TEST_F(SqliteStoreTest, RefusesAnInvalidAuditEventAndChangesNothing) {
  audit::AuditEvent no_actor = Event("resource.put", "a/b/c");
  no_actor.actor.clear();
  auto result = store_->PutResource(Path("a/b/c"), AsBytes("s"), no_actor);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->GetResource(Path("a/b/c")).value(), std::nullopt);
  EXPECT_FALSE(store_->AppendAudit({"admin", "Bad Action", "", json()}));
  EXPECT_TRUE(Audit().empty());
}

TEST_F(SqliteStoreTest, ReadAuditPagesBySequence) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(store_->AppendAudit(Event("resource.release", "a/b/c")));
  auto page = store_->ReadAudit(4, 3).value();
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page[0].sequence, 4u);
  EXPECT_EQ(page[2].sequence, 6u);
  EXPECT_TRUE(store_->ReadAudit(4, 0).value().empty());
  EXPECT_TRUE(store_->ReadAudit(11, 5).value().empty());
  EXPECT_TRUE(store_->ReadAudit(UINT64_MAX, 5).value().empty());
  EXPECT_EQ(ReadAllAudit(*store_, 3).value().size(), 10u);
  EXPECT_EQ(ReadAllAudit(*store_, 10).value().size(), 10u);
  EXPECT_FALSE(ReadAllAudit(*store_, 0));
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

TEST_F(SqliteStoreTest, AMutationWhoseAuditAppendFailsLeavesNothingBehind) {
  ASSERT_TRUE(
      store_->PutPolicy({PolicyKind::kResource, "v1", "old"}, Event("policy.set", "resource")));
  ASSERT_TRUE(
      Raw().Execute("CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log "
                    "BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END;"));

  auto put = store_->PutResource(Path("a/b/c"), AsBytes("s"), Event("resource.put", "a/b/c"));
  ASSERT_FALSE(put);
  EXPECT_NE(put.error().message.find("injected audit failure"), std::string::npos)
      << put.error().ToString();
  EXPECT_FALSE(
      store_->PutPolicy({PolicyKind::kResource, "v2", "new"}, Event("policy.set", "resource")));
  EXPECT_FALSE(store_->PutReferenceValue({"snp.measurement", {"3f1a"}, std::nullopt, ""},
                                         Event("refval.put", "snp.measurement")));
  EXPECT_FALSE(store_->AppendAudit(Event("resource.release", "a/b/c")));

  EXPECT_EQ(store_->GetResource(Path("a/b/c")).value(), std::nullopt);
  EXPECT_EQ(store_->GetPolicy(PolicyKind::kResource).value()->policy.text, "old");
  EXPECT_TRUE(store_->ListReferenceValues().value().empty());
  EXPECT_EQ(Audit().size(), 1u);

  // Once the fault is gone the same store works and the chain is whole.
  ASSERT_TRUE(Raw().Execute("DROP TRIGGER fail_audit"));
  ASSERT_TRUE(store_->PutResource(Path("a/b/c"), AsBytes("s"), Event("resource.put", "a/b/c")));
  EXPECT_TRUE(audit::VerifyAuditChain(Audit()).intact);
}

TEST_F(SqliteStoreTest, AChangeThatFailsAppendsNoAuditEntry) {
  ASSERT_TRUE(
      Raw().Execute("CREATE TRIGGER fail_resource BEFORE INSERT ON resources "
                    "BEGIN SELECT RAISE(ABORT, 'injected change failure'); END;"));
  ASSERT_FALSE(store_->PutResource(Path("a/b/c"), AsBytes("s"), Event("resource.put", "a/b/c")));
  EXPECT_TRUE(Audit().empty());
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
