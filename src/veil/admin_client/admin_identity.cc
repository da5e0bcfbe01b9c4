#include "veil/admin_client/admin_identity.h"

#include "veil/crypto/jose/jwk.h"

namespace veil::admin_client {

Result<std::string> AdminActor(const crypto::PublicKey& key) {
  VEIL_ASSIGN_OR_RETURN(nlohmann::json jwk, crypto::jose::PublicKeyToJwk(key));
  VEIL_ASSIGN_OR_RETURN(std::string thumbprint, crypto::jose::JwkThumbprintSha256(jwk));
  return "admin:" + thumbprint.substr(0, 16);
}

}  // namespace veil::admin_client
