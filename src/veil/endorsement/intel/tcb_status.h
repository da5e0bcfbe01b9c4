#pragma once
// The TCB status values of Intel's TCB Info and Enclave Identity JSON ("tcbStatus"), Intel PCS
// API v4, "TCB Info V3" / "Enclave Identity V2".

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/clock.h"
#include "veil/base/result.h"

namespace veil::endorsement::intel {

enum class TcbStatus {
  kUpToDate,
  kSwHardeningNeeded,
  kConfigurationNeeded,
  kConfigurationAndSwHardeningNeeded,
  kOutOfDate,
  kOutOfDateConfigurationNeeded,
  kRevoked,
};

std::string_view TcbStatusName(TcbStatus status);  // exactly as the JSON spells it
// kUnsupported for a value Intel does not define.
Result<TcbStatus> ParseTcbStatus(std::string_view text);

// One level of a TDX module identity or an enclave identity: the status of every ISVSVN at or
// above `isvsvn` (down to the next level's).
struct IsvsvnLevel {
  std::uint16_t isvsvn = 0;
  TimePoint tcb_date;
  TcbStatus status = TcbStatus::kRevoked;
  std::vector<std::string> advisory_ids;
};

}  // namespace veil::endorsement::intel
