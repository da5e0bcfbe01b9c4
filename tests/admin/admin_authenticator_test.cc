#include "veil/admin/admin_authenticator.h"

#include <gtest/gtest.h>

#include <limits>

#include "veil/crypto/jose/jws.h"
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
        authenticator_(Keys(admin_), clock_, AdminTokenRules{}) {}

  static std::vector<crypto::PublicKey> Keys(const crypto::PrivateKey& key) {
    std::vector<crypto::PublicKey> keys;
    keys.push_back(key.GetPublicKey());
    return keys;
  }

  http::Request WithToken(const crypto::PrivateKey& key, std::int64_t iat_offset,
                          std::int64_t exp_offset) {
    const std::int64_t now = UnixSeconds(clock_.Now());
    return WithClaims(key, {{"iat", now + iat_offset},
                            {"exp", now + exp_offset},
                            {"jti", "token-" + std::to_string(++tokens_)}});
  }

  static http::Request WithClaims(const crypto::PrivateKey& key, const nlohmann::json& claims) {
    // SignJws, not SignJwt: JCS refuses integers beyond 2^53, a hostile signer need not.
    http::Request request;
    request.headers.Add(
        "Authorization",
        "Bearer " + crypto::jose::SignJws(key, {{"typ", "JWT"}}, AsBytes(claims.dump())).value());
    return request;
  }

  int tokens_ = 0;
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

http::Request SignedWithClaims(const crypto::PrivateKey& key, const nlohmann::json& claims) {
  http::Request request;
  request.headers.Add(
      "Authorization",
      "Bearer " + crypto::jose::SignJws(key, {{"typ", "JWT"}}, AsBytes(claims.dump())).value());
  return request;
}

void ExpectRefused(const Result<std::string>& actor, std::string_view reason) {
  ASSERT_FALSE(actor) << reason;
  EXPECT_EQ(actor.error().code, ErrorCode::kPolicyDenied);
  EXPECT_NE(actor.error().message.find(reason), std::string::npos) << actor.error().message;
}

// now - iat overflowed for iat = -2^63 and the wrapped (negative) age passed the check.
TEST_F(AdminAuthenticatorTest, RefusesAncientIatWhoseAgeWouldOverflow) {
  const std::int64_t now = UnixSeconds(clock_.Now());
  for (const nlohmann::json& iat :
       {nlohmann::json(std::numeric_limits<std::int64_t>::min()),
        nlohmann::json(std::numeric_limits<std::int64_t>::min() + 1), nlohmann::json(-now)}) {
    ExpectRefused(authenticator_.Authenticate(
                      WithClaims(admin_, {{"iat", iat}, {"exp", now + 60}, {"jti", "old"}})),
                  "s allowed before now");
  }
  ExpectRefused(authenticator_.Authenticate(
                    WithClaims(admin_, {{"iat", std::numeric_limits<std::uint64_t>::max()},
                                        {"exp", now + 60},
                                        {"jti", "huge"}})),
                "refused");
}

TEST_F(AdminAuthenticatorTest, RefusesAReplayedToken) {
  const http::Request request = WithToken(admin_, 0, 60);
  ASSERT_TRUE(authenticator_.Authenticate(request));
  ExpectRefused(authenticator_.Authenticate(request), "was already used");
  // Still refused later while the token is otherwise valid.
  clock_.Set(clock_.Now() + std::chrono::seconds(50));
  ExpectRefused(authenticator_.Authenticate(request), "was already used");
  // A fresh token from the same key is fine.
  EXPECT_TRUE(authenticator_.Authenticate(WithToken(admin_, 0, 60)));
}

TEST_F(AdminAuthenticatorTest, RefusesATokenWithoutAUsableJti) {
  const std::int64_t now = UnixSeconds(clock_.Now());
  ExpectRefused(authenticator_.Authenticate(WithClaims(admin_, {{"iat", now}, {"exp", now + 60}})),
                "has no string \"jti\"");
  ExpectRefused(authenticator_.Authenticate(
                    WithClaims(admin_, {{"iat", now}, {"exp", now + 60}, {"jti", 7}})),
                "has no string \"jti\"");
  ExpectRefused(authenticator_.Authenticate(
                    WithClaims(admin_, {{"iat", now}, {"exp", now + 60}, {"jti", ""}})),
                "1..128 characters, got 0");
  ExpectRefused(authenticator_.Authenticate(WithClaims(
                    admin_, {{"iat", now}, {"exp", now + 60}, {"jti", std::string(129, 'j')}})),
                "1..128 characters, got 129");
}

TEST(AdminAuthenticator, WhenTheReplayMemoryIsFullNewTokensAreRefusedUntilOldOnesAgeOut) {
  FixedClock clock(TimePoint{} + std::chrono::hours(500000));
  const auto admin = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEd25519).value();
  std::vector<crypto::PublicKey> keys;
  keys.push_back(admin.GetPublicKey());
  const AdminAuthenticator authenticator(std::move(keys), clock, AdminTokenRules{},
                                         /*replay_capacity=*/2);
  auto token = [&](const std::string& jti) {
    const std::int64_t now = UnixSeconds(clock.Now());
    http::Request request;
    request.headers.Add(
        "Authorization",
        "Bearer " + crypto::jose::SignJwt(admin, nlohmann::json::object(),
                                          {{"iat", now}, {"exp", now + 600}, {"jti", jti}})
                        .value());
    return request;
  };
  const http::Request first = token("a");
  ASSERT_TRUE(authenticator.Authenticate(first));
  ASSERT_TRUE(authenticator.Authenticate(token("b")));
  ExpectRefused(authenticator.Authenticate(token("c")), "no room for another");
  // Past iat + max_age the remembered tokens could not be accepted anyway: they are forgotten,
  // and the old token is still refused, now by its age.
  clock.Set(clock.Now() + std::chrono::seconds(301));
  ExpectRefused(authenticator.Authenticate(first), "s allowed before now");
  EXPECT_TRUE(authenticator.Authenticate(token("c")));
}

// CoCo's docker-compose admin token, byte for byte as kbs/config/docker-compose/setup.sh builds it:
// EdDSA, header {"alg":"EdDSA","typ":"JWT"}, the claims in setup.sh's order, 10 years, no jti.
http::Request CocoAdminTokenRequest(const crypto::PrivateKey& key, std::int64_t iat) {
  const std::string payload =
      R"({"iss":"TrusteeInDocker","sub":"admin","aud":["KBS"],"role":"admin","iat":)" +
      std::to_string(iat) + R"(,"exp":)" + std::to_string(iat + 315360000) + "}";
  const std::string token =
      crypto::jose::SignJws(key, {{"alg", "EdDSA"}, {"typ", "JWT"}}, AsBytes(payload)).value();
  EXPECT_EQ(token.substr(0, token.find('.')), "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9");
  http::Request request;
  request.headers.Add("Authorization", "Bearer " + token);
  return request;
}

class CocoAdminToken : public ::testing::Test {
 protected:
  CocoAdminToken()
      : clock_(TimePoint{} + std::chrono::seconds(1767225600)),  // 2026-01-01
        admin_(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEd25519).value()) {}

  AdminAuthenticator With(AdminTokenRules rules) {
    std::vector<crypto::PublicKey> keys;
    keys.push_back(admin_.GetPublicKey());
    return AdminAuthenticator(std::move(keys), clock_, std::move(rules));
  }

  static AdminTokenRules CocoRules() {
    return {.max_age = std::chrono::seconds(315360000),
            .reusable_tokens = true,
            .issuer = "TrusteeInDocker",
            .audience = "KBS"};
  }

  FixedClock clock_;
  crypto::PrivateKey admin_;
};

TEST_F(CocoAdminToken, IsRefusedByDefaultWithTheOptionThatAllowsIt) {
  const AdminAuthenticator authenticator = With(AdminTokenRules{});
  const std::int64_t now = UnixSeconds(clock_.Now());
  ExpectRefused(authenticator.Authenticate(CocoAdminTokenRequest(admin_, now)),
                "[admin] reusable_tokens = true");
  // A larger age alone is not enough: the jti is still required.
  const AdminAuthenticator older = With({.max_age = std::chrono::seconds(315360000)});
  ExpectRefused(older.Authenticate(CocoAdminTokenRequest(admin_, now)), "has no string \"jti\"");
}

TEST_F(CocoAdminToken, IsAcceptedAgainAndAgainUnderExplicitConfiguration) {
  const AdminAuthenticator authenticator = With(CocoRules());
  const std::int64_t issued = UnixSeconds(clock_.Now());
  const http::Request request = CocoAdminTokenRequest(admin_, issued);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(authenticator.Authenticate(request).value(),
              protocol::AdminActor(admin_.GetPublicKey()).value());
  }
  // Still accepted just before its tenth birthday (exp = iat + 315360000), refused after it.
  clock_.Set(clock_.Now() + std::chrono::seconds(315360000 - 1));
  EXPECT_TRUE(authenticator.Authenticate(request));
  clock_.Set(clock_.Now() + std::chrono::seconds(60));
  ExpectRefused(authenticator.Authenticate(request), "refused");
}

TEST_F(CocoAdminToken, ATokenWithAJtiStaysSingleUseWhenReusableTokensAreAllowed) {
  const AdminAuthenticator authenticator = With(CocoRules());
  const std::int64_t now = UnixSeconds(clock_.Now());
  const http::Request request = SignedWithClaims(admin_, {{"iss", "TrusteeInDocker"},
                                                          {"aud", "KBS"},
                                                          {"iat", now},
                                                          {"exp", now + 60},
                                                          {"jti", "once"}});
  ASSERT_TRUE(authenticator.Authenticate(request));
  ExpectRefused(authenticator.Authenticate(request), "was already used");
  // A jti that is present but unusable is refused, not treated as absent.
  ExpectRefused(authenticator.Authenticate(SignedWithClaims(admin_, {{"iss", "TrusteeInDocker"},
                                                                     {"aud", "KBS"},
                                                                     {"iat", now},
                                                                     {"exp", now + 60},
                                                                     {"jti", 7}})),
                "has no string \"jti\"");
}

TEST_F(CocoAdminToken, IssuerAndAudienceAreCheckedWhenConfigured) {
  const std::int64_t now = UnixSeconds(clock_.Now());
  const AdminAuthenticator other_issuer = With({.reusable_tokens = true, .issuer = "corp-idp"});
  ExpectRefused(other_issuer.Authenticate(CocoAdminTokenRequest(admin_, now)),
                R"(expected "iss" "corp-idp" ([admin] issuer), got "TrusteeInDocker")");
  const AdminAuthenticator other_audience = With({.reusable_tokens = true, .audience = "veil"});
  ExpectRefused(other_audience.Authenticate(CocoAdminTokenRequest(admin_, now)),
                R"(expected "aud" to be or contain "veil" ([admin] audience), got ["KBS"])");
  // "aud" as a single string counts too; a missing one does not.
  const AdminAuthenticator checks = With({.reusable_tokens = true, .audience = "KBS"});
  EXPECT_TRUE(checks.Authenticate(
      SignedWithClaims(admin_, {{"aud", "KBS"}, {"iat", now}, {"exp", now + 60}})));
  ExpectRefused(checks.Authenticate(SignedWithClaims(admin_, {{"iat", now}, {"exp", now + 60}})),
                "got none");
  // Without configured checks, iss and aud are not looked at.
  EXPECT_TRUE(With({.max_age = std::chrono::seconds(315360000), .reusable_tokens = true})
                  .Authenticate(CocoAdminTokenRequest(admin_, now)));
}

TEST(AdminAuthenticator, WithoutKeysEverythingIsRefused) {
  const FixedClock clock(TimePoint{});
  const AdminAuthenticator authenticator({}, clock, AdminTokenRules{});
  auto actor = authenticator.Authenticate(http::Request{});
  ASSERT_FALSE(actor);
  EXPECT_NE(actor.error().message.find("no admin key is configured"), std::string::npos);
}

}  // namespace
}  // namespace veil::admin
