#include "veil/kbs/resource_service.h"

#include <gtest/gtest.h>

#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/random.h"
#include "veil/kbs/http_mapping.h"
#include "veil/kbs/session_table.h"
#include "veil/store/sqlite/sqlite_store.h"
#include "veil/testing/scratch_dir.h"

namespace veil::kbs {
namespace {

using namespace std::chrono_literals;

// A resource service over a real (temporary) store, a fixed clock and a fresh signing key.
class SessionCookieExpiryTest : public ::testing::Test {
 protected:
  SessionCookieExpiryTest()
      : clock_(TimePoint{} + std::chrono::hours(500000)),
        store_(store::sqlite::OpenSqliteStore(store::sqlite::SqliteStoreFile(dir_.path()), clock_)
                   .value()),
        sessions_(clock_, /*ttl=*/600s),
        signer_(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value()),
        sealer_(SecretSealer::Create(crypto::RandomSecretBytes(32)).value()),
        context_{clock_, *store_, sessions_, signer_, sealer_, metrics_, /*token_ttl=*/60s},
        service_(context_) {}

  // An attested session whose token expires `token_ttl` from now.
  std::string AttestedSession(std::chrono::seconds token_ttl) {
    const auto tee_key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
    const nlohmann::json jwk = crypto::jose::PublicKeyToJwk(tee_key.GetPublicKey()).value();
    const std::int64_t now = UnixSeconds(clock_.Now());
    const nlohmann::json claims = {{"iat", now},
                                   {"exp", now + token_ttl.count()},
                                   {"jti", "token-1"},
                                   {"submods",
                                    {{"cpu0",
                                      {{"ear.status", "affirming"},
                                       {"ear.appraisal-policy-id", "test"},
                                       {"ear.trustworthiness-vector", nlohmann::json::object()},
                                       {"ear.veraison.annotated-evidence",
                                        {{"sample", nlohmann::json::object()},
                                         {"runtime_data_claims", {{"tee-pubkey", jwk}}}}}}}}}};
    const Session session = sessions_.Create(protocol::TeeKind::kSample).value();
    EXPECT_TRUE(sessions_.MarkAttested(session.id, signer_.Sign(claims).value()));
    return session.id;
  }

  http::Response GetWithCookie(const std::string& session_id) {
    http::Request request;
    request.method = "GET";
    request.path = std::string(kResourcePrefix) + "prod/key/web";
    request.headers.Add("Cookie", std::string(kSessionCookie) + "=" + session_id);
    return service_.Get(request);
  }

  testing::ScratchDir dir_{"resource-service"};
  FixedClock clock_;
  std::unique_ptr<store::Store> store_;
  SessionTable sessions_;
  token::EarSigner signer_;
  SecretSealer sealer_;
  metrics::Registry metrics_;
  KbsContext context_;
  ResourceService service_;
};

std::string Detail(const http::Response& response) {
  return nlohmann::json::parse(response.body, nullptr, false).value("detail", "");
}

// The cookie path used the claims kept in the session and never looked at their exp: with
// token_ttl < session_ttl a session went on releasing secrets after its token had expired.
TEST_F(SessionCookieExpiryTest, TheSessionCookieStopsWorkingWhenItsTokenExpires) {
  const std::string session = AttestedSession(60s);
  clock_.Set(clock_.Now() + 59s);
  const http::Response live = GetWithCookie(session);
  EXPECT_EQ(Detail(live).find("expired"), std::string::npos) << live.body;
  EXPECT_NE(Detail(live).find("prod/key/web"), std::string::npos) << live.body;  // policy/store

  clock_.Set(clock_.Now() + 1s);  // the token's exp; the session itself lives 540 s more
  ASSERT_TRUE(sessions_.Find(session));
  const http::Response expired = GetWithCookie(session);
  EXPECT_EQ(expired.status, 401u);
  EXPECT_NE(expired.body.find("TokenNotFound"), std::string::npos) << expired.body;
  EXPECT_NE(Detail(expired).find("JWT expired at"), std::string::npos) << expired.body;
}

}  // namespace
}  // namespace veil::kbs
