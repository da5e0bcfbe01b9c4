#pragma once
// JWE key management for one recipient (RFC 7518 section 4): how the content encryption key
// (CEK) reaches the holder of the private key.
//   ECDH-ES+A256KW (section 4.6): an ephemeral key on the recipient's curve, Z = ECDH, KEK =
//     Concat KDF SHA-256 (AlgorithmID "ECDH-ES+A256KW", empty PartyUInfo and PartyVInfo,
//     SuppPubInfo 256), encrypted_key = AES-256 key wrap of the CEK; "epk" is the ephemeral
//     public JWK.
//   RSA-OAEP-256 (section 4.3): encrypted_key = RSA-OAEP (SHA-256, MGF1-SHA-256) of the CEK.

#include <nlohmann/json.hpp>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/public_key.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::crypto::jose {

inline constexpr std::string_view kEcdhEsA256kw = "ECDH-ES+A256KW";
inline constexpr std::string_view kRsaOaep256 = "RSA-OAEP-256";

struct EncryptedCek {
  nlohmann::json epk;  // the ephemeral public JWK for ECDH-ES, null for RSA-OAEP-256
  Bytes encrypted_key;
};

// The algorithm this recipient key is used with: EC -> ECDH-ES+A256KW, RSA -> RSA-OAEP-256,
// anything else kUnsupported.
Result<std::string_view> KeyManagementAlgorithmFor(KeyType type);

// kInvalidArgument when `alg` does not fit the key.
Result<EncryptedCek> EncryptCek(std::string_view alg, const PublicKey& recipient, ByteSpan cek);
// `epk` is the header's "epk" (nullptr when absent; required for ECDH-ES, where its curve must
// be the recipient's). kVerificationFailed when the key does not unwrap.
Result<SecretBytes> DecryptCek(std::string_view alg, const PrivateKey& recipient,
                               const nlohmann::json* epk, ByteSpan encrypted_key);

}  // namespace veil::crypto::jose
