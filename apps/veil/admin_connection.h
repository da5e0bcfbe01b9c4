#pragma once
// How the owner's commands reach a trustee's admin API: the --url (default $VEIL_URL or
// http://127.0.0.1:8080), --key (default $VEIL_ADMIN_KEY) and --ca options, the client they
// make, and the exit code of a failed operation.

#include <CLI/CLI.hpp>
#include <string>

#include "veil/admin_client/admin_client.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"

namespace veil::cli {

struct Connection {
  std::string url;
  std::string key_file;
  std::string ca_file;
};

void AddConnectionOptions(CLI::App* command, Connection& connection);

// kInvalidArgument when no admin key is given or it cannot be read as a PEM private key.
Result<admin_client::AdminClient> Connect(const Connection& connection, const Clock& clock);

// The exit code of a failed command (docs/cli.md): 1 when the trustee refused (or the evidence,
// key or token was rejected), 2 for usage errors, unreadable files and a trustee that cannot be
// reached or whose TLS certificate does not verify.
int ExitCodeOf(const Error& error);

// Prints "veil: <error>", and on a second line what to do when that is known (--url, --ca, the
// admin key, named when `connection` is given), and returns ExitCodeOf(error).
int Report(const Error& error, const Connection* connection = nullptr);

// Runs `call` (AdminClient& → Status) with a client for `connection`; prints nothing itself but
// a failure, through Report. Returns the exit code of a failure, or 0.
template <class Call>
int WithClient(const Connection& connection, Call call) {
  const SystemClock clock;
  auto client = Connect(connection, clock);
  if (!client) return Report(client.error(), &connection);
  Status done = call(*client);
  return done ? 0 : Report(done.error(), &connection);
}

}  // namespace veil::cli
