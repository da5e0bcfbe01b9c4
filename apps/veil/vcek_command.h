#pragma once
// `veil vcek fetch (--report FILE | --evidence FILE) --store DIR [--kds-url URL]`: puts the VCEK
// that signed a report into an offline VCEK store (endorsement/vcek), from AMD KDS, so that a
// trustee without network access can verify reports sent without a certificate table. Prints the
// stored file. Exit codes: 0 stored (or already there), 1 KDS has no such VCEK or cannot be
// reached, 2 usage error or unreadable file.

#include <CLI/CLI.hpp>

namespace veil::cli {

void RegisterVcekCommands(CLI::App& app, int& exit_code);

}  // namespace veil::cli
