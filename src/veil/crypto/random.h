#pragma once
// Random bytes from OpenSSL's CSPRNG (RAND_bytes). A failing generator is not recoverable:
// these abort through VEIL_CHECK rather than hand back predictable bytes.

#include <cstddef>

#include "veil/base/bytes.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::crypto {

// Public randomness: nonces, IVs, session ids.
Bytes RandomBytes(std::size_t count);
// Secret randomness: content encryption keys and other key material.
SecretBytes RandomSecretBytes(std::size_t count);

}  // namespace veil::crypto
