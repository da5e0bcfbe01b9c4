#pragma once
// Every backend stores times as integer seconds since the Unix epoch (UTC), truncated to whole
// seconds.

#include <cstdint>
#include <string_view>

#include "veil/base/clock.h"
#include "veil/base/result.h"

namespace veil::store {

std::int64_t ToUnixSeconds(TimePoint time);
// kMalformed, naming `column`, when `seconds` lies outside what a TimePoint can hold.
Result<TimePoint> FromUnixSeconds(std::int64_t seconds, std::string_view column);

}  // namespace veil::store
