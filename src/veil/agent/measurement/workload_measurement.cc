#include "veil/agent/measurement/workload_measurement.h"

#include "veil/crypto/digest.h"
#include "veil/json/jcs.h"

namespace veil::agent {
namespace {

Bytes CommandLineBytes(const std::vector<std::string>& argv) {
  Bytes bytes;
  for (const std::string& argument : argv) {
    bytes.insert(bytes.end(), argument.begin(), argument.end());
    bytes.push_back(0);
  }
  return bytes;
}

std::string Quoted(const std::vector<std::string>& argv) {
  std::string text;
  for (const std::string& argument : argv)
    text += (text.empty() ? "" : " ") + nlohmann::json(argument).dump();
  return text;
}

}  // namespace

Result<std::vector<MeasurementEvent>> MeasureWorkload(const WorkloadDescription& workload) {
  if (workload.argv.empty()) return Fail(InvalidArgument("the workload command line is empty"));
  std::vector<MeasurementEvent> events;
  if (workload.payload) {
    events.push_back({"payload", crypto::Sha256(*workload.payload),
                      "encrypted payload, " + std::to_string(workload.payload->size()) + " bytes"});
  }
  events.push_back(
      {"command", crypto::Sha256(CommandLineBytes(workload.argv)), Quoted(workload.argv)});
  VEIL_ASSIGN_OR_RETURN(std::string canonical, json::CanonicalizeJcs(workload.config));
  events.push_back({"config", crypto::Sha256(AsBytes(canonical)), "[workload] " + canonical});
  return events;
}

Bytes ReplayEvents(ByteSpan initial, const std::vector<MeasurementEvent>& events) {
  Bytes value = ToBytes(initial);
  for (const MeasurementEvent& event : events) {
    Bytes input = value;
    input.insert(input.end(), event.digest.begin(), event.digest.end());
    value = crypto::Sha256(input);
  }
  return value;
}

}  // namespace veil::agent
