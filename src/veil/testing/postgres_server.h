#pragma once
// A real PostgreSQL server for tests: initdb and pg_ctl of the newest Debian postgresql package
// (/usr/lib/postgresql/<version>/bin) in a fresh temporary directory, listening only on a Unix
// socket in that directory (no TCP port), trust authentication for the superuser "postgres".
// initdb refuses to run as root: as root, both run as Debian's `postgres` user (runuser) and the
// directory is handed to it. Stopped (pg_ctl stop -m immediate) and removed by the destructor.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "veil/base/result.h"

namespace veil::testing {

class PostgresServer {
 public:
  // Creates the cluster and starts the server; pg_ctl -w polls until it accepts connections.
  // kUnavailable, saying why (no PostgreSQL installed, no postgres user, initdb or start failed,
  // with the tool's output and the server log), when it cannot.
  static Result<std::unique_ptr<PostgresServer>> Start();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // A new, empty database (veil_test_1, veil_test_2, ...), returned as its connection URL.
  Result<std::string> CreateDatabase();
  // postgresql:///DATABASE?host=<socket dir>&user=postgres
  std::string Url(const std::string& database) const;

 private:
  PostgresServer(std::filesystem::path dir, std::filesystem::path bin_dir,
                 std::vector<std::string> run_as);
  std::filesystem::path dir_;        // socket directory; the cluster is dir_/data
  std::filesystem::path bin_dir_;    // where initdb and pg_ctl are
  std::vector<std::string> run_as_;  // argv prefix: runuser -u postgres -- (as root), else empty
  int databases_ = 0;
};

// The one server of this test binary, started on first use and stopped at exit; every call after
// a failed start returns the same error.
Result<PostgresServer*> SharedPostgresServer();

}  // namespace veil::testing
