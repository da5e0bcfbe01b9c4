#pragma once
// The attestation key (AK): a restricted signing primary key of the endorsement hierarchy,
// derived from the endorsement primary seed and a fixed template (fixedTPM, fixedParent,
// sensitiveDataOrigin, userWithAuth, restricted, sign; nameAlg SHA-256; ECC NIST P-256 with
// ECDSA-SHA256 or RSA-2048 with RSASSA-SHA256). TPM2_CreatePrimary is deterministic, so the same
// TPM always yields the same AK: it is re-created whenever it is needed, never stored.

#include "veil/agent/attester/tpm/esys_connection.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/public_key.h"

namespace veil::agent::tpm {

enum class AkAlgorithm { kEcP256, kRsa2048 };

struct AttestationKey {
  TransientObject object;  // flushed when the AttestationKey goes out of scope
  crypto::PublicKey key;
  Bytes public_area;  // the TPMT_PUBLIC as the TPM marshals it: its digest is the AK's Name
};

// TPM2_CreatePrimary under TPM_RH_ENDORSEMENT with an empty endorsement authValue. The TPM's
// error (e.g. TPM_RC_BAD_AUTH, TPM_RC_OBJECT_MEMORY) as kUnavailable.
Result<AttestationKey> CreateAttestationKey(const EsysConnection& tpm, AkAlgorithm algorithm);

}  // namespace veil::agent::tpm
