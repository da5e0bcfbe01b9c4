// The audit chain as SQLite stores it: it verifies after many and concurrent mutations, and direct
// SQL tampering with the rows is caught by audit::VerifyAuditChain at the first broken sequence.

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "veil/audit/chain_link.h"
#include "veil/audit/verify_chain.h"
#include "veil/base/rfc3339.h"
#include "veil/store/sqlite/database.h"
#include "veil/store/sqlite/sqlite_store.h"
#include "veil/testing/scratch_dir.h"

namespace veil::store::sqlite {
namespace {

using veil::testing::ScratchDir;

using nlohmann::json;

const TimePoint kT0 = ParseRfc3339("2025-06-01T10:00:00Z").value();

audit::AuditEvent Event(std::string action, std::string subject, int index) {
  return {"admin:3f1a", std::move(action), std::move(subject), json{{"index", index}}};
}

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenSqliteStore(file_, clock_).value(); }

  // Appends `count` audit-only entries (sequences 1..count).
  void AppendReleases(int count) {
    for (int i = 0; i < count; ++i)
      ASSERT_TRUE(store_->AppendAudit(Event("resource.release", "a/b/c", i)));
  }

  // Runs SQL on a separate connection with the append-only triggers removed, as an attacker with
  // write access to the file would.
  void Tamper(std::string_view sql) {
    Database raw = Database::Open(file_, Database::Mode::kReadWrite).value();
    ASSERT_TRUE(raw.Execute(
        "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;"));
    auto status = raw.Execute(sql);
    ASSERT_TRUE(status) << status.error().ToString();
  }

  audit::ChainVerdict VerifyFile() {
    return audit::VerifyAuditChain(ReadSqliteAuditLog(file_).value());
  }

  ScratchDir dir_;
  std::filesystem::path file_ = dir_.path() / "trustee.db";
  FixedClock clock_{kT0};
  std::unique_ptr<Store> store_;
};

TEST_F(AuditLogTest, ChainVerifiesAfterManyMutations) {
  for (int i = 0; i < 60; ++i) {
    const std::string path = "repo/key/" + std::to_string(i % 7);
    const auto resource = protocol::ResourcePath::Parse(path).value();
    clock_.Set(kT0 + std::chrono::seconds(i));
    ASSERT_TRUE(store_->PutResource(resource, AsBytes("sealed" + std::to_string(i)),
                                    Event("resource.put", path, i)));
    ASSERT_TRUE(
        store_->PutReferenceValue({"snp.measurement", {std::to_string(i)}, std::nullopt, ""},
                                  Event("refval.put", "snp.measurement", i)));
    ASSERT_TRUE(store_->AppendAudit(Event("resource.release", path, i)));
    if (i % 3 == 0) {
      ASSERT_TRUE(store_->DeleteResource(resource, Event("resource.delete", path, i)));
    }
  }
  const auto verdict = VerifyFile();
  EXPECT_TRUE(verdict.intact) << verdict.reason;
  EXPECT_EQ(verdict.entries, 60u * 3 + 20);
}

TEST_F(AuditLogTest, ConcurrentWritersDoNotForkTheChain) {
  // Two connections (as two trustee processes would have), each shared by two threads.
  auto second_store = OpenSqliteStore(file_, clock_).value();
  Store* stores[] = {store_.get(), second_store.get()};
  constexpr int kThreads = 4;
  constexpr int kPerThread = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Store& store = *stores[t % 2];
      for (int i = 0; i < kPerThread; ++i) {
        const std::string path = "t" + std::to_string(t) + "/key/" + std::to_string(i);
        const auto resource = protocol::ResourcePath::Parse(path).value();
        EXPECT_TRUE(store.PutResource(resource, AsBytes("s"), Event("resource.put", path, i)));
        EXPECT_TRUE(store.AppendAudit(Event("resource.release", path, i)));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  const auto entries = ReadSqliteAuditLog(file_).value();
  ASSERT_EQ(entries.size(), std::size_t{kThreads * kPerThread * 2});
  const auto verdict = audit::VerifyAuditChain(entries);
  EXPECT_TRUE(verdict.intact) << verdict.reason;
  std::set<std::string> subjects;
  for (const auto& entry : entries) subjects.insert(entry.subject);
  EXPECT_EQ(subjects.size(), std::size_t{kThreads * kPerThread});
  EXPECT_EQ(store_->ListResources().value().size(), std::size_t{kThreads * kPerThread});
}

TEST_F(AuditLogTest, PlainSqlCannotUpdateOrDeleteEntries) {
  AppendReleases(2);
  Database raw = Database::Open(file_, Database::Mode::kReadWrite).value();
  auto update = raw.Execute("UPDATE audit_log SET actor = 'admin:evil' WHERE sequence = 1");
  ASSERT_FALSE(update);
  EXPECT_NE(update.error().message.find("audit_log is append-only"), std::string::npos);
  EXPECT_FALSE(raw.Execute("DELETE FROM audit_log WHERE sequence = 2"));
  EXPECT_TRUE(VerifyFile().intact);
}

TEST_F(AuditLogTest, DetectsChangedDetails) {
  AppendReleases(8);
  Tamper("UPDATE audit_log SET details = '{\"index\":99}' WHERE sequence = 5");
  const auto verdict = VerifyFile();
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_broken, 5u);
  EXPECT_NE(verdict.reason.find("entry 5: stored hash"), std::string::npos) << verdict.reason;
}

TEST_F(AuditLogTest, DetectsDetailsThatAreNoLongerJson) {
  AppendReleases(3);
  Tamper("UPDATE audit_log SET details = 'not json' WHERE sequence = 2");
  EXPECT_EQ(VerifyFile().first_broken, 2u);
}

TEST_F(AuditLogTest, DetectsAChangedTimeOrActor) {
  AppendReleases(4);
  Tamper("UPDATE audit_log SET time = time + 3600 WHERE sequence = 3");
  EXPECT_EQ(VerifyFile().first_broken, 3u);
  Tamper("UPDATE audit_log SET actor = 'admin:evil' WHERE sequence = 2");
  EXPECT_EQ(VerifyFile().first_broken, 2u);
}

TEST_F(AuditLogTest, DetectsADeletedMiddleRow) {
  AppendReleases(8);
  Tamper("DELETE FROM audit_log WHERE sequence = 4");
  const auto verdict = VerifyFile();
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_broken, 4u);
  EXPECT_EQ(verdict.entries, 3u);
  EXPECT_NE(verdict.reason.find("missing entry: expected sequence 4 after 3, found 5"),
            std::string::npos)
      << verdict.reason;
}

TEST_F(AuditLogTest, DetectsADeletedFirstRow) {
  AppendReleases(3);
  Tamper("DELETE FROM audit_log WHERE sequence = 1");
  const auto verdict = VerifyFile();
  EXPECT_EQ(verdict.first_broken, 1u);
  EXPECT_NE(verdict.reason.find("bad genesis"), std::string::npos) << verdict.reason;
}

TEST_F(AuditLogTest, DetectsTwoSwappedRows) {
  AppendReleases(8);
  // Exchange the sequence numbers of rows 3 and 6 (through a free number, the key is unique).
  Tamper(
      "UPDATE audit_log SET sequence = 1000 WHERE sequence = 3;"
      "UPDATE audit_log SET sequence = 3 WHERE sequence = 6;"
      "UPDATE audit_log SET sequence = 6 WHERE sequence = 1000;");
  const auto verdict = VerifyFile();
  EXPECT_FALSE(verdict.intact);
  EXPECT_EQ(verdict.first_broken, 3u);
  EXPECT_EQ(verdict.entries, 2u);
}

TEST_F(AuditLogTest, DetectsARewrittenEntryWithAFreshHashAtTheNextLink) {
  AppendReleases(5);
  auto entries = ReadSqliteAuditLog(file_).value();
  audit::AuditEntry forged = entries[1];
  forged.actor = "admin:evil";
  const Bytes forged_hash = audit::ComputeAuditHash(forged).value();
  Database raw = Database::Open(file_, Database::Mode::kReadWrite).value();
  ASSERT_TRUE(raw.Execute("DROP TRIGGER audit_log_no_update"));
  auto update =
      raw.Prepare("UPDATE audit_log SET actor = ?1, hash = ?2 WHERE sequence = 2").value();
  ASSERT_TRUE(update.Bind(1, std::string_view(forged.actor)));
  ASSERT_TRUE(update.Bind(2, ByteSpan(forged_hash)));
  ASSERT_TRUE(update.Run());

  const auto verdict = VerifyFile();
  EXPECT_EQ(verdict.first_broken, 3u);
  EXPECT_NE(verdict.reason.find("entry 3: previous_hash"), std::string::npos) << verdict.reason;
}

}  // namespace
}  // namespace veil::store::sqlite
