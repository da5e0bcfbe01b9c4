#pragma once
// `veil payload encrypt|inspect|decrypt`: the owner's side of encrypted workload payloads
// (docs/formats/payload.md). `encrypt` seals a workload bundle under a fresh AES-256 key and
// stores the key in the trustee as a secret (or, with --key-out, in a new 0600 file); `inspect`
// shows a payload's header and SHA-256; `decrypt` opens a payload with a key file.
// Exit codes: 0 success; 1 refused (the trustee refused, a malformed payload, a key that does
// not open it); 2 usage error, unreadable or existing file, unreachable trustee.

#include <CLI/CLI.hpp>

namespace veil::cli {

// Adds `payload` and its three subcommands to `app`; `exit_code` receives the command's status.
void RegisterPayloadCommands(CLI::App& app, int& exit_code);

}  // namespace veil::cli
