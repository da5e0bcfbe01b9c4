#pragma once
// Byte containers used across Veil: owned Bytes, borrowed ByteSpan.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace veil {

using Bytes = std::vector<std::uint8_t>;
using ByteSpan = std::span<const std::uint8_t>;

// Views the characters of `text` as bytes (no copy).
inline ByteSpan AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

inline Bytes ToBytes(ByteSpan span) { return {span.begin(), span.end()}; }

}  // namespace veil
