// libFuzzer target: the Authorization header of an admin request (a Bearer JWT) as the
// AdminAuthenticator reads it, against fixed Ed25519 and P-256 admin keys.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "veil/admin/admin_authenticator.h"
#include "veil/base/clock.h"
#include "veil/crypto/private_key.h"
#include "veil/http/message/request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace veil;
  static const FixedClock kClock(TimePoint(std::chrono::seconds(1735689600)));
  static const admin::AdminAuthenticator kAuthenticator = [] {
    std::vector<crypto::PublicKey> keys;
    keys.push_back(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEd25519)->GetPublicKey());
    keys.push_back(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256)->GetPublicKey());
    return admin::AdminAuthenticator(std::move(keys), kClock,
                                     admin::AdminTokenRules{.max_age = std::chrono::seconds(300)});
  }();
  http::Request request;
  request.method = "POST";
  request.path = "/kbs/v0/resource-policy";
  request.headers.Set("Authorization", std::string(reinterpret_cast<const char*>(data), size));
  (void)kAuthenticator.Authenticate(request);
  return 0;
}
