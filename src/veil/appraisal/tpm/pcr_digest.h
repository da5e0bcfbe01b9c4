#pragma once
// TPMS_QUOTE_INFO.pcrDigest recomputed from PCR values (TCG TPM 2.0 Library Part 3: Commands,
// rev 1.59, 18.4 TPM2_Quote): the hash of the concatenated values of the selected PCRs, banks in
// selection order and ascending indexes within a bank, with the hash of the signing scheme.

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/digest.h"
#include "veil/evidence/tpm/pcr_selection.h"
#include "veil/evidence/tpm/pcr_values.h"

namespace veil::appraisal::tpm {

crypto::DigestAlgorithm ToDigestAlgorithm(evidence::tpm::HashAlg hash);

// kMalformed naming the first selected PCR that has no value.
Result<Bytes> ComputePcrDigest(const evidence::tpm::PcrSelection& selection,
                               const evidence::tpm::PcrValues& values, evidence::tpm::HashAlg hash);

}  // namespace veil::appraisal::tpm
