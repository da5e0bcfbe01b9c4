// libFuzzer target: compact JWS, decoded unverified (to pick a key) and verified against fixed
// P-256 and Ed25519 keys (algorithm checks, signature decoding).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/crypto/jose/jws.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/public_key.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace veil::crypto;
  static const PublicKey kEc = PrivateKey::Generate(KeyAlgorithm::kEcP256)->GetPublicKey();
  static const PublicKey kEd = PrivateKey::Generate(KeyAlgorithm::kEd25519)->GetPublicKey();
  const std::string_view compact(reinterpret_cast<const char*>(data), size);
  (void)jose::DecodeJwsUnverified(compact);
  (void)jose::VerifyJws(compact, kEc);
  (void)jose::VerifyJws(compact, kEd);
  return 0;
}
