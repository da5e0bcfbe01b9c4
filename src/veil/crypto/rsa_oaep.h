#pragma once
// RSAES-OAEP (RFC 8017 section 7.1). With SHA-256, MGF1-SHA-256 and an empty label it is the
// JWA "RSA-OAEP-256" key encryption; with a label and the key's nameAlg, the TPM's secret sharing
// (TCG TPM 2.0 Library Part 1, rev 1.59, B.10.3: the label ends with its NUL, "IDENTITY\0").

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/digest.h"
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

// The same with `digest` for the OAEP hash and MGF1, and `label` (possibly empty).
Result<Bytes> RsaOaepEncrypt(const PublicKey& key, DigestAlgorithm digest, ByteSpan label,
                             ByteSpan plaintext);
Result<SecretBytes> RsaOaepDecrypt(const PrivateKey& key, DigestAlgorithm digest, ByteSpan label,
                                   ByteSpan ciphertext);

}  // namespace veil::crypto
