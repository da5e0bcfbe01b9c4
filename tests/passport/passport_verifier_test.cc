// Tokens from attestation services the owner trusts: the verifying key comes from what the owner
// configured (a JWKS by kid or by the header's jwk, or an x5c chain to a trusted certificate),
// never from the token alone.

#include "veil/passport/passport_verifier.h"

#include <gtest/gtest.h>
#include <openssl/bn.h>

#include <atomic>
#include <fstream>
#include <mutex>

#include "veil/base/base64.h"
#include "veil/crypto/jose/base64url.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/private_key.h"
#include "veil/http/server/server.h"
#include "veil/testing/certificate_chain.h"
#include "veil/testing/scratch_dir.h"

namespace veil::passport {
namespace {

using crypto::KeyAlgorithm;
using crypto::PrivateKey;
using nlohmann::json;

const TimePoint kNow = std::chrono::system_clock::from_time_t(1'790'000'000);

std::int64_t Unix(TimePoint at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

json Claims(TimePoint expires = kNow + std::chrono::minutes(5)) {
  return {{"iss", "other-attestation-service"},
          {"iat", Unix(kNow)},
          {"exp", Unix(expires)},
          {"submods", {{"cpu0", {{"ear.status", "affirming"}}}}}};
}

json Jwk(const PrivateKey& key) { return crypto::jose::PublicKeyToJwk(key.GetPublicKey()).value(); }

std::string Sign(const PrivateKey& key, const json& header, const json& claims = Claims()) {
  return crypto::jose::SignJwt(key, header, claims).value();
}

// The same ES256 token with s replaced by n - s: as valid, in the form a signer that does not
// normalise (CoCo's attestation service) produces half of the time.
std::string HighSTwin(const std::string& token) {
  const std::size_t dot = token.rfind('.');
  Bytes signature = crypto::jose::DecodeBase64UrlField(token.substr(dot + 1), "sig").value();
  BIGNUM* order = nullptr;
  BN_hex2bn(&order, "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
  BIGNUM* s = BN_bin2bn(signature.data() + 32, 32, nullptr);
  BN_sub(s, order, s);
  BN_bn2binpad(s, signature.data() + 32, 32);
  BN_free(s);
  BN_free(order);
  return token.substr(0, dot + 1) + Base64UrlEncode(signature);
}

class PassportVerifierTest : public ::testing::Test {
 protected:
  PassportVerifierTest()
      : dir_("passport"),
        service_key_(PrivateKey::Generate(KeyAlgorithm::kEcP256).value()),
        other_key_(PrivateKey::Generate(KeyAlgorithm::kEcP256).value()) {}

  std::string WriteJwks(const std::string& name, const json& keys) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << json{{"keys", keys}}.dump();
    return path;
  }

  // Trusts `service_key_` as kid "as-1" in a JWKS file.
  std::unique_ptr<PassportVerifier> TrustingTheJwks() {
    json jwk = Jwk(service_key_);
    jwk["kid"] = "as-1";
    jwks_path_ = WriteJwks("as.jwks", json::array({jwk}));
    return PassportVerifier::Create({.jwks = {jwks_path_}}, kNow).value();
  }

  testing::ScratchDir dir_;
  PrivateKey service_key_;
  PrivateKey other_key_;
  std::string jwks_path_;
};

TEST_F(PassportVerifierTest, AcceptsATokenWhoseKidIsInATrustedJwks) {
  const auto verifier = TrustingTheJwks();
  const auto token = verifier->Verify(Sign(service_key_, {{"kid", "as-1"}}), kNow);
  ASSERT_TRUE(token) << token.error().ToString();
  EXPECT_EQ(token->trusted_by, jwks_path_);
  EXPECT_EQ(token->claims["iss"], "other-attestation-service");
}

TEST_F(PassportVerifierTest, AcceptsAHeaderJwkThatATrustedJwksHoldsInEitherSForm) {
  // CoCo's attestation service names its key only by the header jwk, and does not normalise S.
  const auto verifier = TrustingTheJwks();
  const std::string token = Sign(service_key_, {{"jwk", Jwk(service_key_)}});
  ASSERT_TRUE(verifier->Verify(token, kNow));
  const auto twin = verifier->Verify(HighSTwin(token), kNow);
  ASSERT_TRUE(twin) << twin.error().ToString();
  EXPECT_EQ(twin->trusted_by, jwks_path_);
}

TEST_F(PassportVerifierTest, RefusesAKeyNoTrustedSourceVouchesFor) {
  const auto verifier = TrustingTheJwks();
  // Self-consistent (signed by the key it carries), but no one the owner trusts vouches for it.
  const auto selfmade = verifier->Verify(Sign(other_key_, {{"jwk", Jwk(other_key_)}}), kNow);
  ASSERT_FALSE(selfmade);
  EXPECT_EQ(selfmade.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(selfmade.error().message.find("no trusted attestation service vouches for the "
                                          "token's key (no kid, jwk thumbprint "),
            std::string::npos)
      << selfmade.error().message;
  // A trusted kid on a token another key signed.
  const auto forged = verifier->Verify(Sign(other_key_, {{"kid", "as-1"}}), kNow);
  ASSERT_FALSE(forged);
  EXPECT_NE(forged.error().message.find("signature does not verify with the key " + jwks_path_),
            std::string::npos)
      << forged.error().message;
  EXPECT_FALSE(verifier->Verify(Sign(other_key_, {{"kid", "as-2"}}), kNow));
  EXPECT_FALSE(verifier->Verify("not.a.token", kNow));
}

TEST_F(PassportVerifierTest, RefusesExpiredTokensAndTokensWithoutExpiry) {
  const auto verifier = TrustingTheJwks();
  const auto expired = verifier->Verify(
      Sign(service_key_, {{"kid", "as-1"}}, Claims(kNow - std::chrono::minutes(1))), kNow);
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message.find("token from " + jwks_path_ + ": "), std::string::npos);
  json forever = Claims();
  forever.erase("exp");
  EXPECT_FALSE(verifier->Verify(Sign(service_key_, {{"kid", "as-1"}}, forever), kNow));
  // Within the 30 s leeway for clock skew.
  EXPECT_TRUE(verifier->Verify(
      Sign(service_key_, {{"kid", "as-1"}}, Claims(kNow - std::chrono::seconds(10))), kNow));
}

TEST_F(PassportVerifierTest, AcceptsAnX5cChainToATrustedCertificateOnly) {
  auto chain = testing::IssueTestChain(service_key_.GetPublicKey(), kNow);
  json jwk = Jwk(service_key_);
  jwk["x5c"] = {Base64Encode(chain[0].Der()), Base64Encode(chain[1].Der())};
  const std::string anchors = (dir_ / "as-ca.pem").string();
  std::vector<crypto::Certificate> ca;
  ca.push_back(std::move(chain[1]));
  std::ofstream(anchors) << testing::ChainPem(ca);
  const auto verifier = PassportVerifier::Create({.certificates = {anchors}}, kNow).value();

  const auto token = verifier->Verify(Sign(service_key_, {{"jwk", jwk}}), kNow);
  ASSERT_TRUE(token) << token.error().ToString();
  EXPECT_EQ(token->trusted_by, anchors);
  // x5c in the header itself works the same.
  ASSERT_TRUE(verifier->Verify(Sign(service_key_, {{"x5c", jwk["x5c"]}}), kNow));

  // A chain from another CA, and a header jwk that is not the leaf's key, are refused.
  const auto foreign_chain = testing::IssueTestChain(service_key_.GetPublicKey(), kNow);
  const json foreign_x5c = {Base64Encode(foreign_chain[0].Der()),
                            Base64Encode(foreign_chain[1].Der())};
  const auto untrusted = verifier->Verify(Sign(service_key_, {{"x5c", foreign_x5c}}), kNow);
  ASSERT_FALSE(untrusted);
  EXPECT_NE(untrusted.error().message.find("leads to no trusted certificate; " + anchors + ": "),
            std::string::npos)
      << untrusted.error().message;
  json swapped = Jwk(other_key_);
  swapped["x5c"] = jwk["x5c"];
  const auto mismatch = verifier->Verify(Sign(other_key_, {{"jwk", swapped}}), kNow);
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().message, "the header jwk is not the key of the x5c leaf certificate");
  // The leaf's certificate has expired by then.
  EXPECT_FALSE(verifier->Verify(Sign(service_key_, {{"jwk", jwk}}), kNow + std::chrono::hours(48)));
}

// A JWKS served over HTTP whose key rotates.
class RotatingJwks {
 public:
  RotatingJwks() {
    http::ServerOptions options;
    options.port = 0;
    server_ = http::Server::Start(options, [this](const http::Request&) {
                ++requests_;
                const std::lock_guard lock(mutex_);
                return http::Response::Json(200, served_);
              }).value();
  }
  void Serve(json jwks) {
    const std::lock_guard lock(mutex_);
    served_ = std::move(jwks);
  }
  int requests() const { return requests_; }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/.well-known/jwks.json";
  }

 private:
  std::unique_ptr<http::Server> server_;
  std::mutex mutex_;
  json served_;
  std::atomic<int> requests_{0};
};

TEST_F(PassportVerifierTest, AnUnknownKidReloadsUrlSourcesAtMostOncePerInterval) {
  RotatingJwks jwks;
  json old_jwk = Jwk(service_key_);
  old_jwk["kid"] = "old";
  jwks.Serve({{"keys", {old_jwk}}});
  const auto verifier =
      PassportVerifier::Create({.jwks = {jwks.url()}, .refresh_interval = std::chrono::seconds(60)},
                               kNow)
          .value();
  ASSERT_EQ(jwks.requests(), 1);

  json new_jwk = Jwk(other_key_);
  new_jwk["kid"] = "new";
  jwks.Serve({{"keys", {old_jwk, new_jwk}}});
  const std::string rotated = Sign(other_key_, {{"kid", "new"}});
  // Within the interval of the first load: not asked again, refused.
  EXPECT_FALSE(verifier->Verify(rotated, kNow + std::chrono::seconds(10)));
  EXPECT_EQ(jwks.requests(), 1);
  // After it: one reload, and the rotated key is trusted.
  const TimePoint later = kNow + std::chrono::seconds(61);
  const auto accepted = verifier->Verify(
      Sign(other_key_, {{"kid", "new"}}, Claims(later + std::chrono::minutes(5))), later);
  ASSERT_TRUE(accepted) << accepted.error().ToString();
  EXPECT_EQ(accepted->trusted_by, jwks.url());
  EXPECT_EQ(jwks.requests(), 2);
  // Unknown kids do not make it ask again within the interval.
  EXPECT_FALSE(verifier->Verify(Sign(other_key_, {{"kid", "unknown"}}), later));
  EXPECT_EQ(jwks.requests(), 2);
}

TEST_F(PassportVerifierTest, CreateNamesWhatItCannotTrust) {
  EXPECT_EQ(PassportVerifier::Create({}, kNow).error().message,
            "no trusted attestation service: name a JWKS or certificates");
  EXPECT_FALSE(PassportVerifier::Create({.jwks = {"http://as.example.com/jwks"}}, kNow));
  const auto missing = PassportVerifier::Create({.jwks = {(dir_ / "none.jwks").string()}}, kNow);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("none.jwks"), std::string::npos);
  const std::string empty = (dir_ / "empty.pem").string();
  std::ofstream(empty) << "";
  const auto no_certificates = PassportVerifier::Create({.certificates = {empty}}, kNow);
  ASSERT_FALSE(no_certificates);
  EXPECT_NE(no_certificates.error().message.find("holds no PEM certificate"), std::string::npos)
      << no_certificates.error().message;
}

}  // namespace
}  // namespace veil::passport
