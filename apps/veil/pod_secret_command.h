#pragma once
// `veil pod secret NAME --resource kbs:///REPO/TYPE/TAG [--key K] [--entry KEY=URI]...
// [--namespace NS] [--sign KEY.pem --kid KID [--jwk-out FILE]] [--out FILE]`: a Kubernetes
// Secret whose values are CoCo sealed secrets (src/veil/sealed_secret/) pointing at secrets the
// trustee holds, so the cluster never holds one in clear. `veil pod secret inspect FILE|STRING
// [--verify KEY]` reads one back (a sealed string, a file holding one, or a Secret manifest),
// prints its fields and, given the verification key, checks its signature as the guest does.
// Exit codes (docs/cli.md, "Exit status"): 0 written / read (and verified); 1 a signature that
// does not verify or a manifest value that is not sealed; 2 a usage error, an unreadable or
// malformed input.

#include <CLI/CLI.hpp>

namespace veil::cli {

// Adds `secret` (and `secret inspect`) under `pod`.
void RegisterPodSecretCommands(CLI::App& pod, int& exit_code);

}  // namespace veil::cli
