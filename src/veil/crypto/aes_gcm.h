#pragma once
// AES-256-GCM (NIST SP 800-38D) with a 96-bit IV and a full 128-bit tag: the JWE "A256GCM"
// content encryption and Veil's at-rest encryption. The caller supplies a fresh IV per key.

#include <cstddef>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::crypto {

inline constexpr std::size_t kAesGcmKeySize = 32;
inline constexpr std::size_t kAesGcmIvSize = 12;
inline constexpr std::size_t kAesGcmTagSize = 16;

struct AesGcmSealed {
  Bytes ciphertext;  // as long as the plaintext
  Bytes tag;         // kAesGcmTagSize bytes
};

// kInvalidArgument when key or IV have the wrong size or an input exceeds INT_MAX bytes.
Result<AesGcmSealed> AesGcmSeal(ByteSpan key, ByteSpan iv, ByteSpan plaintext, ByteSpan aad);
// kVerificationFailed when the tag does not authenticate ciphertext and aad (no plaintext is
// released then); kInvalidArgument for wrong key, IV or tag sizes (truncated tags are refused).
Result<SecretBytes> AesGcmOpen(ByteSpan key, ByteSpan iv, ByteSpan ciphertext, ByteSpan tag,
                               ByteSpan aad);

}  // namespace veil::crypto
