#pragma once
// Lower-case hexadecimal, the form every Veil claim and message uses for byte strings.

#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil {

std::string HexEncode(ByteSpan bytes);
// Accepts upper or lower case and an optional "0x" prefix; rejects odd lengths and non-hex digits.
Result<Bytes> HexDecode(std::string_view text);

}  // namespace veil
