#include "veil/base/duration.h"

#include <array>
#include <cstdint>
#include <utility>

namespace veil {
namespace {

constexpr std::int64_t kMaxSeconds = 100LL * 365 * 86400;

constexpr std::array<std::pair<char, std::int64_t>, 4> kUnits{
    {{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};

Result<std::int64_t> UnitSeconds(char unit, std::string_view text) {
  for (const auto& [name, seconds] : kUnits)
    if (name == unit) return seconds;
  return Fail(InvalidArgument("duration \"" + std::string(text) +
                              "\": expected a unit s, m, h or d, got '" + std::string(1, unit) +
                              "'"));
}

}  // namespace

Result<std::chrono::seconds> ParseDuration(std::string_view text) {
  if (text.empty()) return Fail(InvalidArgument("duration: expected e.g. \"24h\", got nothing"));
  std::int64_t total = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::int64_t number = 0;
    const std::size_t digits_at = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      number = number * 10 + (text[at] - '0');
      if (number > kMaxSeconds) break;
      ++at;
    }
    if (at == digits_at || at >= text.size()) {
      return Fail(
          InvalidArgument("duration \"" + std::string(text) +
                          "\": expected <digits><unit> groups such as \"24h\" or \"1h30m\""));
    }
    VEIL_ASSIGN_OR_RETURN(std::int64_t unit, UnitSeconds(text[at], text));
    ++at;
    total += number * unit;
    if (number > kMaxSeconds || total > kMaxSeconds) {
      return Fail(
          InvalidArgument("duration \"" + std::string(text) + "\": expected at most 100 years"));
    }
  }
  if (total == 0)
    return Fail(InvalidArgument("duration \"" + std::string(text) + "\": expected more than 0"));
  return std::chrono::seconds(total);
}

std::string FormatDuration(std::chrono::seconds duration) {
  std::int64_t left = duration.count();
  if (left <= 0) return "0s";
  std::string text;
  for (const auto& [name, seconds] : kUnits) {
    if (left < seconds) continue;
    text += std::to_string(left / seconds) + name;
    left %= seconds;
  }
  return text;
}

}  // namespace veil
