#include "veil/agent/measurement/register_history.h"

#include <algorithm>

namespace veil::agent {

std::optional<std::size_t> EventsAlreadyExtended(ByteSpan current,
                                                 const std::vector<MeasurementEvent>& events) {
  constexpr std::size_t kSha256Size = 32;
  if (current.size() != kSha256Size) return std::nullopt;
  Bytes value(kSha256Size, 0);
  for (std::size_t extended = 0;; ++extended) {
    if (std::equal(value.begin(), value.end(), current.begin(), current.end())) return extended;
    if (extended == events.size()) return std::nullopt;
    value = ReplayEvents(value, {events[extended]});
  }
}

}  // namespace veil::agent
