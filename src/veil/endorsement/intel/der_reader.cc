#include "veil/endorsement/intel/der_reader.h"

#include <string>

#include "veil/base/hex.h"

namespace veil::endorsement::intel {
namespace {

std::string Hex2(std::uint8_t value) { return "0x" + HexEncode(ByteSpan(&value, 1)); }

}  // namespace

Result<std::size_t> DerReader::Length(std::string_view field) {
  VEIL_ASSIGN_OR_RETURN(const std::uint8_t first, reader_.U8(field));
  if (first < 0x80) return first;
  const std::size_t width = first & 0x7f;
  if (width == 0 || width > 4) {
    return Fail(Malformed(std::string(field) + ": DER length form " + Hex2(first) +
                          " is indefinite or wider than 4 bytes"));
  }
  std::size_t length = 0;
  for (std::size_t i = 0; i < width; ++i) {
    VEIL_ASSIGN_OR_RETURN(const std::uint8_t byte, reader_.U8(field));
    length = (length << 8) | byte;
  }
  return length;
}

Result<DerElement> DerReader::Next(std::string_view field) {
  VEIL_ASSIGN_OR_RETURN(const std::uint8_t tag, reader_.U8(field));
  VEIL_ASSIGN_OR_RETURN(const std::size_t length, Length(field));
  VEIL_ASSIGN_OR_RETURN(const ByteSpan contents, reader_.Bytes(length, field));
  return DerElement{tag, contents};
}

Result<ByteSpan> DerReader::Expect(std::uint8_t tag, std::string_view field) {
  VEIL_ASSIGN_OR_RETURN(const DerElement element, Next(field));
  if (element.tag != tag) {
    return Fail(Malformed(std::string(field) + ": expected DER tag " + Hex2(tag) + ", found " +
                          Hex2(element.tag)));
  }
  return element.contents;
}

Result<std::uint64_t> DerUnsigned(ByteSpan contents, std::uint64_t max, std::string_view field) {
  if (contents.empty() || contents.size() > 9 || (contents[0] & 0x80) != 0) {
    return Fail(
        Malformed(std::string(field) + ": not a non-negative DER integer of at most 64 bits"));
  }
  std::uint64_t value = 0;
  for (const std::uint8_t byte : contents) {
    if (value > (max >> 8)) {
      return Fail(Malformed(std::string(field) + ": value exceeds " + std::to_string(max)));
    }
    value = (value << 8) | byte;
  }
  if (value > max) {
    return Fail(Malformed(std::string(field) + " = " + std::to_string(value) + " exceeds " +
                          std::to_string(max)));
  }
  return value;
}

}  // namespace veil::endorsement::intel
