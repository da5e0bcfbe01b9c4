#pragma once
// The EK certificate a TPM carries in NV (TCG EK Credential Profile 2.0, 2.2.1.5 "EK Credential
// NV indices"): 0x01c00002 for the RSA-2048 EK (template L-1), 0x01c0000a for the ECC NIST P-256
// EK (template L-2). Read with the index's own empty authorization (TPMA_NV_AUTHREAD), in chunks
// the TPM accepts.

#include <cstdint>
#include <optional>

#include "veil/agent/attester/tpm/esys_connection.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::agent::tpm {

inline constexpr std::uint32_t kRsaEkCertificateIndex = 0x01c00002;
inline constexpr std::uint32_t kEccEkCertificateIndex = 0x01c0000a;

// The index's data; nullopt when the TPM has no such index (TPM_RC_HANDLE). kUnavailable for
// other TPM failures; kMalformed for an index larger than an EK certificate can be (16 KiB).
Result<std::optional<Bytes>> ReadNvIndex(const EsysConnection& tpm, std::uint32_t index);

}  // namespace veil::agent::tpm
