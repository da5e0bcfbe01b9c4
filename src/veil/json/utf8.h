#pragma once
// Strict UTF-8 (RFC 3629): no overlong forms, no encoded surrogates, nothing above U+10FFFF.
// JCS needs it twice: to refuse invalid strings and to order member names by UTF-16 code units.

#include <string>
#include <string_view>

#include "veil/base/result.h"

namespace veil::json {

// kInvalidArgument naming the byte offset of the first invalid sequence.
Result<std::u16string> Utf8ToUtf16(std::string_view text);

}  // namespace veil::json
