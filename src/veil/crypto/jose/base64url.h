#pragma once
// JOSE's base64url (RFC 7515 section 2): the URL-safe alphabet without '=' padding.

#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::crypto::jose {

// Strict decoding of an untrusted JOSE field: kMalformed naming `what` when the text is padded,
// has characters outside the alphabet, an impossible length or non-zero trailing bits.
Result<Bytes> DecodeBase64UrlField(std::string_view text, std::string_view what);

}  // namespace veil::crypto::jose
