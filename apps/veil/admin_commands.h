#pragma once
// The owner's commands against a running trustee: `veil admin keygen`, `veil secret put|rm|ls`,
// `veil policy set|get`, `veil audit verify`. Each talks to --url
// (default $VEIL_URL or http://127.0.0.1:8080) with --key (default $VEIL_ADMIN_KEY).
// Exit codes: 0 success, 1 refused by the trustee or a failed verification, 2 usage error,
// unreadable file or unreachable trustee.

#include <CLI/CLI.hpp>

namespace veil::cli {

void RegisterAdminCommands(CLI::App& app, CLI::App& policy_command, int& exit_code);

}  // namespace veil::cli
