#pragma once
// libtss2 writes its own diagnostics ("ERROR:esys:src/tss2-esys/...", "ERROR:tcti:...") straight
// to stderr, past the agent's log format. Every failure they describe also comes back as a return
// code, which the agent reports through its own errors (tss_error.h). tss2 reads TSS2_LOG at each
// module's first message, at any time, so the setting must be in the environment before the
// first tss2 call and stay there.

#include <string_view>

namespace veil::agent::tpm {

inline constexpr std::string_view kTssLogVariable = "TSS2_LOG";

// Sets TSS2_LOG=all+NONE unless the process has TSS2_LOG already (an operator debugging the TPM
// stack keeps theirs). True when it set it: the variable is the agent's, not the workload's.
// Call while the process is single-threaded (setenv).
bool SilenceTssLog();

}  // namespace veil::agent::tpm
