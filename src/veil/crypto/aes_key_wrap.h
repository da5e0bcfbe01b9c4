#pragma once
// AES-256 key wrap (RFC 3394, the JWA "A256KW" algorithm) with the default IV A6A6A6A6A6A6A6A6.

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::crypto {

// `kek` is 32 bytes; `key` is at least 16 bytes and a multiple of 8. The result is 8 bytes
// longer than `key`. kInvalidArgument on other sizes.
Result<Bytes> AesKeyWrap(ByteSpan kek, ByteSpan key);
// Inverse of AesKeyWrap. kMalformed when `wrapped` is not a multiple of 8 of at least 24 bytes,
// kVerificationFailed when the integrity check fails (wrong KEK or altered data).
Result<SecretBytes> AesKeyUnwrap(ByteSpan kek, ByteSpan wrapped);

}  // namespace veil::crypto
