#include "veil/json/utf8.h"

#include <cstdint>
#include <optional>

namespace veil::json {
namespace {

struct Decoded {
  char32_t code_point;
  std::size_t length;
};

// Decodes the sequence at `text[at]`; nullopt when it is not well-formed (RFC 3629 section 4).
std::optional<Decoded> DecodeOne(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[at + i]); };
  const std::uint8_t lead = byte(0);
  if (lead < 0x80) return Decoded{lead, 1};
  std::size_t length = 0;
  char32_t minimum = 0;
  char32_t value = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, minimum = 0x80, value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, minimum = 0x800, value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, minimum = 0x10000, value = lead & 0x07;
  } else {
    return std::nullopt;  // a continuation byte or 0xF8..0xFF where a sequence must start
  }
  if (length > text.size() - at) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (byte(i) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
    return std::nullopt;
  return Decoded{value, length};
}

}  // namespace

Result<std::u16string> Utf8ToUtf16(std::string_view text) {
  std::u16string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::optional<Decoded> decoded = DecodeOne(text, at);
    if (!decoded) return Fail(InvalidArgument("invalid UTF-8 at byte " + std::to_string(at)));
    const char32_t cp = decoded->code_point;
    if (cp < 0x10000) {
      out.push_back(static_cast<char16_t>(cp));
    } else {
      out.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    }
    at += decoded->length;
  }
  return out;
}

}  // namespace veil::json
