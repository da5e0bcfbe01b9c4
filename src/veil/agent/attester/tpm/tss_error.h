#pragma once
// A failed tss2 call as a Veil error: which call failed and how Tss2_RC_Decode reads the return
// code (layer, parameter/handle/session number, TPM_RC meaning), with the code itself in hex.

#include <tss2/tss2_common.h>

#include <string_view>

#include "veil/base/error.h"

namespace veil::agent::tpm {

// `code` with the message "<call>: <decoded rc> (0x<rc>)", no context.
Error TssError(ErrorCode code, std::string_view call, TSS2_RC rc);

}  // namespace veil::agent::tpm
