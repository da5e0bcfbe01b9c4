#pragma once
// How text that came off the wire appears inside our messages: quoted, at most kMaxQuotedWireText
// bytes of it, with '"', '\' and every byte outside printable ASCII escaped, so a hostile peer can
// neither flood a log line nor forge one with control characters.

#include <cstddef>
#include <string>
#include <string_view>

namespace veil::protocol {

inline constexpr std::size_t kMaxQuotedWireText = 32;

// "\"snp\"" for snp; "\"a\\x0ab\"" for a, LF, b; longer input is cut at kMaxQuotedWireText bytes
// and followed by "... (N bytes)".
std::string QuoteWireText(std::string_view text);

}  // namespace veil::protocol
