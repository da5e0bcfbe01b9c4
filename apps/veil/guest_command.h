#pragma once
// `veil guest attest` and `veil guest get-resource`: the guest's side of the KBS protocol, run by
// hand against a live trustee (like CoCo's `kbs-client attest` / `get-resource`), so an owner can
// test reference values and policies before deploying. The TEE is the sample attester (unsigned,
// for development) or a TPM through a TCTI (swtpm or /dev/tpmrm0). `attest` prints the appraisal —
// status, trust vector, policy and every denial reason — and can write the token; `get-resource`
// attests, then writes the released secret to a file (0600) or stdout.
// Exit codes: 0 affirmed / released, 1 refused by the trustee (appraisal or resource policy),
// 2 usage error, unreachable trustee or TPM.

#include <CLI/CLI.hpp>

namespace veil::cli {

void RegisterGuestCommands(CLI::App& app, int& exit_code);

}  // namespace veil::cli
