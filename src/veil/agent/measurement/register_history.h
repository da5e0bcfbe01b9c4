#pragma once
// Whether a runtime measurement register already holds a workload's events in this boot. The
// trustee's reference value is the events extended into a register that starts at zero (a TPM
// PCR 23 after reset), so a register can only lead there from zero or from part of the way:
// after the first k events of this very workload (an earlier run that failed after measuring,
// or was killed between two extensions). Extending only the rest, or nothing, lets a retry
// attest the value the first attempt would have. Any other value is another measurement.

#include <cstddef>
#include <optional>
#include <vector>

#include "veil/agent/measurement/workload_measurement.h"
#include "veil/base/bytes.h"

namespace veil::agent {

// The k (0..events.size()) for which `current` == ReplayEvents(zeros, first k events); nullopt
// when there is none: the register holds something other than (a prefix of) these events. A
// SHA-256 register (32 bytes) is assumed; any other size is nullopt.
std::optional<std::size_t> EventsAlreadyExtended(ByteSpan current,
                                                 const std::vector<MeasurementEvent>& events);

}  // namespace veil::agent
