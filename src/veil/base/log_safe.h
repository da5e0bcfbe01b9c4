#pragma once
// Untrusted text (request fields, peer-chosen names) made safe to put in a log line or an error
// message: it cannot start a new line, move the terminal cursor or fill the disk.

#include <cstddef>
#include <string>
#include <string_view>

namespace veil {

// The longest prefix LogSafe keeps by default, in input bytes.
inline constexpr std::size_t kLogSafeMaxBytes = 200;

// Printable ASCII (0x20..0x7e) is kept as it is; every other byte (control characters such as
// CR, LF, ESC, DEL, and all bytes >= 0x80) becomes "\xNN". At most `max_bytes` input bytes are
// shown; when more were given, "...(N more bytes)" follows what is shown. A '\' is not escaped,
// so text made safe once (a message quoting an escaped value) stays the same when a log line
// makes it safe again; a literal "\x0a" sent by a client is text, never a line break.
std::string LogSafe(std::string_view text, std::size_t max_bytes = kLogSafeMaxBytes);

// Appends `c` as it is when it is printable ASCII (0x20..0x7e), else as "\xNN": the byte escape
// LogSafe applies, for other quoting rules built on it (protocol/wire_text.h).
void AppendPrintableOrHex(std::string& out, char c);

}  // namespace veil
