#include "veil/agent/attester/tpm/dictionary_attack.h"

#include <tss2/tss2_esys.h>

#include "veil/agent/attester/tpm/tss_error.h"

namespace veil::agent::tpm {
namespace {

// TPM_PT_PERMANENT .. TPM_PT_LOCKOUT_INTERVAL are consecutive "variable" properties.
constexpr std::uint32_t kPropertyCount = TPM2_PT_LOCKOUT_INTERVAL - TPM2_PT_PERMANENT + 1;

Result<std::uint32_t> PropertyValue(const TPML_TAGGED_TPM_PROPERTY& properties, TPM2_PT wanted,
                                    std::string_view name) {
  for (std::uint32_t i = 0; i < properties.count && i < TPM2_MAX_TPM_PROPERTIES; ++i) {
    if (properties.tpmProperty[i].property == wanted) return properties.tpmProperty[i].value;
  }
  return Fail(Unavailable("TPM2_GetCapability did not return " + std::string(name)));
}

// A TPM response code without the layer a resource manager may add, or nullopt when another
// layer (the TSS itself, a TCTI) produced `rc`.
std::optional<TPM2_RC> TpmResponseCode(TSS2_RC rc) {
  const TSS2_RC layer = rc & TSS2_RC_LAYER_MASK;
  if (layer != TSS2_TPM_RC_LAYER && layer != TSS2_RESMGR_TPM_RC_LAYER) return std::nullopt;
  return static_cast<TPM2_RC>(rc & ~TSS2_RC_LAYER_MASK);
}

// TPM 2.0 Library Part 2, TPM_RC: a format-one code carries a handle, session or parameter
// number (bits 6 and 8..11) on top of its error number (bits 0..5).
bool IsFormatOne(TPM2_RC rc, TPM2_RC code) {
  constexpr TPM2_RC kErrorNumber = 0x03F;
  return (rc & TPM2_RC_FMT1) != 0 && (rc & (TPM2_RC_FMT1 | kErrorNumber)) == code;
}

}  // namespace

Result<DictionaryAttackState> ReadDictionaryAttackState(const EsysConnection& tpm) {
  TPMI_YES_NO more_data = TPM2_NO;
  TPMS_CAPABILITY_DATA* capability = nullptr;
  const TSS2_RC rc = Esys_GetCapability(tpm.get(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
                                        TPM2_CAP_TPM_PROPERTIES, TPM2_PT_PERMANENT, kPropertyCount,
                                        &more_data, &capability);
  const EsysBuffer<TPMS_CAPABILITY_DATA> answer(capability);
  if (rc != TSS2_RC_SUCCESS) {
    return Fail(TssError(ErrorCode::kUnavailable, "Esys_GetCapability (TPM properties)", rc));
  }
  const TPML_TAGGED_TPM_PROPERTY& properties = answer->data.tpmProperties;
  DictionaryAttackState state;
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t permanent,
                        PropertyValue(properties, TPM2_PT_PERMANENT, "TPM_PT_PERMANENT"));
  state.in_lockout = (permanent & TPMA_PERMANENT_INLOCKOUT) != 0;
  VEIL_ASSIGN_OR_RETURN(state.failed_tries, PropertyValue(properties, TPM2_PT_LOCKOUT_COUNTER,
                                                          "TPM_PT_LOCKOUT_COUNTER"));
  VEIL_ASSIGN_OR_RETURN(state.max_tries,
                        PropertyValue(properties, TPM2_PT_MAX_AUTH_FAIL, "TPM_PT_MAX_AUTH_FAIL"));
  VEIL_ASSIGN_OR_RETURN(state.recovery_seconds, PropertyValue(properties, TPM2_PT_LOCKOUT_INTERVAL,
                                                              "TPM_PT_LOCKOUT_INTERVAL"));
  return state;
}

Status RequireNotLockedOut(const DictionaryAttackState& state) {
  if (!state.in_lockout) return {};
  const std::string recovery =
      state.recovery_seconds == 0 ? "it does not leave lockout by itself (recovery interval 0)"
                                  : "it forgives one failure every " +
                                        std::to_string(state.recovery_seconds) + " s it is powered";
  return Fail(PolicyDenied(
      "the TPM is in dictionary-attack lockout (" + std::to_string(state.failed_tries) + " of " +
      std::to_string(state.max_tries) +
      " failed authorizations; unorderly shutdowns count too) and refuses the attestation key; " +
      recovery + ", and `" + std::string(kClearLockoutCommand) +
      "` clears it now (docs/agent.md, \"TPM dictionary-attack lockout\")"));
}

std::optional<std::string> DictionaryAttackExplanation(TSS2_RC rc) {
  const std::optional<TPM2_RC> tpm_rc = TpmResponseCode(rc);
  if (!tpm_rc) return std::nullopt;
  if (*tpm_rc == TPM2_RC_LOCKOUT) {
    return "the TPM is in dictionary-attack lockout; it leaves it by itself after its recovery "
           "interval, or at once with `" +
           std::string(kClearLockoutCommand) +
           "` (docs/agent.md, \"TPM dictionary-attack lockout\")";
  }
  if (IsFormatOne(*tpm_rc, TPM2_RC_AUTH_FAIL)) {
    return "a failed authorization that counts toward dictionary-attack lockout; not retried";
  }
  return std::nullopt;
}

}  // namespace veil::agent::tpm
