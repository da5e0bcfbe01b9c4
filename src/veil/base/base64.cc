#include "veil/base/base64.h"

#include <array>

namespace veil {
namespace {

constexpr std::string_view kStandard =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrl =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Encode(ByteSpan bytes, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n =
        (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    out.push_back(alphabet[(n >> 18) & 63]);
    out.push_back(alphabet[(n >> 12) & 63]);
    out.push_back(alphabet[(n >> 6) & 63]);
    out.push_back(alphabet[n & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint32_t{bytes[i]} << 16;
    if (rest == 2) n |= std::uint32_t{bytes[i + 1]} << 8;
    out.push_back(alphabet[(n >> 18) & 63]);
    out.push_back(alphabet[(n >> 12) & 63]);
    if (rest == 2) out.push_back(alphabet[(n >> 6) & 63]);
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

Result<Bytes> Decode(std::string_view text, std::string_view alphabet) {
  std::array<int, 256> value{};
  value.fill(-1);
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    value[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);

  std::size_t padding = 0;
  while (!text.empty() && text.back() == '=' && padding < 2) {
    text.remove_suffix(1);
    ++padding;
  }
  if (padding > 0 && (text.size() + padding) % 4 != 0)
    return Fail(InvalidArgument("base64: bad padding"));
  if (text.size() % 4 == 1)
    return Fail(InvalidArgument("base64: impossible length " + std::to_string(text.size())));

  Bytes out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t accumulator = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int v = value[static_cast<unsigned char>(text[i])];
    if (v < 0)
      return Fail(InvalidArgument("base64: invalid character at position " + std::to_string(i)));
    accumulator = (accumulator << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((accumulator >> bits) & 0xff));
    }
  }
  if ((accumulator & ((1u << bits) - 1)) != 0)
    return Fail(InvalidArgument("base64: non-zero trailing bits"));
  return out;
}

}  // namespace

std::string Base64Encode(ByteSpan bytes) { return Encode(bytes, kStandard, true); }
std::string Base64UrlEncode(ByteSpan bytes) { return Encode(bytes, kUrl, false); }
Result<Bytes> Base64Decode(std::string_view text) { return Decode(text, kStandard); }
Result<Bytes> Base64UrlDecode(std::string_view text) { return Decode(text, kUrl); }

}  // namespace veil
