#pragma once
// `veil token verify TOKEN --jwks URL|FILE [--certificates PEM] [--at RFC3339] [--json]`: checks an
// EAR attestation token offline or against the issuer's JWKS — its signature with a key the JWKS
// (or a certificate chain in the token, to the given trust anchors) vouches for, and its expiry —
// and prints its verified appraisal: status, TEE, trust vector, policy, denial reasons. The same
// check the trustee makes for tokens of trusted attestation services (passport/). TOKEN is the
// JWT itself, @FILE, or - for stdin.
// Exit codes: 0 valid, 1 invalid (signature, issuer, expiry), 2 usage error or unreadable JWKS.

#include <CLI/CLI.hpp>

namespace veil::cli {

void RegisterTokenCommands(CLI::App& app, int& exit_code);

}  // namespace veil::cli
