#pragma once
// The TPM's dictionary-attack (DA) protection (TPM 2.0 Library Part 1, "Dictionary Attack
// Protection"): each failed authorization of a DA-protected object counts one failure, and so does
// a TPM2_Startup after the TPM stopped without TPM2_Shutdown while such an object was in use (an
// unorderly shutdown; the attestation key is one: it has no noDA attribute). At maxTries failures
// the TPM is in lockout and answers every authorization of a DA-protected object — the AK's
// quotes included — with TPM_RC_LOCKOUT. It forgives one failure per recovery interval it is
// powered, and `tpm2_dictionarylockout --clear-lockout` (lockout hierarchy authorization) clears
// them all. Neither a retry nor a restart of the agent helps, so DA refusals are never
// kUnavailable.

#include <tss2/tss2_common.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "veil/agent/attester/tpm/esys_connection.h"
#include "veil/base/result.h"

namespace veil::agent::tpm {

inline constexpr std::string_view kClearLockoutCommand = "tpm2_dictionarylockout --clear-lockout";

// TPM 2.0 Library Part 2, TPMA_PERMANENT.inLockout and the TPM_PT_LOCKOUT_* properties.
struct DictionaryAttackState {
  bool in_lockout = false;
  std::uint32_t failed_tries = 0;      // TPM_PT_LOCKOUT_COUNTER
  std::uint32_t max_tries = 0;         // TPM_PT_MAX_AUTH_FAIL
  std::uint32_t recovery_seconds = 0;  // TPM_PT_LOCKOUT_INTERVAL: one failure forgiven per this
};

// TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES) of the properties above; needs no authorization, so
// it works in lockout. kUnavailable with the TSS error, or when the TPM leaves one out.
Result<DictionaryAttackState> ReadDictionaryAttackState(const EsysConnection& tpm);

// kPolicyDenied when `state` is in lockout: the counts, when the TPM leaves lockout by itself and
// the command that clears it now.
Status RequireNotLockedOut(const DictionaryAttackState& state);

// For a TPM_RC_LOCKOUT or TPM_RC_AUTH_FAIL from the TPM (directly or through a resource manager;
// any handle, session or parameter number): what it means for DA and what to do. nullopt for
// every other code, and for these numbers from another layer (the TSS, a TCTI).
std::optional<std::string> DictionaryAttackExplanation(TSS2_RC rc);

}  // namespace veil::agent::tpm
