#pragma once
// JSON Web Keys (RFC 7517) for public keys: EC P-256/P-384/P-521 (RFC 7518 section 6.2),
// RSA (section 6.3) and Ed25519 (RFC 8037, kty "OKP"), and their RFC 7638 thumbprints.

#include <nlohmann/json.hpp>
#include <string>

#include "veil/base/result.h"
#include "veil/crypto/public_key.h"

namespace veil::crypto::jose {

// The JWK with the required members only: {"kty":"EC","crv","x","y"} with x and y at the
// curve's full width, {"kty":"RSA","n","e"}, {"kty":"OKP","crv":"Ed25519","x"}; all values
// unpadded base64url. kUnsupported for other key types and curves.
Result<nlohmann::json> PublicKeyToJwk(const PublicKey& key);

// Strict import of an untrusted public JWK:
//   - kty, and per kty crv/x/y, n/e or crv/x, must be present strings (kMalformed);
//   - private members (d, p, q, dp, dq, qi, oth, k) are refused (kMalformed): a private key
//     where a public one is expected is a caller bug that must not go unnoticed;
//   - EC coordinates must be exactly the curve's width and the point on the curve; RSA n and e
//     must have no leading zero octet, n 2048..16384 bits, e odd and at least 3; Ed25519 x
//     32 bytes (kMalformed);
//   - other kty (oct) and curves (secp256k1, X25519, ...) are kUnsupported.
// Other members (alg, use, kid, ...) are allowed; "alg", when present, must be a string.
Result<PublicKey> PublicKeyFromJwk(const nlohmann::json& jwk);

// RFC 7638 thumbprint with SHA-256, base64url: the hash of the canonical JSON of the required
// members. The JWK is imported first (PublicKeyFromJwk's errors apply).
Result<std::string> JwkThumbprintSha256(const nlohmann::json& jwk);

}  // namespace veil::crypto::jose
