#include "veil/base/log_safe.h"

namespace veil {

std::string LogSafe(std::string_view text, std::size_t max_bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const std::string_view shown = text.substr(0, max_bytes);
  std::string safe;
  safe.reserve(shown.size() + 16);
  for (const char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      safe += c;
    } else {
      safe += "\\x";
      safe += kDigits[byte >> 4];
      safe += kDigits[byte & 0x0f];
    }
  }
  if (text.size() > shown.size())
    safe += "...(" + std::to_string(text.size() - shown.size()) + " more bytes)";
  return safe;
}

}  // namespace veil
