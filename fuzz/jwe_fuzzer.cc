// libFuzzer target: flattened JSON JWE as the KBS returns a resource, decrypted with fixed
// P-256 (ECDH-ES+A256KW) and RSA-2048 (RSA-OAEP-256) keys as the guest does.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/crypto/jose/jwe.h"
#include "veil/crypto/private_key.h"
#include "veil/json/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace veil::crypto;
  static const PrivateKey kEc = *PrivateKey::Generate(KeyAlgorithm::kEcP256);
  static const PrivateKey kRsa = *PrivateKey::Generate(KeyAlgorithm::kRsa2048);
  auto jwe = veil::json::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!jwe) return 0;
  (void)jose::DecryptJwe(kEc, *jwe);
  (void)jose::DecryptJwe(kRsa, *jwe);
  return 0;
}
