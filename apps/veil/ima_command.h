#pragma once
// `veil evidence ima show FILE [--json]`: parse an IMA measurement list (ASCII or binary form,
// told apart by the NUL bytes only the binary form has) and print its entries and the PCR 10
// values it replays to. Exit codes: 0 parsed; 2 usage error, unreadable or malformed list.
// `veil evidence ima appraise FILE --allowlist FILE --pcrs FILE [--json]`: replay the list
// against the quoted PCR 10 and judge every entry the quote covers against the allowlist.
// Exit codes: 0 passed; 1 failed (an entry not allowed, an altered entry, PCR 10 mismatch; the
// message names the entry); 2 usage error, unreadable or malformed input.

#include <CLI/CLI.hpp>

namespace veil::cli {

// Adds `ima` (with `show` and `appraise`) under `parent` (`veil evidence`).
void RegisterImaCommands(CLI::App& parent, int& exit_code);

}  // namespace veil::cli
