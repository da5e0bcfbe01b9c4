// The SessionStore contract (session_store_contract.h) on the in-process SessionTable.

#include "veil/kbs/session_table.h"

#include <gtest/gtest.h>

#include <memory>

#include "session_store_contract.h"

namespace veil::kbs {
namespace {

SessionStoreUnderTest MakeSessionTable(const Clock& clock, std::chrono::seconds ttl,
                                       SessionLimits limits) {
  return {nullptr, std::make_unique<SessionTable>(clock, ttl, limits)};
}

INSTANTIATE_TEST_SUITE_P(InProcess, SessionStoreContract,
                         ::testing::Values(SessionStoreBackend{"SessionTable", &MakeSessionTable}),
                         BackendName);

}  // namespace
}  // namespace veil::kbs
