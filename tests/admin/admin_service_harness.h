#pragma once
// An AdminService over testing::FakeStore with one configured admin key, for the admin endpoint
// tests: requests are signed by that admin (each with its own jti) unless anonymous.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "veil/admin/admin_service.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/random.h"
#include "veil/protocol/admin_identity.h"
#include "veil/testing/fake_store.h"

namespace veil::admin {

inline const TimePoint kT0 = ParseRfc3339("2026-03-01T12:00:00Z").value();

inline nlohmann::json Body(const http::Response& response) {
  return nlohmann::json::parse(response.body, nullptr, false);
}

class AdminServiceHarness : public ::testing::Test {
 protected:
  AdminServiceHarness()
      : admin_(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEd25519).value()),
        authenticator_(Keys(admin_), clock_, AdminTokenRules{}),
        sealer_(kbs::SecretSealer::Create(crypto::RandomSecretBytes(32)).value()),
        service_(authenticator_, store_, sealer_, clock_) {}

  static std::vector<crypto::PublicKey> Keys(const crypto::PrivateKey& key) {
    std::vector<crypto::PublicKey> keys;
    keys.push_back(key.GetPublicKey());
    return keys;
  }

  // A request as the server hands it over, signed by the configured admin unless `anonymous`.
  http::Request Request(std::string method, std::string path, std::string body = "",
                        bool anonymous = false) {
    http::Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.body = std::move(body);
    request.peer = "127.0.0.1:40000";
    if (!anonymous) {
      const std::int64_t now = UnixSeconds(clock_.Now());
      // Admin tokens are single-use: each request carries its own jti.
      const nlohmann::json claims = {
          {"iat", now}, {"exp", now + 60}, {"jti", std::to_string(++tokens_)}};
      request.headers.Add(
          "Authorization",
          "Bearer " + crypto::jose::SignJwt(admin_, nlohmann::json::object(), claims).value());
    }
    return request;
  }

  std::vector<audit::AuditEntry> Audit() { return store::ReadAllAudit(store_).value(); }
  std::string Actor() { return protocol::AdminActor(admin_.GetPublicKey()).value(); }

  FixedClock clock_{kT0};
  veil::testing::FakeStore store_{clock_};
  crypto::PrivateKey admin_;
  AdminAuthenticator authenticator_;
  kbs::SecretSealer sealer_;
  AdminService service_;
  int tokens_ = 0;
};

}  // namespace veil::admin
