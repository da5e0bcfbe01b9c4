#pragma once
// Lower-case hexadecimal, the form every Veil claim and message uses for byte strings.

#include <cstdint>
#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil {

std::string HexEncode(ByteSpan bytes);
// "0x" and 16 lower-case digits, for packed 64-bit fields (policy words, TCB versions).
std::string HexU64(std::uint64_t value);
// Accepts upper or lower case and an optional "0x" prefix; rejects odd lengths and non-hex digits.
Result<Bytes> HexDecode(std::string_view text);

}  // namespace veil
