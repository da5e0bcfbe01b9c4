#pragma once
// `veil collateral inspect BUNDLE_OR_FILE [--at RFC3339]`: lists the Intel DCAP collateral a
// bundle directory or dcap-qvl JSON file holds (docs/formats/dcap-collateral.md) — TCB Info per
// FMSPC, QE identities, PCK and root CA CRLs, signing certificates — with each item's validity
// window. With --at, also verifies every item at that time and prints each verdict.
// Exit codes: 0 loaded (and, with --at, every item verified), 1 an item failed verification,
// 2 usage error or unreadable collateral.

#include <CLI/CLI.hpp>

namespace veil::cli {

void RegisterCollateralCommands(CLI::App& app, int& exit_code);

}  // namespace veil::cli
