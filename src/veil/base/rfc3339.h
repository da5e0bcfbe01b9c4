#pragma once
// RFC 3339 timestamps: "2025-01-01T00:00:00Z", with optional fractional seconds and a numeric
// offset ("+02:00"). Output is always UTC with second precision.

#include <string>
#include <string_view>

#include "veil/base/clock.h"
#include "veil/base/result.h"

namespace veil {

Result<TimePoint> ParseRfc3339(std::string_view text);
std::string FormatRfc3339(TimePoint at);

}  // namespace veil
