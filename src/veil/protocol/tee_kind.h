#pragma once
// The TEE kind a guest announces in the KBS /auth request ("tee", docs/kbs-protocol.md §1). Parsed
// once where it comes off the wire; past that point the enum, never the string, decides which
// attester, evidence shape and appraisal apply.

#include <span>
#include <string_view>

#include "veil/base/result.h"

namespace veil::protocol {

enum class TeeKind {
  kSnp,     // "snp": AMD SEV-SNP
  kTdx,     // "tdx": Intel TDX
  kSgx,     // "sgx": an Intel SGX enclave (DCAP quote v3)
  kTpm,     // "tpm": a TPM 2.0 quote
  kSample,  // "sample": CoCo's unsigned development evidence
};

// Every kind, in the order above.
std::span<const TeeKind> AllTeeKinds();

// The exact, case-sensitive wire names above. kUnsupported for anything else; the message quotes
// the input capped and escaped (wire_text.h) and lists the names it accepts.
Result<TeeKind> ParseTeeKind(std::string_view wire);

// The wire name ("snp", "tdx", "sgx", "tpm", "sample").
std::string_view TeeKindName(TeeKind kind);

}  // namespace veil::protocol
