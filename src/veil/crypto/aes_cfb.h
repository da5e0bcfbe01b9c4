#pragma once
// AES in full-block cipher feedback mode (CFB128, NIST SP 800-38A 6.3), with 128-, 192- or
// 256-bit keys: the TPM's symmetric protection of credential and duplication blobs (TCG TPM 2.0
// Library Part 1, rev 1.59, 11.4.6.3). CFB is unauthenticated; callers add their own integrity.

#include <cstddef>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::crypto {

inline constexpr std::size_t kAesBlockSize = 16;

// kInvalidArgument for a key that is not 16, 24 or 32 bytes, an IV that is not 16 bytes, or an
// input above INT_MAX bytes. The output is as long as the input.
Result<Bytes> AesCfbEncrypt(ByteSpan key, ByteSpan iv, ByteSpan plaintext);
Result<SecretBytes> AesCfbDecrypt(ByteSpan key, ByteSpan iv, ByteSpan ciphertext);

}  // namespace veil::crypto
