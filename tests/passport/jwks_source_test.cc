// Where trusted JWKS come from and which of their keys count.

#include "veil/passport/jwks_source.h"

#include <gtest/gtest.h>

#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/private_key.h"
#include "veil/http/server/server.h"

namespace veil::passport {
namespace {

nlohmann::json PublicJwk(crypto::KeyAlgorithm algorithm) {
  const auto key = crypto::PrivateKey::Generate(algorithm).value();
  return crypto::jose::PublicKeyToJwk(key.GetPublicKey()).value();
}

TEST(JwksLocation, HttpsAndPathsAreTakenPlainHttpOnlyOnLoopback) {
  for (const char* accepted :
       {"https://as.example.com/.well-known/jwks.json", "http://127.0.0.1:8080/jwks",
        "http://127.8.9.10/jwks", "http://localhost:1/jwks", "http://[::1]:8080/jwks",
        "http://user@127.0.0.1/jwks", "/etc/veil/coco-as-jwks.json", "relative/jwks.json"}) {
    EXPECT_TRUE(ValidateJwksLocation(accepted)) << accepted;
  }
  for (const char* refused :
       {"http://as.example.com/jwks", "http://10.0.0.1/jwks", "http://127.0.0.1.example.com/",
        "http://localhost@evil.example/jwks", "ftp://127.0.0.1/jwks", "file:///etc/jwks.json"}) {
    EXPECT_FALSE(ValidateJwksLocation(refused)) << refused;
  }
  EXPECT_NE(ValidateJwksLocation("http://as.example.com/jwks").error().message.find("use https://"),
            std::string::npos);
}

TEST(JwksDocument, KeysThatCannotVerifySignaturesAreLeftOutWithTheReason) {
  nlohmann::json signing = PublicJwk(crypto::KeyAlgorithm::kEcP256);
  signing["kid"] = "token-key";
  signing["use"] = "sig";
  nlohmann::json encryption = PublicJwk(crypto::KeyAlgorithm::kEcP256);
  encryption["use"] = "enc";
  const nlohmann::json symmetric = {{"kty", "oct"}, {"k", "c2VjcmV0"}};
  const nlohmann::json jwks = {
      {"keys", {encryption, signing, symmetric, PublicJwk(crypto::KeyAlgorithm::kEd25519)}}};

  const auto loaded = ParseJwks(jwks.dump(), "as.jwks").value();
  ASSERT_EQ(loaded.keys.size(), 2u);
  EXPECT_EQ(loaded.keys[0].kid, "token-key");
  EXPECT_EQ(loaded.keys[0].source, "as.jwks");
  EXPECT_EQ(loaded.keys[1].kid, "");
  ASSERT_EQ(loaded.skipped.size(), 2u);
  EXPECT_EQ(loaded.skipped[0], "key 0: use \"enc\" is not for signatures");
  EXPECT_NE(loaded.skipped[1].find("key 2: "), std::string::npos) << loaded.skipped[1];
}

TEST(JwksDocument, ASetWithoutAUsableKeyIsRefused) {
  EXPECT_EQ(ParseJwks(R"({"keys": []})", "empty.jwks").error().message,
            "empty.jwks: no key in the JWKS can verify signatures");
  EXPECT_EQ(ParseJwks(R"({"key": []})", "typo.jwks").error().message,
            "typo.jwks: a JWKS needs a \"keys\" array");
  EXPECT_FALSE(ParseJwks("[]", "array.jwks"));
  EXPECT_FALSE(ParseJwks(R"({"keys": [{"kty": "EC"}]})", "broken.jwks"));
}

TEST(JwksDocument, AnUnreachableOrFailingSourceIsNamed) {
  http::ServerOptions options;
  options.port = 0;
  auto server = http::Server::Start(options, [](const http::Request&) {
                  return http::Response::Text(404, "Not Found");
                }).value();
  const std::string url = "http://127.0.0.1:" + std::to_string(server->port()) + "/jwks";
  const auto answered = LoadJwks(url, std::chrono::seconds(5));
  ASSERT_FALSE(answered);
  EXPECT_EQ(answered.error().message, "the JWKS at " + url + " answered HTTP 404");
  const auto missing = LoadJwks("/nonexistent/veil/jwks.json", std::chrono::seconds(5));
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("cannot read the JWKS file /nonexistent/veil/jwks.json"),
            std::string::npos)
      << missing.error().message;
}

}  // namespace
}  // namespace veil::passport
