#pragma once
// The endorsement key (EK) as the TCG EK Credential Profile 2.0 default templates define it
// (B.3.3 template L-1: RSA-2048; B.3.4 template L-2: ECC NIST P-256): a restricted decryption
// primary key of the endorsement hierarchy, nameAlg SHA-256, AES-128-CFB, usable only through
// the policy PolicySecret(TPM_RH_ENDORSEMENT). The TPM derives it from the endorsement primary
// seed, so it is the key the manufacturer certified (EK certificate in NV 0x01c00002 for RSA,
// 0x01c0000a for ECC) and is re-created whenever it is needed, never stored.

#include "veil/agent/attester/tpm/esys_connection.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::agent::tpm {

enum class EkAlgorithm { kRsa2048, kEcP256 };

struct EndorsementKey {
  TransientObject object;  // flushed when the EndorsementKey goes out of scope
  Bytes public_area;       // the TPMT_PUBLIC as the TPM marshals it (for MakeCredential)
};

// TPM2_CreatePrimary under TPM_RH_ENDORSEMENT with an empty endorsement authValue. The TPM's
// error (e.g. TPM_RC_BAD_AUTH, TPM_RC_OBJECT_MEMORY) as kUnavailable.
Result<EndorsementKey> CreateEndorsementKey(const EsysConnection& tpm, EkAlgorithm algorithm);

// Marshals `area` as the TPM does (big-endian TPMT_PUBLIC); kInternal if tss2-mu refuses.
Result<Bytes> MarshalPublicArea(const TPMT_PUBLIC& area);

}  // namespace veil::agent::tpm
