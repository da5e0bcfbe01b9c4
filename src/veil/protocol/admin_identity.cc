#include "veil/protocol/admin_identity.h"

#include "veil/crypto/jose/jwk.h"

namespace veil::protocol {

Result<std::string> AdminActor(const crypto::PublicKey& key) {
  VEIL_ASSIGN_OR_RETURN(nlohmann::json jwk, crypto::jose::PublicKeyToJwk(key));
  VEIL_ASSIGN_OR_RETURN(std::string thumbprint, crypto::jose::JwkThumbprintSha256(jwk));
  return "admin:" + thumbprint.substr(0, 16);
}

}  // namespace veil::protocol
