#pragma once
// Signature verification. Each function returns success only when the signature is valid;
// a well-formed but wrong signature is kVerificationFailed, an unusable key kInvalidArgument.

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/public_key.h"

namespace veil::crypto {

// ECDSA with the signature as a DER Ecdsa-Sig-Value.
Status VerifyEcdsaDer(const PublicKey& key, DigestAlgorithm digest, ByteSpan message,
                      ByteSpan der_signature);
// ECDSA with r and s as big-endian unsigned integers (any length up to the curve order size).
Status VerifyEcdsaRaw(const PublicKey& key, DigestAlgorithm digest, ByteSpan message, ByteSpan r,
                      ByteSpan s);
// RSASSA-PKCS1-v1_5.
Status VerifyRsaPkcs1(const PublicKey& key, DigestAlgorithm digest, ByteSpan message,
                      ByteSpan signature);
// RSASSA-PSS with MGF1 over the same digest. salt_length < 0 accepts any salt length.
Status VerifyRsaPss(const PublicKey& key, DigestAlgorithm digest, ByteSpan message,
                    ByteSpan signature, int salt_length = -1);
// Pure Ed25519 (RFC 8032): the signature is 64 bytes; the message is not pre-hashed.
Status VerifyEd25519(const PublicKey& key, ByteSpan message, ByteSpan signature);

}  // namespace veil::crypto
