#pragma once
// A fresh database on the test binary's PostgreSQL server (testing::SharedPostgresServer), and a
// connection of the test's own to it, for what a test does behind the store's back.

#include <gtest/gtest.h>

#include <string>

#include "veil/store/postgres/connection.h"
#include "veil/testing/postgres_server.h"

namespace veil::store::postgres {

// The URL of a new, empty database; fails the test, with the reason, when the server cannot start.
inline std::string NewTestDatabase() {
  auto server = testing::SharedPostgresServer();
  EXPECT_TRUE(server) << "PostgreSQL test server: " << server.error().ToString();
  if (!server) return "postgresql:///unavailable";
  auto url = (*server)->CreateDatabase();
  EXPECT_TRUE(url) << url.error().ToString();
  return url ? *url : "postgresql:///unavailable";
}

// Runs fixed SQL on its own connection to `url`; fails the test when it does not succeed.
inline void ExecuteBehindTheStore(const std::string& url, const std::string& sql) {
  auto connection = Connection::Open(url);
  ASSERT_TRUE(connection) << connection.error().ToString();
  auto executed = connection->ExecuteScript(sql);
  ASSERT_TRUE(executed) << executed.error().ToString();
}

}  // namespace veil::store::postgres
