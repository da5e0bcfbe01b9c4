#include "veil/store/unix_time.h"

#include <chrono>
#include <string>

namespace veil::store {

std::int64_t ToUnixSeconds(TimePoint time) {
  return static_cast<std::int64_t>(
      std::chrono::floor<std::chrono::seconds>(time).time_since_epoch().count());
}

Result<TimePoint> FromUnixSeconds(std::int64_t seconds, std::string_view column) {
  // TimePoint counts nanoseconds in 64 bits: about the years 1677..2262.
  const auto lowest =
      std::chrono::ceil<std::chrono::seconds>(TimePoint::min().time_since_epoch()).count();
  const auto highest =
      std::chrono::floor<std::chrono::seconds>(TimePoint::max().time_since_epoch()).count();
  if (seconds < lowest || seconds > highest) {
    return Fail(Malformed(std::string(column) + ": expected Unix seconds in [" +
                          std::to_string(lowest) + ", " + std::to_string(highest) + "], got " +
                          std::to_string(seconds)));
  }
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::seconds(seconds)));
}

}  // namespace veil::store
