#pragma once
// Chooses and opens the TEE driver: the configured kind, or with "auto" the first TEE this machine
// has — configfs-tsm or /dev/sev-guest (SNP/TDX), then a TPM (the configured TCTI, by default
// /dev/tpmrm0). The insecure sample TEE is never chosen automatically.

#include <memory>

#include "veil/agent/attester/attester.h"
#include "veil/agent/config/agent_config.h"
#include "veil/base/result.h"

namespace veil::agent {

// kUnavailable naming every place looked at when "auto" finds no TEE.
Result<std::unique_ptr<Attester>> OpenAttester(const TeeConfig& tee);

}  // namespace veil::agent
