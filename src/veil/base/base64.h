#pragma once
// Base64 (RFC 4648 section 4, padded) and base64url (section 5, unpadded as JOSE uses it).

#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil {

std::string Base64Encode(ByteSpan bytes);
std::string Base64UrlEncode(ByteSpan bytes);
// Strict: rejects characters outside the alphabet, bad padding and non-zero trailing bits.
// Padding is optional for both alphabets; whitespace is not accepted.
Result<Bytes> Base64Decode(std::string_view text);
Result<Bytes> Base64UrlDecode(std::string_view text);

}  // namespace veil
