#pragma once
// The SessionStore contract (session_store.h), run on each implementation: the in-process
// SessionTable (session_table_test.cc) and SharedSessionStore on PostgreSQL
// (session_store_postgres_test.cc). Each instantiation names its backend and a factory for new,
// empty stores.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "veil/base/clock.h"
#include "veil/kbs/session_store.h"

namespace veil::kbs {

// A new, empty session store and what it depends on (destroyed after it).
struct SessionStoreUnderTest {
  std::shared_ptr<void> backing;
  std::unique_ptr<SessionStore> store;
};

struct SessionStoreBackend {
  std::string name;
  SessionStoreUnderTest (*make)(const Clock& clock, std::chrono::seconds ttl, SessionLimits limits);
};

class SessionStoreContract : public ::testing::TestWithParam<SessionStoreBackend> {
 protected:
  SessionStore& Make(std::chrono::seconds ttl, SessionLimits limits = {}) {
    under_test_ = GetParam().make(clock_, ttl, limits);
    return *under_test_.store;
  }

  FixedClock clock_{TimePoint{} + std::chrono::hours(1000)};

 private:
  SessionStoreUnderTest under_test_;
};

inline std::string BackendName(const ::testing::TestParamInfo<SessionStoreBackend>& info) {
  return info.param.name;
}

}  // namespace veil::kbs
