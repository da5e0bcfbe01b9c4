#pragma once
// A failed tss2 call as a Veil error: which call failed and how Tss2_RC_Decode reads the return
// code (layer, parameter/handle/session number, TPM_RC meaning), with the code itself in hex.

#include <tss2/tss2_common.h>

#include <string_view>

#include "veil/base/error.h"

namespace veil::agent::tpm {

// `code` with the message "<call>: <decoded rc> (0x<rc>)", no context. A dictionary-attack
// refusal (TPM_RC_LOCKOUT, TPM_RC_AUTH_FAIL) is kPolicyDenied instead, whatever `code`, with what
// it means and how to clear it appended (dictionary_attack.h): retrying it cannot help, and a
// retried AUTH_FAIL would count another failure.
Error TssError(ErrorCode code, std::string_view call, TSS2_RC rc);

}  // namespace veil::agent::tpm
