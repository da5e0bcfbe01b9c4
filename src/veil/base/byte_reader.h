#pragma once
// ByteReader: a cursor over untrusted bytes. Every read names the field it reads so that a
// failure says what was being read, how much was needed and how much remained. The cursor
// never moves on failure; bounds are checked as `n > remaining()`, which cannot wrap.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil {

class ByteReader {
 public:
  explicit ByteReader(ByteSpan bytes) : bytes_(bytes) {}

  std::size_t position() const { return position_; }
  std::size_t remaining() const { return bytes_.size() - position_; }
  // The bytes consumed so far (useful for "signed range = everything read up to here").
  ByteSpan consumed() const { return bytes_.first(position_); }

  Result<std::uint8_t> U8(std::string_view field);
  Result<std::uint16_t> U16Le(std::string_view field);
  Result<std::uint16_t> U16Be(std::string_view field);
  Result<std::uint32_t> U32Le(std::string_view field);
  Result<std::uint32_t> U32Be(std::string_view field);
  Result<std::uint64_t> U64Le(std::string_view field);
  Result<std::uint64_t> U64Be(std::string_view field);
  // A view of the next `count` bytes (valid as long as the underlying buffer is).
  Result<ByteSpan> Bytes(std::size_t count, std::string_view field);
  // A copy of the next N bytes, for fixed-size fields (measurements, keys, signatures).
  template <std::size_t N>
  Result<std::array<std::uint8_t, N>> Array(std::string_view field) {
    VEIL_ASSIGN_OR_RETURN(ByteSpan view, Bytes(N, field));
    std::array<std::uint8_t, N> out{};
    std::copy(view.begin(), view.end(), out.begin());
    return out;
  }
  Status Skip(std::size_t count, std::string_view field);
  // Consumes `count` bytes that the format reserves; fails unless all are zero.
  Status SkipZeros(std::size_t count, std::string_view field);
  // Fails when bytes remain ("trailing bytes after <what>").
  Status ExpectEnd(std::string_view what) const;

 private:
  Result<std::uint64_t> ReadInteger(std::size_t width, bool little_endian, std::string_view field);

  ByteSpan bytes_;
  std::size_t position_ = 0;
};

}  // namespace veil
