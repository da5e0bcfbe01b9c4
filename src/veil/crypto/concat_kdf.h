#pragma once
// The single-step key derivation of NIST SP 800-56A rev. 3 section 5.8 ("Concat KDF") with
// SHA-256, as JWA ECDH-ES uses it (RFC 7518 section 4.6.2): the output is
// SHA-256(counter || Z || OtherInfo) for counter = 1, 2, ... concatenated and truncated.
// OpenSSL's "SSKDF" does the work; the caller assembles OtherInfo.

#include <cstddef>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::crypto {

// `key_bytes` of derived key material from `shared_secret` (Z) and `other_info`
// (AlgorithmID || PartyUInfo || PartyVInfo || SuppPubInfo || SuppPrivInfo).
// kInvalidArgument for an empty secret or a key_bytes of 0 or above 1 MiB.
Result<SecretBytes> ConcatKdfSha256(ByteSpan shared_secret, std::size_t key_bytes,
                                    ByteSpan other_info);

}  // namespace veil::crypto
