#pragma once
// `veil measure workload --config AGENT.toml [--initial HEX] [--pcr-only] -- CMD ARGS...`: the
// owner computes, ahead of time, what veil-agent will extend into the TPM's PCR (23 by default)
// for this configuration, payload and command line — the value to publish as the reference value
// tpm.pcrs.sha256.<N>. Prints each event and the resulting PCR value (or only the value).
// Exit codes: 0 success; 2 usage error or unreadable configuration/payload.

#include <CLI/CLI.hpp>

namespace veil::cli {

void RegisterMeasureCommands(CLI::App& app, int& exit_code);

}  // namespace veil::cli
