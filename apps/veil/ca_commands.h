#pragma once
// `veil ca show|rotate|certs|revoke|crl`: the running trustee's workload CA (docs/cli.md "veil
// ca", docs/trustee.md "Workload CA"). Exit codes: 0 success, 1 refused by the trustee (unknown
// serial, bad reason, overlap too short), 2 a usage error or an unreachable trustee.

#include <CLI/CLI.hpp>

namespace veil::cli {

void RegisterCaCommands(CLI::App& app, int& exit_code);

}  // namespace veil::cli
