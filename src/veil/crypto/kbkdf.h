#pragma once
// The key derivation of NIST SP 800-108 in counter mode with HMAC, as the TPM's KDFa uses it
// (TCG TPM 2.0 Library Part 1, rev 1.59, 11.4.10.2): each block is
// HMAC(key, [i]32 || Label || 0x00 || Context || [L]32), with the 32-bit big-endian counter i
// from 1 and L the output length in bits, concatenated and truncated. OpenSSL's "KBKDF" does the
// work.

#include <cstddef>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::crypto {

// `key_bytes` of key material from `key`. `label` is given without its terminating NUL (the
// derivation inserts the 0x00 separator); `context` is the caller's concatenation (for KDFa,
// contextU || contextV). kInvalidArgument for an empty key or label, or a key_bytes of 0 or above
// 64 KiB.
Result<SecretBytes> KbkdfHmacCounter(DigestAlgorithm digest, ByteSpan key, std::string_view label,
                                     ByteSpan context, std::size_t key_bytes);

}  // namespace veil::crypto
