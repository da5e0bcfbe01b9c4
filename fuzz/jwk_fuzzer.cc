// libFuzzer target: strict import of an untrusted public JWK (a TEE's "tee-pubkey", an admin
// token's key); what imports must export, re-import to the same key and have a thumbprint.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/base/result.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/json/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace veil::crypto;
  auto jwk = veil::json::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!jwk) return 0;
  auto key = jose::PublicKeyFromJwk(*jwk);
  if (!key) return 0;
  VEIL_CHECK(jose::JwkThumbprintSha256(*jwk).has_value());
  auto exported = jose::PublicKeyToJwk(*key);
  VEIL_CHECK(exported.has_value());
  auto again = jose::PublicKeyFromJwk(*exported);
  VEIL_CHECK(again.has_value() && again->SpkiDer() == key->SpkiDer());
  return 0;
}
