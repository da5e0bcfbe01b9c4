#pragma once
// `veil policy eval`: evaluates an attestation or resource policy over claims read from a file,
// offline (a what-if: nothing here establishes that the claims are authentic) and prints the
// outcome with its full trace. Exit codes: 0 affirming / allowed, 1 not, 2 usage or parse error.

#include <CLI/CLI.hpp>

namespace veil::cli {

// Adds `eval` under `policy_command` (the `veil policy` subcommand); `exit_code` receives the
// command's exit status when it runs.
void RegisterPolicyEval(CLI::App& policy_command, int& exit_code);

}  // namespace veil::cli
