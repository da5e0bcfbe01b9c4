#pragma once
// The raw parts of a public key, as JWK (RFC 7517/7518/8037) and other raw formats carry them,
// and the one constructor PublicKey lacks (raw Ed25519). EC keys from coordinates and RSA keys
// from n and e are built with PublicKey::FromEcPoint and PublicKey::FromRsa.

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/public_key.h"

namespace veil::crypto {

inline constexpr std::size_t kEd25519PublicKeySize = 32;

struct EcPublicPoint {
  EcCurve curve;
  Bytes x;  // big-endian, exactly EcCoordinateSize(curve) bytes
  Bytes y;
};

struct RsaPublicComponents {
  Bytes modulus;   // big-endian, no leading zero byte
  Bytes exponent;  // big-endian, no leading zero byte
};

// kInvalidArgument when the key is of another type (or an EC key on another curve).
Result<EcPublicPoint> GetEcPublicPoint(const PublicKey& key);
Result<RsaPublicComponents> GetRsaPublicComponents(const PublicKey& key);
// The 32-byte RFC 8032 encoding of an Ed25519 key.
Result<Bytes> GetEd25519PublicKey(const PublicKey& key);

// kMalformed unless `raw` is 32 bytes.
Result<PublicKey> Ed25519PublicKeyFromRaw(ByteSpan raw);

}  // namespace veil::crypto
