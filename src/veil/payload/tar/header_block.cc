#include "veil/payload/tar/header_block.h"

#include <algorithm>
#include <numeric>
#include <string_view>

#include "veil/base/hex.h"

namespace veil::payload::tar {
namespace {

// Field offsets and sizes: POSIX.1-2017, pax, ustar Interchange Format, ustar header block.
struct Field {
  std::size_t offset;
  std::size_t size;
  std::string_view name;
};
constexpr Field kName{0, 100, "name"};
constexpr Field kMode{100, 8, "mode"};
constexpr Field kSize{124, 12, "size"};
constexpr Field kChecksum{148, 8, "chksum"};
constexpr std::size_t kTypeflagOffset = 156;
constexpr Field kLinkname{157, 100, "linkname"};
constexpr Field kMagic{257, 6, "magic"};
constexpr Field kVersion{263, 2, "version"};
constexpr Field kPrefix{345, 155, "prefix"};

constexpr std::string_view kUstarMagic{
    "ustar\0"
    "00",
    8};                                                // POSIX ustar and pax
constexpr std::string_view kGnuMagic{"ustar  \0", 8};  // GNU tar's own format

ByteSpan FieldBytes(ByteSpan block, const Field& field) {
  return block.subspan(field.offset, field.size);
}

// A NUL-terminated string field (no terminator when it fills the field).
std::string FieldString(ByteSpan block, const Field& field) {
  const ByteSpan bytes = FieldBytes(block, field);
  const auto end = std::find(bytes.begin(), bytes.end(), std::uint8_t{0});
  return {bytes.begin(), end};
}

bool IsPadding(std::uint8_t byte) { return byte == 0 || byte == ' '; }

Error BadNumber(const Field& field, ByteSpan bytes, std::string_view why) {
  return Malformed(std::string(field.name) + ": " + std::string(why) + ", found bytes " +
                   HexEncode(bytes));
}

// Octal digits, optionally led by spaces and ended by NUL or space (GNU writes "0000644\0",
// chksum as "012345\0 "). At least one digit; nothing but padding after the digits.
Result<std::uint64_t> ParseOctal(ByteSpan block, const Field& field) {
  const ByteSpan bytes = FieldBytes(block, field);
  if ((bytes[0] & 0x80) != 0) {
    return Fail(Unsupported(std::string(field.name) +
                            ": base-256 numbers (values of 8 GiB and more) are not supported"));
  }
  std::size_t i = 0;
  while (i < bytes.size() && bytes[i] == ' ') ++i;
  const std::size_t first_digit = i;
  std::uint64_t value = 0;
  for (; i < bytes.size() && bytes[i] >= '0' && bytes[i] <= '7'; ++i)
    value = value * 8 + static_cast<std::uint64_t>(bytes[i] - '0');
  if (i == first_digit) return Fail(BadNumber(field, bytes, "expected octal digits"));
  if (!std::all_of(bytes.begin() + static_cast<std::ptrdiff_t>(i), bytes.end(), IsPadding)) {
    return Fail(BadNumber(field, bytes, "expected octal digits ended by NUL or space"));
  }
  return value;  // at most 12 octal digits: 36 bits, no overflow
}

Status CheckChecksum(ByteSpan block) {
  VEIL_ASSIGN_OR_RETURN(std::uint64_t recorded, ParseOctal(block, kChecksum));
  std::uint64_t sum = std::accumulate(block.begin(), block.end(), std::uint64_t{0});
  const ByteSpan field = FieldBytes(block, kChecksum);
  sum = sum - std::accumulate(field.begin(), field.end(), std::uint64_t{0}) +
        std::uint64_t{' '} * kChecksum.size;
  if (sum != recorded) {
    return Fail(Malformed("header checksum: the block sums to " + std::to_string(sum) +
                          ", chksum records " + std::to_string(recorded) + " (corrupt header)"));
  }
  return {};
}

Result<bool> IsGnuFormat(ByteSpan block) {
  const ByteSpan magic = block.subspan(kMagic.offset, kMagic.size + kVersion.size);
  if (std::equal(magic.begin(), magic.end(), AsBytes(kUstarMagic).begin())) return false;
  if (std::equal(magic.begin(), magic.end(), AsBytes(kGnuMagic).begin())) return true;
  return Fail(Unsupported(
      "magic: expected \"ustar\\0\" \"00\" (POSIX) or \"ustar \" \" \\0\" (GNU), found bytes " +
      HexEncode(magic) + " (pre-POSIX tar formats are not supported)"));
}

}  // namespace

bool IsZeroBlock(ByteSpan block) {
  return std::all_of(block.begin(), block.end(), [](std::uint8_t byte) { return byte == 0; });
}

Result<HeaderBlock> ParseHeaderBlock(ByteSpan block) {
  if (block.size() != kBlockSize) {
    return Fail(Malformed("header block of " + std::to_string(block.size()) + " bytes, expected " +
                          std::to_string(kBlockSize)));
  }
  VEIL_TRY(CheckChecksum(block));
  VEIL_ASSIGN_OR_RETURN(const bool gnu, IsGnuFormat(block));
  HeaderBlock header;
  header.name = FieldString(block, kName);
  const std::string prefix = gnu ? std::string() : FieldString(block, kPrefix);
  if (!prefix.empty()) header.name = prefix + "/" + header.name;
  VEIL_ASSIGN_OR_RETURN(const std::uint64_t mode, ParseOctal(block, kMode));
  header.mode = static_cast<std::uint32_t>(mode & 07777);
  VEIL_ASSIGN_OR_RETURN(header.size, ParseOctal(block, kSize));
  header.typeflag = static_cast<char>(block[kTypeflagOffset]);
  header.linkname = FieldString(block, kLinkname);
  return header;
}

}  // namespace veil::payload::tar
