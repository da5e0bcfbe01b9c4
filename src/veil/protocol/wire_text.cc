#include "veil/protocol/wire_text.h"

namespace veil::protocol {
namespace {

void AppendEscaped(std::string& out, char c) {
  constexpr std::string_view kHex = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(c);
  if (c == '"' || c == '\\') {
    out += '\\';
    out += c;
  } else if (byte >= 0x20 && byte < 0x7f) {
    out += c;
  } else {
    out += "\\x";
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0f];
  }
}

}  // namespace

std::string QuoteWireText(std::string_view text) {
  std::string out = "\"";
  for (char c : text.substr(0, kMaxQuotedWireText)) AppendEscaped(out, c);
  out += '"';
  if (text.size() > kMaxQuotedWireText) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace veil::protocol
