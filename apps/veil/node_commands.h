#pragma once
// `veil node add|ls|rm`: the TPM nodes a running trustee knows (docs/edge.md "Enrolling a
// node"). `add` registers a node by its EK so that it can enrol its AK by credential activation
// without an EK certificate under the trustee's [tpm] ek_trust_store; `rm` removes a node and the
// trust in its AK at once. Exit codes: 0 success, 1 refused by the trustee, 2 an unreadable
// file, a usage error or an unreachable trustee.

#include <CLI/CLI.hpp>

namespace veil::cli {

void RegisterNodeCommands(CLI::App& app, int& exit_code);

}  // namespace veil::cli
