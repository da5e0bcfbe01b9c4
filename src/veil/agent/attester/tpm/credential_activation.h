#pragma once
// The agent's half of credential activation (TCG TPM 2.0 Library Part 3, 12.5
// TPM2_ActivateCredential): the TPM recovers the seed with the EK, checks the integrity HMAC
// over the credential and the Name of the object loaded as `ak`, and only then decrypts the
// credential. A challenge made for another EK or another AK Name fails inside the TPM. The EK
// is used through a policy session that satisfies its PolicySecret(TPM_RH_ENDORSEMENT); the AK
// through its (empty) password.

#include "veil/agent/attester/tpm/esys_connection.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::agent::tpm {

// `credential_blob` is TPM2B_ID_OBJECT.credential and `encrypted_secret`
// TPM2B_ENCRYPTED_SECRET.secret, both without their u16 size (as
// appraisal::tpm::credential::MakeCredential returns them). kInvalidArgument when either exceeds
// its TPM2B; kVerificationFailed, with the TPM's decoded return code, when the TPM refuses the
// challenge (TPM_RC_INTEGRITY for another AK Name or a changed blob; for another EK, whatever
// the TPM reports for the seed it cannot recover, including libtpms' TPM_RC_FAILURE from a TPM
// that is not in failure mode); kPolicyDenied for dictionary-attack lockout; kUnavailable for other
// TPM failures.
Result<crypto::SecretBytes> ActivateCredential(const EsysConnection& tpm, const TransientObject& ak,
                                               const TransientObject& ek, ByteSpan credential_blob,
                                               ByteSpan encrypted_secret);

}  // namespace veil::agent::tpm
