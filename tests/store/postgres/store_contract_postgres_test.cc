// StoreContract (store_contract.h) on PostgreSQL: one database per test on a real server.

#include <gtest/gtest.h>

#include <memory>

#include "postgres_test_database.h"
#include "store_contract.h"
#include "veil/store/postgres/postgres_store.h"

namespace veil::store::postgres {
namespace {

class PostgresBackend final : public Backend {
 public:
  explicit PostgresBackend(const Clock& clock) : url_(NewTestDatabase()) {
    auto opened = OpenPostgresStore(url_, clock);
    EXPECT_TRUE(opened) << opened.error().ToString();
    if (opened) store_ = std::move(*opened);
  }
  Store& store() override {
    VEIL_CHECK(store_ != nullptr);  // the constructor failed the test already
    return *store_;
  }
  void BreakAuditAppends() override { FailInserts("audit_log", "fail_audit", "audit"); }
  void BreakResourceWrites() override { FailInserts("resources", "fail_resource", "change"); }
  void Heal() override {
    ExecuteBehindTheStore(url_,
                          "DROP TRIGGER IF EXISTS fail_audit ON audit_log; "
                          "DROP TRIGGER IF EXISTS fail_resource ON resources;");
  }

 private:
  void FailInserts(const std::string& table, const std::string& trigger, const std::string& what) {
    ExecuteBehindTheStore(
        url_,
        "CREATE OR REPLACE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END; $$; "
        "CREATE TRIGGER " +
            trigger + " BEFORE INSERT ON " + table +
            " FOR EACH ROW EXECUTE FUNCTION fail_insert('injected " + what + " failure');");
  }

  std::string url_;
  std::unique_ptr<Store> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract,
                         ::testing::Values(NamedFactory{
                             "Postgres",
                             [](const Clock& clock) -> std::unique_ptr<Backend> {
                               return std::make_unique<PostgresBackend>(clock);
                             }}),
                         BackendName);

}  // namespace
}  // namespace veil::store::postgres
