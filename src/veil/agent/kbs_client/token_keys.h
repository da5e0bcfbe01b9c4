#pragma once
// The trustee's token-signing keys, pinned by the node's owner ([trustee] token_key). With them
// the agent checks the attestation token's signature before it believes its status: over plain
// HTTP, or through a TLS terminator it does not control, a machine in the middle could otherwise
// hand back an "affirming" token of its own. The file holds one of:
//   - a PEM public key ("-----BEGIN PUBLIC KEY-----"), e.g. `openssl pkey -pubout` of the
//     trustee's token-signing-key.pem;
//   - a public JWK (a JSON object with "kty");
//   - a JWK set ({"keys": [...]}), e.g. the trustee's /.well-known/jwks.json fetched over a
//     channel the owner trusts. A token signed by any of its keys is accepted.
// Algorithms follow crypto/jose/jws.h: ES256/384/512 (low-S only) and EdDSA; no RSA, no "none".

#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/base/result.h"
#include "veil/crypto/public_key.h"

namespace veil::agent {

// kInvalidArgument when the file cannot be read or holds none of the forms above (the message
// names the file); at most 1 MiB is read.
Result<std::vector<crypto::PublicKey>> LoadTokenKeys(const std::filesystem::path& file);

// The token's claims once its signature verifies with one of `keys`; kVerificationFailed
// ("the attestation token is not signed by the pinned trustee key: ...") otherwise.
Result<nlohmann::json> VerifiedTokenClaims(std::string_view jwt,
                                           std::span<const crypto::PublicKey> keys);

}  // namespace veil::agent
