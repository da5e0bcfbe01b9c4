#pragma once
// `veil evidence eventlog show FILE [--json]`: parse a TCG PC Client event log (SHA-1 or
// crypto-agile, as /sys/kernel/security/tpm0/binary_bios_measurements holds it) and print its
// events and boot claims. Exit codes: 0 parsed; 2 usage error, unreadable or malformed log.
// `veil evidence eventlog replay FILE --pcrs PCRS.json [--json]`: replay the log and compare it
// with quoted PCR values ({"sha256": {"0": "<hex>", ...}} or CoCo's array of 24 SHA-256 values).
// Exit codes: 0 every compared PCR matches; 1 a mismatch (the message names the bank, PCR and
// diverging event); 2 usage error, unreadable or malformed input.

#include <CLI/CLI.hpp>

namespace veil::cli {

// Adds `eventlog` (with `show` and `replay`) under `parent` (`veil evidence`).
void RegisterEventLogCommands(CLI::App& parent, int& exit_code);

}  // namespace veil::cli
