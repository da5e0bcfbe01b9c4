#include "veil/base/byte_reader.h"

#include <algorithm>
#include <string>

namespace veil {
namespace {

Error Truncated(std::string_view field, std::size_t needed, std::size_t remaining) {
  return Malformed("truncated " + std::string(field) + ": need " + std::to_string(needed) +
                   " bytes, " + std::to_string(remaining) + " remain");
}

}  // namespace

Result<std::uint64_t> ByteReader::ReadInteger(std::size_t width, bool little_endian,
                                              std::string_view field) {
  VEIL_ASSIGN_OR_RETURN(ByteSpan raw, Bytes(width, field));
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const std::uint8_t byte = little_endian ? raw[width - 1 - i] : raw[i];
    value = (value << 8) | byte;
  }
  return value;
}

Result<std::uint8_t> ByteReader::U8(std::string_view field) {
  return ReadInteger(1, true, field).map([](std::uint64_t v) {
    return static_cast<std::uint8_t>(v);
  });
}
Result<std::uint16_t> ByteReader::U16Le(std::string_view field) {
  return ReadInteger(2, true, field).map([](std::uint64_t v) {
    return static_cast<std::uint16_t>(v);
  });
}
Result<std::uint16_t> ByteReader::U16Be(std::string_view field) {
  return ReadInteger(2, false, field).map([](std::uint64_t v) {
    return static_cast<std::uint16_t>(v);
  });
}
Result<std::uint32_t> ByteReader::U32Le(std::string_view field) {
  return ReadInteger(4, true, field).map([](std::uint64_t v) {
    return static_cast<std::uint32_t>(v);
  });
}
Result<std::uint32_t> ByteReader::U32Be(std::string_view field) {
  return ReadInteger(4, false, field).map([](std::uint64_t v) {
    return static_cast<std::uint32_t>(v);
  });
}
Result<std::uint64_t> ByteReader::U64Le(std::string_view field) {
  return ReadInteger(8, true, field);
}
Result<std::uint64_t> ByteReader::U64Be(std::string_view field) {
  return ReadInteger(8, false, field);
}

Result<ByteSpan> ByteReader::Bytes(std::size_t count, std::string_view field) {
  if (count > remaining()) return Fail(Truncated(field, count, remaining()));
  ByteSpan view = bytes_.subspan(position_, count);
  position_ += count;
  return view;
}

Status ByteReader::Skip(std::size_t count, std::string_view field) {
  VEIL_TRY(Bytes(count, field));
  return {};
}

Status ByteReader::SkipZeros(std::size_t count, std::string_view field) {
  if (count > remaining()) return Fail(Truncated(field, count, remaining()));
  ByteSpan view = bytes_.subspan(position_, count);
  auto nonzero = std::find_if(view.begin(), view.end(), [](std::uint8_t b) { return b != 0; });
  if (nonzero != view.end()) {
    const auto offset = static_cast<std::size_t>(nonzero - view.begin());
    return Fail(Malformed("reserved field " + std::string(field) + " must be zero, found byte " +
                          std::to_string(*nonzero) + " at offset " +
                          std::to_string(position_ + offset)));
  }
  position_ += count;
  return {};
}

Status ByteReader::ExpectEnd(std::string_view what) const {
  if (remaining() != 0) {
    return Fail(
        Malformed(std::to_string(remaining()) + " trailing bytes after " + std::string(what)));
  }
  return {};
}

}  // namespace veil
