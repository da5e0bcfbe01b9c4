#pragma once
// Flattened JSON JWE (RFC 7516 section 7.2.2) exactly as the KBS protocol returns a resource
// (docs/kbs-protocol.md section 3):
//   {"protected": b64url(header), "encrypted_key", "iv", "ciphertext", "tag"}
// with header {"alg", "enc": "A256GCM", "epk"?} serialized as JCS, content encrypted with
// AES-256-GCM under a fresh random 32-byte CEK and a random 12-byte IV, and the GCM AAD the
// ASCII of the "protected" value. Key management: see key_management.h.

#include <nlohmann/json.hpp>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::crypto::jose {

// Encrypts `plaintext` to the public JWK of a TEE. The JWK's kty picks the algorithm (EC ->
// ECDH-ES+A256KW on the same curve, RSA -> RSA-OAEP-256); a JWK "alg" must agree with it.
// kUnsupported for "alg": "RSA1_5" (padding-oracle prone, refused on purpose), other algs and
// key types; the JWK is imported strictly (see PublicKeyFromJwk).
Result<nlohmann::json> EncryptJwe(const nlohmann::json& recipient_jwk, ByteSpan plaintext);

// What a guest does with the response. kMalformed for a missing or mistyped member, bad
// base64url, an IV other than 12 or a tag other than 16 bytes, a CEK other than 32 bytes;
// kUnsupported for enc other than A256GCM, an alg that does not fit `key` (including RSA1_5),
// "zip", "crit", and the JWE members "aad", "header", "unprotected", "recipients";
// kVerificationFailed when the key does not unwrap or the tag does not authenticate.
Result<SecretBytes> DecryptJwe(const PrivateKey& key, const nlohmann::json& jwe);

}  // namespace veil::crypto::jose
