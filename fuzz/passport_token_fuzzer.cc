// libFuzzer target: bytes offered as a Bearer token to the passport verifier (JWT decoding, key
// selection by kid, header jwk or x5c, chain decoding and validation), and the same bytes as a
// JWKS document. The verifier trusts a JWKS (kid "as-1") and a CA made at start-up; no seed
// signature verifies, so what is fuzzed is everything before and around the signature check.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "veil/base/base64.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate_issuer.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/private_key.h"
#include "veil/passport/passport_verifier.h"

namespace {

using namespace veil;

const TimePoint kNow = std::chrono::system_clock::from_time_t(1'790'000'000);
std::unique_ptr<passport::PassportVerifier> verifier;

std::string Pem(const crypto::Certificate& certificate) {
  const std::string body = Base64Encode(certificate.Der());
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (std::size_t at = 0; at < body.size(); at += 64) pem += body.substr(at, 64) + "\n";
  return pem + "-----END CERTIFICATE-----\n";
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  char dir[] = "/tmp/veil-passport-fuzz-XXXXXX";
  VEIL_CHECK(mkdtemp(dir) != nullptr);
  const auto key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  nlohmann::json jwk = crypto::jose::PublicKeyToJwk(key.GetPublicKey()).value();
  jwk["kid"] = "as-1";
  const std::string jwks = std::string(dir) + "/as.jwks";
  std::ofstream(jwks) << nlohmann::json{{"keys", {jwk}}}.dump();
  const auto ca = crypto::IssueCertificate({.common_name = "fuzz CA",
                                            .organization = "",
                                            .subject_key = key.GetPublicKey(),
                                            .serial = 1,
                                            .not_before = kNow - std::chrono::hours(1),
                                            .not_after = kNow + std::chrono::hours(1),
                                            .is_ca = true,
                                            .extensions = {}},
                                           {.key = key})
                      .value();
  const std::string anchors = std::string(dir) + "/ca.pem";
  std::ofstream(anchors) << Pem(ca);
  verifier =
      passport::PassportVerifier::Create({.jwks = {jwks}, .certificates = {anchors}}, kNow).value();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)verifier->Verify(text, kNow);
  (void)veil::passport::ParseJwks(text, "fuzz");
  return 0;
}
