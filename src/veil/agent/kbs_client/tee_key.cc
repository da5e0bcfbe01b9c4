#include "veil/agent/kbs_client/tee_key.h"

#include "veil/crypto/jose/jwe.h"
#include "veil/crypto/jose/jwk.h"

namespace veil::agent {

Result<TeeKey> TeeKey::Generate(TeeKeyAlgorithm algorithm) {
  const bool rsa = algorithm == TeeKeyAlgorithm::kRsa2048;
  VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey key,
                        crypto::PrivateKey::Generate(rsa ? crypto::KeyAlgorithm::kRsa2048
                                                         : crypto::KeyAlgorithm::kEcP256));
  VEIL_ASSIGN_OR_RETURN(nlohmann::json jwk, crypto::jose::PublicKeyToJwk(key.GetPublicKey()));
  jwk["alg"] = rsa ? "RSA-OAEP-256" : "ECDH-ES+A256KW";
  return TeeKey(std::move(key), std::move(jwk));
}

Result<crypto::SecretBytes> TeeKey::Decrypt(const nlohmann::json& jwe) const {
  return crypto::jose::DecryptJwe(key_, jwe);
}

}  // namespace veil::agent
