#pragma once
// Reads a file of quoted PCR values for the offline commands (`veil evidence eventlog replay`,
// `veil evidence ima appraise`): JSON {"<bank>": {"<index>": "<hex>"}, ...} or CoCo's array of
// 24 SHA-256 values. Every value is checked against its bank's digest size.

#include <string>

#include "veil/base/result.h"
#include "veil/evidence/tpm/pcr_values.h"

namespace veil::cli {

Result<evidence::tpm::PcrValues> ReadQuotedPcrs(const std::string& path);

}  // namespace veil::cli
