#include "veil/testing/postgres_server.h"

#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "veil/store/postgres/connection.h"
#include "veil/testing/command.h"

namespace veil::testing {
namespace {

// The bin directory of the newest installed major version that has initdb and pg_ctl.
Result<std::filesystem::path> FindPostgresBinDir() {
  const std::filesystem::path root = "/usr/lib/postgresql";
  std::error_code error;
  std::vector<std::pair<int, std::filesystem::path>> found;
  for (const auto& entry : std::filesystem::directory_iterator(root, error)) {
    const std::filesystem::path bin = entry.path() / "bin";
    if (!std::filesystem::exists(bin / "initdb") || !std::filesystem::exists(bin / "pg_ctl"))
      continue;
    found.emplace_back(std::atoi(entry.path().filename().c_str()), bin);
  }
  if (found.empty()) {
    return Fail(Unavailable("no PostgreSQL server found: expected initdb and pg_ctl in " +
                            root.string() +
                            "/<version>/bin (Debian package postgresql; run scripts/setup.sh)"));
  }
  return std::max_element(found.begin(), found.end())->second;
}

std::string ReadLog(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// As root, hands `dir` to the postgres user and returns the argv prefix that runs as it.
Result<std::vector<std::string>> RunAsUnprivileged(const std::filesystem::path& dir) {
  if (geteuid() != 0) return std::vector<std::string>{};
  const passwd* user = getpwnam("postgres");
  if (user == nullptr) {
    return Fail(Unavailable(
        "running as root, and initdb refuses root: expected the user \"postgres\" that Debian's "
        "postgresql package creates, found none"));
  }
  if (chown(dir.c_str(), user->pw_uid, user->pw_gid) != 0) {
    return Fail(Unavailable("cannot hand " + dir.string() +
                            " to user postgres: " + std::system_category().message(errno)));
  }
  return std::vector<std::string>{"runuser", "-u", "postgres", "--"};
}

Status Run(const std::vector<std::string>& prefix, std::vector<std::string> argv,
           const std::string& what, const std::filesystem::path& log) {
  argv.insert(argv.begin(), prefix.begin(), prefix.end());
  const CommandResult result = RunCommand(argv);
  if (result.exit_code == 0) return {};
  return Fail(Unavailable(what + " failed (exit " + std::to_string(result.exit_code) +
                          "): " + result.out + result.err + ReadLog(log)));
}

}  // namespace

PostgresServer::PostgresServer(std::filesystem::path dir, std::filesystem::path bin_dir,
                               std::vector<std::string> run_as)
    : dir_(std::move(dir)), bin_dir_(std::move(bin_dir)), run_as_(std::move(run_as)) {}

Result<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  VEIL_ASSIGN_OR_RETURN(std::filesystem::path bin_dir, FindPostgresBinDir());
  std::error_code no_temp;
  const std::filesystem::path temp = std::filesystem::temp_directory_path(no_temp);
  if (no_temp) return Fail(Unavailable("no temporary directory: " + no_temp.message()));
  std::string pattern = (temp / "veil-pg-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Fail(Unavailable("cannot create a directory like " + pattern + ": " +
                            std::system_category().message(errno)));
  }
  // Owned from here on: the destructor removes the directory whatever happens next.
  std::unique_ptr<PostgresServer> server(new PostgresServer(pattern, bin_dir, {}));
  VEIL_ASSIGN_OR_RETURN(server->run_as_, RunAsUnprivileged(server->dir_));
  const std::string data = (server->dir_ / "data").string();
  const std::filesystem::path log = server->dir_ / "server.log";
  VEIL_TRY(Run(server->run_as_,
               {(bin_dir / "initdb").string(), "-D", data, "-U", "postgres", "--auth=trust", "-E",
                "UTF8", "--locale=C", "--no-sync"},
               "initdb", log));
  // No TCP listener at all; fsync off: a test cluster need not survive a power loss.
  const std::string options =
      "-c listen_addresses='' -c unix_socket_directories=" + server->dir_.string() +
      " -c fsync=off -c full_page_writes=off";
  VEIL_TRY(Run(server->run_as_,
               {(bin_dir / "pg_ctl").string(), "-D", data, "-l", log.string(), "-o", options, "-w",
                "-t", "60", "start"},
               "pg_ctl start", log));
  return server;
}

PostgresServer::~PostgresServer() {
  const std::filesystem::path data = dir_ / "data";
  if (std::filesystem::exists(data / "postmaster.pid")) {
    std::vector<std::string> stop = run_as_;
    stop.insert(stop.end(), {(bin_dir_ / "pg_ctl").string(), "-D", data.string(), "-m", "immediate",
                             "-w", "stop"});
    (void)RunCommand(stop);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string PostgresServer::Url(const std::string& database) const {
  return "postgresql:///" + database + "?host=" + dir_.string() + "&user=postgres";
}

Result<std::string> PostgresServer::CreateDatabase() {
  VEIL_ASSIGN_OR_RETURN(store::postgres::Connection admin,
                        store::postgres::Connection::Open(Url("postgres")));
  // The name is ours (a counter), never input: it can be spliced into the statement.
  const std::string name = "veil_test_" + std::to_string(++databases_);
  VEIL_TRY(admin.ExecuteScript("CREATE DATABASE " + name));
  return Url(name);
}

Result<PostgresServer*> SharedPostgresServer() {
  static Result<std::unique_ptr<PostgresServer>> server = PostgresServer::Start();
  if (!server) return Fail(server.error());
  return server->get();
}

}  // namespace veil::testing
