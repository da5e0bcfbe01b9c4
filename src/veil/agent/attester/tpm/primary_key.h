#pragma once
// TPM2_CreatePrimary under the endorsement hierarchy, shared by the attestation key and the
// endorsement key: both are primary keys re-derived from the endorsement primary seed and a fixed
// template, never stored.

#include <string_view>

#include "veil/agent/attester/tpm/esys_connection.h"
#include "veil/base/result.h"

namespace veil::agent::tpm {

// A primary key the TPM created: the loaded object (flushed when this goes out of scope) and the
// public area the TPM returned.
struct PrimaryKey {
  TransientObject object;
  EsysBuffer<TPM2B_PUBLIC> public_area;
};

// TPM2_CreatePrimary(TPM_RH_ENDORSEMENT, `in_public`) with an empty endorsement authValue, no
// outside info and no creation PCRs. The TPM's error (e.g. TPM_RC_BAD_AUTH, TPM_RC_OBJECT_MEMORY)
// as kUnavailable, naming "Esys_CreatePrimary (<what>)".
Result<PrimaryKey> CreatePrimaryUnderEndorsement(const EsysConnection& tpm,
                                                 const TPM2B_PUBLIC& in_public,
                                                 std::string_view what);

}  // namespace veil::agent::tpm
