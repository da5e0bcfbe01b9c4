#pragma once
// What the agent measures before it launches a workload, in this order: the encrypted payload
// file (when there is one), the command line, and the [workload] configuration. Each event is a
// SHA-256 digest extended into the runtime measurement register (TPM PCR 23 by default), so the
// register's final value — which the owner computes ahead of time with `veil measure` — names
// exactly this workload, these arguments and this configuration.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::agent {

struct WorkloadDescription {
  std::optional<Bytes> payload;   // the encrypted bundle's bytes, as stored
  std::vector<std::string> argv;  // the command and its arguments
  nlohmann::json config;          // the [workload] table as JSON
};

struct MeasurementEvent {
  std::string type;         // "payload", "command", "config"
  Bytes digest;             // SHA-256 of the measured bytes
  std::string description;  // human-readable, never secret
};

// payload: SHA-256(file); command: SHA-256(each argument followed by a NUL byte);
// config: SHA-256(JCS(config)). kInvalidArgument for an empty command line.
Result<std::vector<MeasurementEvent>> MeasureWorkload(const WorkloadDescription& workload);

// A SHA-256 register after extending `events` into `initial` (32 bytes): r = SHA-256(r || digest).
Bytes ReplayEvents(ByteSpan initial, const std::vector<MeasurementEvent>& events);

}  // namespace veil::agent
