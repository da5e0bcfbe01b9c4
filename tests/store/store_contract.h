#pragma once
// The contract of store/store.h, run against every implementation: SQLite, PostgreSQL and the
// in-memory FakeStore that kbs/ and admin/ unit tests use. A backend that passes can stand in for
// the others. The tests are in store_contract.cc; each test binary instantiates StoreContract
// with its backends (store_contract_test.cc: SQLite and the fake; the PostgreSQL one, which
// starts a server, is an integration test). Backend-specific behaviour (files, schema,
// reopening) is tested beside each backend.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <vector>

#include "store_test_values.h"
#include "veil/base/clock.h"
#include "veil/store/store.h"

namespace veil::store {

// One implementation under test, with the faults the contract talks about.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual Store& store() = 0;
  virtual void BreakAuditAppends() = 0;    // every audit append fails until Heal()
  virtual void BreakResourceWrites() = 0;  // every resource write fails until Heal()
  virtual void Heal() = 0;
};

using BackendFactory = std::function<std::unique_ptr<Backend>(const Clock&)>;

struct NamedFactory {
  const char* name;  // the suffix of every test name: Sqlite, Fake, Postgres
  BackendFactory make;
};

class StoreContract : public ::testing::TestWithParam<NamedFactory> {
 protected:
  void SetUp() override {
    backend_ = GetParam().make(clock_);
    // A backend that could not be set up (e.g. no PostgreSQL server) has failed the test with the
    // reason; the fatal failure here keeps the body from running.
    ASSERT_FALSE(HasFailure()) << GetParam().name << " backend could not be set up";
  }
  Store& store() { return backend_->store(); }
  std::vector<audit::AuditEntry> Audit() { return ReadAllAudit(store()).value(); }

  FixedClock clock_{test_values::kT0};
  std::unique_ptr<Backend> backend_;
};

inline std::string BackendName(const ::testing::TestParamInfo<NamedFactory>& param) {
  return param.param.name;
}

}  // namespace veil::store
