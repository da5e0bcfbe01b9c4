#pragma once
// The agent's measurement event log: one JSON object per line for every extension it made, so an
// owner (or the workload) can replay the register value and see what each digest stands for:
// {"register": "pcrs.sha256.23", "type": "command", "digest": "<hex>", "description": "..."}.

#include <filesystem>
#include <string>

#include "veil/agent/measurement/workload_measurement.h"
#include "veil/base/result.h"

namespace veil::agent {

// Appends one line (creating the file and its directory, mode 0644: the log holds no secrets).
// The file is opened with O_NOFOLLOW and must be a regular file: kUnavailable for a symbolic
// link ("… is a symbolic link; refusing to append through it") or anything else.
Status AppendEvent(const std::filesystem::path& log, const std::string& register_name,
                   const MeasurementEvent& event);

// Opens the log as AppendEvent would (creating it empty when missing) and writes nothing: the
// same errors, found before a register is extended rather than after.
Status CheckEventLogAppendable(const std::filesystem::path& log);

}  // namespace veil::agent
