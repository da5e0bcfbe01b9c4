#pragma once
// HMAC (RFC 2104, FIPS 198-1) over one of the digests in digest.h, through OpenSSL's EVP_MAC.

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/digest.h"

namespace veil::crypto {

// The full-length tag (DigestSize(algorithm) bytes). kInvalidArgument for an empty key.
Result<Bytes> Hmac(DigestAlgorithm algorithm, ByteSpan key, ByteSpan data);

}  // namespace veil::crypto
