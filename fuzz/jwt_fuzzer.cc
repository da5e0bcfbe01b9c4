// libFuzzer target: JWTs (compact JWS with a JSON object payload), decoded unverified and
// verified against a fixed Ed25519 key; the time-claim checks run on what decodes.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/base/clock.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/jose/jwt_time.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/public_key.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace veil::crypto;
  static const PublicKey kEd = PrivateKey::Generate(KeyAlgorithm::kEd25519)->GetPublicKey();
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  (void)jose::VerifyJwt(token, kEd);
  auto jwt = jose::DecodeJwtUnverified(token);
  if (!jwt) return 0;
  // NumericDates at the edges of what a double and a time_point hold must not overflow.
  (void)jose::CheckJwtTimes(jwt->claims, veil::TimePoint(std::chrono::seconds(1735689600)),
                            std::chrono::seconds(60));
  return 0;
}
