#include "veil/admin/admin_authenticator.h"

#include <gtest/gtest.h>

#include "veil/crypto/jose/jwt.h"
#include "veil/protocol/admin_identity.h"

namespace veil::admin {
namespace {

class AdminAuthenticatorTest : public ::testing::Test {
 protected:
  AdminAuthenticatorTest()
      : clock_(TimePoint{} + std::chrono::hours(500000)),
        admin_(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEd25519).value()),
        other_(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value()),
        authenticator_(Keys(admin_), clock_, std::chrono::seconds(300)) {}

  static std::vector<crypto::PublicKey> Keys(const crypto::PrivateKey& key) {
    std::vector<crypto::PublicKey> keys;
    keys.push_back(key.GetPublicKey());
    return keys;
  }

  http::Request WithToken(const crypto::PrivateKey& key, std::int64_t iat_offset,
                          std::int64_t exp_offset) {
    const std::int64_t now = UnixSeconds(clock_.Now());
    nlohmann::json claims = {{"iat", now + iat_offset}, {"exp", now + exp_offset}};
    http::Request request;
    request.headers.Add(
        "Authorization",
        "Bearer " + crypto::jose::SignJwt(key, nlohmann::json::object(), claims).value());
    return request;
  }

  FixedClock clock_;
  crypto::PrivateKey admin_;
  crypto::PrivateKey other_;
  AdminAuthenticator authenticator_;
};

TEST_F(AdminAuthenticatorTest, AcceptsAFreshTokenAndNamesTheKey) {
  EXPECT_EQ(authenticator_.Authenticate(WithToken(admin_, 0, 60)).value(),
            protocol::AdminActor(admin_.GetPublicKey()).value());
}

TEST_F(AdminAuthenticatorTest, RefusesEveryOtherToken) {
  const std::pair<http::Request, const char*> cases[] = {
      {http::Request{}, "Authorization: Bearer"},
      {WithToken(other_, 0, 60), "not signed by any configured admin key"},
      {WithToken(admin_, -120, -60), "expired"},
      {WithToken(admin_, -600, 60), "more than the 300 s allowed"},
  };
  for (const auto& [request, reason] : cases) {
    auto actor = authenticator_.Authenticate(request);
    ASSERT_FALSE(actor) << reason;
    EXPECT_EQ(actor.error().code, ErrorCode::kPolicyDenied);
    EXPECT_NE(actor.error().message.find(reason), std::string::npos) << actor.error().message;
  }
  http::Request garbage;
  garbage.headers.Add("Authorization", "Bearer not-a-jwt");
  EXPECT_FALSE(authenticator_.Authenticate(garbage));
}

TEST(AdminAuthenticator, WithoutKeysEverythingIsRefused) {
  const FixedClock clock(TimePoint{});
  const AdminAuthenticator authenticator({}, clock, std::chrono::seconds(300));
  auto actor = authenticator.Authenticate(http::Request{});
  ASSERT_FALSE(actor);
  EXPECT_NE(actor.error().message.find("no admin key is configured"), std::string::npos);
}

}  // namespace
}  // namespace veil::admin
