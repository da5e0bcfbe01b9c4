#include "veil/agent/attester/tpm/primary_key.h"

#include <string>
#include <utility>

#include "veil/agent/attester/tpm/tss_error.h"

namespace veil::agent::tpm {

Result<PrimaryKey> CreatePrimaryUnderEndorsement(const EsysConnection& tpm,
                                                 const TPM2B_PUBLIC& in_public,
                                                 std::string_view what) {
  const TPM2B_SENSITIVE_CREATE sensitive = {};
  const TPM2B_DATA outside_info = {};
  const TPML_PCR_SELECTION creation_pcrs = {};
  ESYS_TR handle = ESYS_TR_NONE;
  TPM2B_PUBLIC* out_public = nullptr;
  TPM2B_CREATION_DATA* creation_data = nullptr;
  TPM2B_DIGEST* creation_hash = nullptr;
  TPMT_TK_CREATION* creation_ticket = nullptr;
  const TSS2_RC rc =
      Esys_CreatePrimary(tpm.get(), ESYS_TR_RH_ENDORSEMENT, ESYS_TR_PASSWORD, ESYS_TR_NONE,
                         ESYS_TR_NONE, &sensitive, &in_public, &outside_info, &creation_pcrs,
                         &handle, &out_public, &creation_data, &creation_hash, &creation_ticket);
  EsysBuffer<TPM2B_PUBLIC> public_area(out_public);
  const EsysBuffer<TPM2B_CREATION_DATA> unused_data(creation_data);
  const EsysBuffer<TPM2B_DIGEST> unused_hash(creation_hash);
  const EsysBuffer<TPMT_TK_CREATION> unused_ticket(creation_ticket);
  if (rc != TSS2_RC_SUCCESS) {
    const std::string call = "Esys_CreatePrimary (" + std::string(what) + ")";
    return Fail(TssError(ErrorCode::kUnavailable, call, rc));
  }
  return PrimaryKey{TransientObject(tpm, handle), std::move(public_area)};
}

}  // namespace veil::agent::tpm
