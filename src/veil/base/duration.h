#pragma once
// Durations as configuration writes them: one or more "<digits><unit>" groups, unit s, m, h or d
// ("90s", "24h", "365d", "1h30m"); no sign, no spaces, no fractions.

#include <chrono>
#include <string>
#include <string_view>

#include "veil/base/result.h"

namespace veil {

// kInvalidArgument naming what was expected and found, also for a zero total or one above 100
// years.
Result<std::chrono::seconds> ParseDuration(std::string_view text);
// The shortest text ParseDuration reads back to `duration` ("24h", "1d2h", "90s"; "0s").
std::string FormatDuration(std::chrono::seconds duration);

}  // namespace veil
