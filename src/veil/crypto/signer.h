#pragma once
// Signing with a PrivateKey. ECDSA produces a DER Ecdsa-Sig-Value (see ecdsa_signature.h for the
// raw r||s form JWS uses), RSA uses RSASSA-PKCS1-v1_5, Ed25519 is pure EdDSA (RFC 8032) and
// ignores `digest`.

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/private_key.h"

namespace veil::crypto {

// kInvalidArgument when OpenSSL refuses the key/digest pair (e.g. SHA-1 with Ed25519 is fine,
// it is ignored; an unknown digest is not).
Result<Bytes> Sign(const PrivateKey& key, DigestAlgorithm digest, ByteSpan message);

}  // namespace veil::crypto
