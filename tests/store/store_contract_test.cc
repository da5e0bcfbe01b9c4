// StoreContract (store_contract.h) on SQLite and on the in-memory FakeStore.

#include <gtest/gtest.h>

#include <memory>

#include "store_contract.h"
#include "veil/store/sqlite/database.h"
#include "veil/store/sqlite/sqlite_store.h"
#include "veil/testing/fake_store.h"
#include "veil/testing/scratch_dir.h"

namespace veil::store {
namespace {

class SqliteBackend final : public Backend {
 public:
  explicit SqliteBackend(const Clock& clock)
      : store_(sqlite::OpenSqliteStore(file_, clock).value()) {}
  Store& store() override { return *store_; }
  void BreakAuditAppends() override {
    Execute(
        "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END;");
  }
  void BreakResourceWrites() override {
    Execute(
        "CREATE TRIGGER fail_resource BEFORE INSERT ON resources "
        "BEGIN SELECT RAISE(ABORT, 'injected change failure'); END;");
  }
  void Heal() override {
    Execute("DROP TRIGGER IF EXISTS fail_audit; DROP TRIGGER IF EXISTS fail_resource;");
  }

 private:
  void Execute(const char* sql) {
    auto db = sqlite::Database::Open(file_, sqlite::Database::Mode::kReadWrite).value();
    ASSERT_TRUE(db.Execute(sql));
  }

  testing::ScratchDir dir_{"store-contract"};
  std::filesystem::path file_ = dir_.path() / "trustee.db";
  std::unique_ptr<Store> store_;
};

class FakeBackend final : public Backend {
 public:
  explicit FakeBackend(const Clock& clock) : store_(clock) {}
  Store& store() override { return store_; }
  void BreakAuditAppends() override { store_.FailAuditAppends(SIZE_MAX); }
  // The fake cannot tell resource writes from others: every change fails.
  void BreakResourceWrites() override { store_.FailChanges(SIZE_MAX); }
  void Heal() override {
    store_.FailAuditAppends(0);
    store_.FailChanges(0);
  }

 private:
  testing::FakeStore store_;
};

INSTANTIATE_TEST_SUITE_P(
    Backends, StoreContract,
    ::testing::Values(NamedFactory{"Sqlite",
                                   [](const Clock& clock) -> std::unique_ptr<Backend> {
                                     return std::make_unique<SqliteBackend>(clock);
                                   }},
                      NamedFactory{"Fake",
                                   [](const Clock& clock) -> std::unique_ptr<Backend> {
                                     return std::make_unique<FakeBackend>(clock);
                                   }}),
    BackendName);

}  // namespace
}  // namespace veil::store
