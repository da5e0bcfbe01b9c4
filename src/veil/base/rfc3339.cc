#include "veil/base/rfc3339.h"

#include <charconv>
#include <string>

namespace veil {
namespace {

Result<int> Digits(std::string_view text, std::size_t offset, std::size_t count) {
  if (offset + count > text.size()) return Fail(InvalidArgument("RFC 3339 time too short"));
  int value = 0;
  for (std::size_t i = offset; i < offset + count; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return Fail(
          InvalidArgument("RFC 3339 time: expected a digit at position " + std::to_string(i)));
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

Status ExpectChar(std::string_view text, std::size_t offset, char expected) {
  if (offset >= text.size() ||
      (text[offset] != expected &&
       !(expected == 'T' && (text[offset] == 't' || text[offset] == ' ')))) {
    return Fail(InvalidArgument(std::string("RFC 3339 time: expected '") + expected +
                                "' at position " + std::to_string(offset)));
  }
  return {};
}

}  // namespace

Result<TimePoint> ParseRfc3339(std::string_view text) {
  using namespace std::chrono;
  VEIL_ASSIGN_OR_RETURN(int year, Digits(text, 0, 4));
  VEIL_TRY(ExpectChar(text, 4, '-'));
  VEIL_ASSIGN_OR_RETURN(int month, Digits(text, 5, 2));
  VEIL_TRY(ExpectChar(text, 7, '-'));
  VEIL_ASSIGN_OR_RETURN(int day, Digits(text, 8, 2));
  VEIL_TRY(ExpectChar(text, 10, 'T'));
  VEIL_ASSIGN_OR_RETURN(int hour, Digits(text, 11, 2));
  VEIL_TRY(ExpectChar(text, 13, ':'));
  VEIL_ASSIGN_OR_RETURN(int minute, Digits(text, 14, 2));
  VEIL_TRY(ExpectChar(text, 16, ':'));
  VEIL_ASSIGN_OR_RETURN(int second, Digits(text, 17, 2));

  const year_month_day date{std::chrono::year{year},
                            std::chrono::month{static_cast<unsigned>(month)},
                            std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) {
    return Fail(InvalidArgument("RFC 3339 time out of range: " + std::string(text)));
  }

  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return Fail(InvalidArgument("RFC 3339 time: empty fraction"));
  }
  if (pos >= text.size()) return Fail(InvalidArgument("RFC 3339 time needs 'Z' or an offset"));

  seconds offset{0};
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '+' ? 1 : -1;
    VEIL_ASSIGN_OR_RETURN(int offset_hours, Digits(text, pos + 1, 2));
    VEIL_TRY(ExpectChar(text, pos + 3, ':'));
    VEIL_ASSIGN_OR_RETURN(int offset_minutes, Digits(text, pos + 4, 2));
    offset = seconds{sign * (offset_hours * 3600 + offset_minutes * 60)};
    pos += 6;
  } else {
    return Fail(
        InvalidArgument("RFC 3339 time: unexpected character at position " + std::to_string(pos)));
  }
  if (pos != text.size()) return Fail(InvalidArgument("RFC 3339 time: trailing characters"));

  // In seconds first: TimePoint counts nanoseconds in 64 bits and ends in April 2262, so a later
  // (valid) year such as 9083 would overflow it (found by reference_values_fuzzer).
  const sys_seconds utc = sys_days{date} + hours{hour} + minutes{minute} + seconds{second} - offset;
  if (utc > floor<seconds>(TimePoint::max()) || utc < ceil<seconds>(TimePoint::min())) {
    return Fail(InvalidArgument("RFC 3339 time outside the representable range " +
                                FormatRfc3339(ceil<seconds>(TimePoint::min())) + " .. " +
                                FormatRfc3339(floor<seconds>(TimePoint::max()))));
  }
  return TimePoint{utc};
}

std::string FormatRfc3339(TimePoint at) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(at);
  const auto days = floor<std::chrono::days>(secs);
  const year_month_day date{days};
  const hh_mm_ss<seconds> time{secs - days};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return buffer;
}

}  // namespace veil
