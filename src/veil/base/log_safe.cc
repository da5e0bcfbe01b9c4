#include "veil/base/log_safe.h"

namespace veil {

void AppendPrintableOrHex(std::string& out, char c) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) {
    out += c;
    return;
  }
  out += "\\x";
  out += kDigits[byte >> 4];
  out += kDigits[byte & 0x0f];
}

std::string LogSafe(std::string_view text, std::size_t max_bytes) {
  const std::string_view shown = text.substr(0, max_bytes);
  std::string safe;
  safe.reserve(shown.size() + 16);
  for (const char c : shown) AppendPrintableOrHex(safe, c);
  if (text.size() > shown.size())
    safe += "...(" + std::to_string(text.size() - shown.size()) + " more bytes)";
  return safe;
}

}  // namespace veil
