// libFuzzer target: CoCo sealed secrets as a Kubernetes Secret value carries them to the guest
// (`veil pod secret inspect` reads them too): the sealed.<header>.<payload>.<signature> string,
// its JWS header and secret JSON, then the signature against a fixed P-256 key.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/crypto/private_key.h"
#include "veil/sealed_secret/sealed_string.h"
#include "veil/sealed_secret/verify.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace veil;
  static const crypto::PublicKey kKey =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256)->GetPublicKey();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto sealed = sealed_secret::ParseSealedSecret(text);
  if (sealed) (void)sealed_secret::VerifySealedSecret(*sealed, kKey);
  (void)sealed_secret::ParseVerificationKey(text);
  return 0;
}
