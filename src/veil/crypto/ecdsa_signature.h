#pragma once
// The two encodings of an ECDSA signature: DER Ecdsa-Sig-Value (X.509, OpenSSL) and the fixed
// width r||s concatenation JWS uses (RFC 7518 section 3.4).

#include <cstddef>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/public_key.h"

namespace veil::crypto {

// DER -> r||s with r and s left-padded to `coordinate_size` bytes each (32 for P-256, 48 for
// P-384, 66 for P-521). kMalformed on bad DER, trailing bytes or a value wider than the size.
Result<Bytes> EcdsaDerToRaw(ByteSpan der, std::size_t coordinate_size);
// r||s (two equal halves) -> DER. kMalformed on an empty or odd-length input.
Result<Bytes> EcdsaRawToDer(ByteSpan raw);

// Low-S (as in BIP 62 and libsecp256k1): for every valid (r, s), (r, n - s) is valid too, so a
// verifier that wants one encoding per signature accepts only s <= n/2, n the curve's order.
// True when the big-endian `s` (any width) is at most n/2 of `curve`.
Result<bool> EcdsaIsLowS(EcCurve curve, ByteSpan s);
// r||s (two equal halves) with s replaced by n - s when s > n/2: the same signature in its one
// low-S form. kMalformed on an odd-length input or halves wider than the curve's coordinates.
Result<Bytes> EcdsaNormalizeLowS(EcCurve curve, ByteSpan raw);

}  // namespace veil::crypto
