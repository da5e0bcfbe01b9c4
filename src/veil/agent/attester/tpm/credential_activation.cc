#include "veil/agent/attester/tpm/credential_activation.h"

#include <tss2/tss2_rc.h>

#include <algorithm>
#include <string>

#include "veil/agent/attester/tpm/tss_error.h"

namespace veil::agent::tpm {
namespace {

// TPM2B_ID_OBJECT and TPM2B_ENCRYPTED_SECRET name their buffers after what they hold.
Result<TPM2B_ID_OBJECT> IdObject(ByteSpan bytes) {
  TPM2B_ID_OBJECT sized = {};
  if (bytes.size() > sizeof sized.credential) {
    return Fail(InvalidArgument("activate credential: credential blob of " +
                                std::to_string(bytes.size()) + " bytes exceeds the " +
                                std::to_string(sizeof sized.credential) +
                                " TPM2B_ID_OBJECT holds"));
  }
  sized.size = static_cast<UINT16>(bytes.size());
  std::copy(bytes.begin(), bytes.end(), sized.credential);
  return sized;
}

Result<TPM2B_ENCRYPTED_SECRET> EncryptedSecret(ByteSpan bytes) {
  TPM2B_ENCRYPTED_SECRET sized = {};
  if (bytes.size() > sizeof sized.secret) {
    return Fail(InvalidArgument("activate credential: encrypted secret of " +
                                std::to_string(bytes.size()) + " bytes exceeds the " +
                                std::to_string(sizeof sized.secret) +
                                " TPM2B_ENCRYPTED_SECRET holds"));
  }
  sized.size = static_cast<UINT16>(bytes.size());
  std::copy(bytes.begin(), bytes.end(), sized.secret);
  return sized;
}

// A policy session whose digest becomes PolicySecret(TPM_RH_ENDORSEMENT): the EK's authPolicy
// under the TCG default templates. Flushed when the returned object goes out of scope.
Result<TransientObject> EndorsementPolicySession(const EsysConnection& tpm) {
  const TPMT_SYM_DEF no_encryption = {.algorithm = TPM2_ALG_NULL, .keyBits = {}, .mode = {}};
  ESYS_TR session = ESYS_TR_NONE;
  TSS2_RC rc = Esys_StartAuthSession(tpm.get(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
                                     ESYS_TR_NONE, ESYS_TR_NONE, nullptr, TPM2_SE_POLICY,
                                     &no_encryption, TPM2_ALG_SHA256, &session);
  if (rc != TSS2_RC_SUCCESS) {
    return Fail(TssError(ErrorCode::kUnavailable, "Esys_StartAuthSession (EK policy)", rc));
  }
  TransientObject policy(tpm, session);
  TPM2B_TIMEOUT* timeout = nullptr;
  TPMT_TK_AUTH* ticket = nullptr;
  rc = Esys_PolicySecret(tpm.get(), ESYS_TR_RH_ENDORSEMENT, session, ESYS_TR_PASSWORD, ESYS_TR_NONE,
                         ESYS_TR_NONE, nullptr, nullptr, nullptr, 0, &timeout, &ticket);
  const EsysBuffer<TPM2B_TIMEOUT> unused_timeout(timeout);
  const EsysBuffer<TPMT_TK_AUTH> unused_ticket(ticket);
  if (rc != TSS2_RC_SUCCESS) {
    return Fail(TssError(ErrorCode::kUnavailable, "Esys_PolicySecret (TPM_RH_ENDORSEMENT)", rc));
  }
  return policy;
}

// Whether the TPM passed its self tests (TPM2_GetTestResult): a TPM in failure mode answers every
// other command with TPM_RC_FAILURE.
bool TpmIsHealthy(const EsysConnection& tpm) {
  TPM2B_MAX_BUFFER* out_data = nullptr;
  TPM2_RC test_result = TPM2_RC_FAILURE;
  const TSS2_RC rc = Esys_GetTestResult(tpm.get(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
                                        &out_data, &test_result);
  const EsysBuffer<TPM2B_MAX_BUFFER> unused(out_data);
  return rc == TSS2_RC_SUCCESS && test_result == TPM2_RC_SUCCESS;
}

// A refusal of the command's parameters (format-one TPM response codes: the blob, the secret) is
// the challenge failing. So is TPM_RC_FAILURE from a TPM that is not in failure mode: libtpms
// answers an RSA seed it cannot OAEP-decrypt (a challenge made for another EK) that way. Anything
// else is the TPM failing.
ErrorCode ActivationFailureCode(const EsysConnection& tpm, TSS2_RC rc) {
  if ((rc & TSS2_RC_LAYER_MASK) != TSS2_TPM_RC_LAYER) return ErrorCode::kUnavailable;
  if ((rc & TPM2_RC_FMT1) != 0) return ErrorCode::kVerificationFailed;
  if (rc == TPM2_RC_FAILURE && TpmIsHealthy(tpm)) return ErrorCode::kVerificationFailed;
  return ErrorCode::kUnavailable;
}

}  // namespace

Result<crypto::SecretBytes> ActivateCredential(const EsysConnection& tpm, const TransientObject& ak,
                                               const TransientObject& ek, ByteSpan credential_blob,
                                               ByteSpan encrypted_secret) {
  VEIL_ASSIGN_OR_RETURN(const TPM2B_ID_OBJECT blob, IdObject(credential_blob));
  VEIL_ASSIGN_OR_RETURN(const TPM2B_ENCRYPTED_SECRET secret, EncryptedSecret(encrypted_secret));
  VEIL_ASSIGN_OR_RETURN(const TransientObject policy, EndorsementPolicySession(tpm));
  TPM2B_DIGEST* cert_info = nullptr;
  const TSS2_RC rc =
      Esys_ActivateCredential(tpm.get(), ak.handle(), ek.handle(), ESYS_TR_PASSWORD,
                              policy.handle(), ESYS_TR_NONE, &blob, &secret, &cert_info);
  const EsysBuffer<TPM2B_DIGEST> credential(cert_info);
  if (rc != TSS2_RC_SUCCESS) {
    return Fail(TssError(ActivationFailureCode(tpm, rc), "Esys_ActivateCredential", rc));
  }
  crypto::SecretBytes recovered(ByteSpan(credential->buffer, credential->size));
  // ESAPI's buffer is freed without cleansing; wipe the credential first.
  std::fill_n(credential->buffer, credential->size, std::uint8_t{0});
  return recovered;
}

}  // namespace veil::agent::tpm
