#include "veil/endorsement/intel/tcb_status.h"

#include <array>
#include <string>
#include <utility>

#include "veil/base/log_safe.h"

namespace veil::endorsement::intel {
namespace {

constexpr std::array<std::pair<TcbStatus, std::string_view>, 7> kNames = {{
    {TcbStatus::kUpToDate, "UpToDate"},
    {TcbStatus::kSwHardeningNeeded, "SWHardeningNeeded"},
    {TcbStatus::kConfigurationNeeded, "ConfigurationNeeded"},
    {TcbStatus::kConfigurationAndSwHardeningNeeded, "ConfigurationAndSWHardeningNeeded"},
    {TcbStatus::kOutOfDate, "OutOfDate"},
    {TcbStatus::kOutOfDateConfigurationNeeded, "OutOfDateConfigurationNeeded"},
    {TcbStatus::kRevoked, "Revoked"},
}};

}  // namespace

std::string_view TcbStatusName(TcbStatus status) {
  for (const auto& [value, name] : kNames) {
    if (value == status) return name;
  }
  return "?";
}

Result<TcbStatus> ParseTcbStatus(std::string_view text) {
  for (const auto& [value, name] : kNames) {
    if (name == text) return value;
  }
  return Fail(Unsupported("unknown tcbStatus \"" + LogSafe(text, 64) + "\""));
}

}  // namespace veil::endorsement::intel
