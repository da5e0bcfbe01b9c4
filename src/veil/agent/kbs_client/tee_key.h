#pragma once
// The TEE's ephemeral key pair for one agent run: generated in memory, never written anywhere.
// Its public JWK goes into the attestation request (bound by the report data), and the trustee
// encrypts every released secret to it, so only this process inside the TEE can open them.

#include <nlohmann/json.hpp>

#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::agent {

enum class TeeKeyAlgorithm { kEcP256, kRsa2048 };

class TeeKey {
 public:
  // kInternal only when OpenSSL cannot generate a key.
  static Result<TeeKey> Generate(TeeKeyAlgorithm algorithm);

  // The public JWK with "alg": "ECDH-ES+A256KW" (EC) or "RSA-OAEP-256" (RSA), as CoCo sends it.
  const nlohmann::json& public_jwk() const { return public_jwk_; }
  // Opens a flattened JWE the trustee encrypted to this key.
  Result<crypto::SecretBytes> Decrypt(const nlohmann::json& jwe) const;

 private:
  TeeKey(crypto::PrivateKey key, nlohmann::json public_jwk)
      : key_(std::move(key)), public_jwk_(std::move(public_jwk)) {}

  crypto::PrivateKey key_;
  nlohmann::json public_jwk_;
};

}  // namespace veil::agent
