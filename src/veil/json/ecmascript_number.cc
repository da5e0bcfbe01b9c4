#include "veil/json/ecmascript_number.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace veil::json {
namespace {

// The decimal form of a finite, non-zero magnitude: value = 0.digits * 10^point, i.e. the
// ECMAScript s, k and n with k = digits.size() and n = point.
struct ShortestDecimal {
  std::string digits;
  int point;
};

ShortestDecimal Shortest(double magnitude) {
  // std::to_chars without a precision yields the shortest round-tripping digits (with the
  // nearest-value tie break ECMAScript also uses); scientific form makes them easy to read off.
  char buffer[64];
  const auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, magnitude, std::chars_format::scientific);
  VEIL_CHECK(error == std::errc());
  const std::string_view text(buffer,
                              static_cast<std::size_t>(end - buffer));  // "d.ddde+XX" or "de-XX"
  const std::size_t e = text.find('e');
  VEIL_CHECK(e != std::string_view::npos);
  ShortestDecimal decimal;
  for (char c : text.substr(0, e)) {
    if (c != '.') decimal.digits.push_back(c);
  }
  int exponent = 0;
  const std::string_view exponent_text = text.substr(e + 1);
  const char* first = exponent_text.data() + (exponent_text.front() == '+' ? 1 : 0);
  VEIL_CHECK(std::from_chars(first, exponent_text.data() + exponent_text.size(), exponent).ec ==
             std::errc());
  decimal.point = exponent + 1;
  return decimal;
}

std::string ExponentSuffix(int point) {
  const int exponent = point - 1;
  return std::string("e") + (exponent < 0 ? "-" : "+") + std::to_string(std::abs(exponent));
}

// ECMA-262 Number::toString steps for k digits and decimal point position n.
std::string Layout(const ShortestDecimal& decimal) {
  const std::string& s = decimal.digits;
  const int k = static_cast<int>(s.size());
  const int n = decimal.point;
  if (k <= n && n <= 21) return s + std::string(static_cast<std::size_t>(n - k), '0');
  if (0 < n && n <= 21)
    return s.substr(0, static_cast<std::size_t>(n)) + "." + s.substr(static_cast<std::size_t>(n));
  if (-6 < n && n <= 0) return "0." + std::string(static_cast<std::size_t>(-n), '0') + s;
  if (k == 1) return s + ExponentSuffix(n);
  return s.substr(0, 1) + "." + s.substr(1) + ExponentSuffix(n);
}

}  // namespace

Result<std::string> FormatEcmaScriptNumber(double value) {
  if (!std::isfinite(value))
    return Fail(InvalidArgument("JSON numbers must be finite, got " + std::to_string(value)));
  if (value == 0) return std::string("0");  // both +0 and -0
  const std::string magnitude = Layout(Shortest(std::fabs(value)));
  return value < 0 ? "-" + magnitude : magnitude;
}

}  // namespace veil::json
