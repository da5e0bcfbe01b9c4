#include "veil/agent/run/measured_launch.h"

#include <spdlog/spdlog.h>

#include "veil/agent/measurement/event_log.h"
#include "veil/agent/measurement/register_history.h"
#include "veil/base/hex.h"

namespace veil::agent {
namespace {

Error HoldsAnotherMeasurement(const MeasurementRegister& reg,
                              const std::vector<MeasurementEvent>& events) {
  const std::string recovery =
      reg.reset_command.empty()
          ? "reboot"
          : "reboot, or — when nothing measured into it still runs — reset it with `" +
                reg.reset_command + "`";
  return PolicyDenied(
      reg.name + " already holds another measurement in this boot: " + HexEncode(reg.value) +
      " is neither zero nor a step towards this workload's " +
      HexEncode(ReplayEvents(Bytes(reg.value.size(), 0), events)) +
      ": another workload, or this one with another payload, command line or [workload] table, "
      "was measured since the TEE started. Extending on top of it could never match the "
      "trustee's reference value; to start from zero, " +
      recovery + " (docs/agent.md, \"Retries and PCR 23\")");
}

Status Extend(Attester& attester, const MeasurementEvent& event,
              const std::filesystem::path& event_log) {
  auto extended = attester.ExtendMeasurement(event.digest);
  if (!extended) return Fail(std::move(extended).error().WithContext("measurement"));
  spdlog::info("measured {} into {}: {}", event.type, *extended, HexEncode(event.digest));
  return AppendEvent(event_log, *extended, event);
}

}  // namespace

Status MeasureIntoTee(Attester& attester, const std::vector<MeasurementEvent>& events,
                      const std::filesystem::path& event_log) {
  auto reg = attester.ReadMeasurementRegister();
  if (!reg && reg.error().code == ErrorCode::kUnsupported) {
    spdlog::warn("the workload is not measured at runtime: {}", reg.error().message);
    return {};
  }
  if (!reg) return Fail(std::move(reg).error().WithContext("measurement"));
  const std::optional<std::size_t> already = EventsAlreadyExtended(reg->value, events);
  if (!already) return Fail(HoldsAnotherMeasurement(*reg, events).WithContext("measurement"));
  if (*already == events.size()) {
    spdlog::info(
        "{} already holds this workload's measurement from an earlier run in this boot: not "
        "extending it again",
        reg->name);
    return {};
  }
  if (*already > 0) {
    spdlog::info(
        "{} holds the first {} of this workload's {} events from an earlier run in this "
        "boot: extending the rest",
        reg->name, *already, events.size());
  }
  VEIL_TRY(CheckEventLogAppendable(event_log));
  for (std::size_t next = *already; next < events.size(); ++next) {
    VEIL_TRY(Extend(attester, events[next], event_log));
  }
  return {};
}

}  // namespace veil::agent
