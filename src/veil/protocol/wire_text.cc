#include "veil/protocol/wire_text.h"

#include "veil/base/log_safe.h"

namespace veil::protocol {

std::string QuoteWireText(std::string_view text) {
  std::string out = "\"";
  for (char c : text.substr(0, kMaxQuotedWireText)) {
    if (c == '"' || c == '\\') out += '\\';  // the quoting's own characters
    AppendPrintableOrHex(out, c);
  }
  out += '"';
  if (text.size() > kMaxQuotedWireText) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace veil::protocol
