#include "veil/agent/attester/tpm/tss_error.h"

#include <tss2/tss2_rc.h>

#include <cstdio>
#include <string>

#include "veil/agent/attester/tpm/dictionary_attack.h"

namespace veil::agent::tpm {

Error TssError(ErrorCode code, std::string_view call, TSS2_RC rc) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08x", static_cast<unsigned>(rc));
  // Tss2_RC_Decode answers from a static buffer: copy it before the next call.
  std::string message = std::string(call) + ": " + Tss2_RC_Decode(rc) + " (" + hex + ")";
  if (std::optional<std::string> dictionary_attack = DictionaryAttackExplanation(rc)) {
    return Error{ErrorCode::kPolicyDenied, message + ": " + *dictionary_attack, {}};
  }
  return Error{code, std::move(message), {}};
}

}  // namespace veil::agent::tpm
