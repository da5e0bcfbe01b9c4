#pragma once
// The TPM's SHA-256 PCR bank: reading all 24 PCRs (TPM2_PCR_Read returns at most 8 digests per
// call) and extending one (TPM2_PCR_Extend with a SHA-256 digest only: the other banks stay as
// they are).

#include <tss2/tss2_esys.h>

#include <vector>

#include "veil/agent/attester/tpm/esys_connection.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::agent::tpm {

inline constexpr unsigned kPcrCount = 24;  // the PC Client platform's PCRs 0..23
inline constexpr std::size_t kSha256Size = 32;

// TPML_PCR_SELECTION of SHA-256 PCRs first .. first + count - 1 (all below kPcrCount).
TPML_PCR_SELECTION Sha256Selection(unsigned first, unsigned count);

// SHA-256 PCRs 0..23 in index order. kUnavailable with the TSS error; kUnsupported when the TPM
// does not return every selected PCR (no SHA-256 bank allocated).
Result<std::vector<Bytes>> ReadSha256Pcrs(const EsysConnection& tpm);

// PCR `index` := SHA-256(PCR || digest). index < kPcrCount and a 32-byte digest are the caller's
// to check (VEIL_CHECK); kUnavailable with the TSS error (e.g. TPM_RC_LOCALITY for PCRs 17..22).
Status ExtendSha256Pcr(const EsysConnection& tpm, unsigned index, ByteSpan digest);

}  // namespace veil::agent::tpm
