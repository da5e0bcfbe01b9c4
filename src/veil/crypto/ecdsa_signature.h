#pragma once
// The two encodings of an ECDSA signature: DER Ecdsa-Sig-Value (X.509, OpenSSL) and the fixed
// width r||s concatenation JWS uses (RFC 7518 section 3.4).

#include <cstddef>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::crypto {

// DER -> r||s with r and s left-padded to `coordinate_size` bytes each (32 for P-256, 48 for
// P-384, 66 for P-521). kMalformed on bad DER, trailing bytes or a value wider than the size.
Result<Bytes> EcdsaDerToRaw(ByteSpan der, std::size_t coordinate_size);
// r||s (two equal halves) -> DER. kMalformed on an empty or odd-length input.
Result<Bytes> EcdsaRawToDer(ByteSpan raw);

}  // namespace veil::crypto
