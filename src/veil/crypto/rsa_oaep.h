#pragma once
// RSAES-OAEP (RFC 8017 section 7.1) with SHA-256 and MGF1-SHA-256, empty label: the JWA
// "RSA-OAEP-256" key encryption.

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/public_key.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::crypto {

// kInvalidArgument for a non-RSA key or a plaintext longer than the modulus allows
// (modulus bytes - 66).
Result<Bytes> RsaOaepSha256Encrypt(const PublicKey& key, ByteSpan plaintext);
// kVerificationFailed for any decryption failure, with one message whatever the cause (no
// padding-oracle detail leaves this function).
Result<SecretBytes> RsaOaepSha256Decrypt(const PrivateKey& key, ByteSpan ciphertext);

}  // namespace veil::crypto
