#include "veil/crypto/jose/jwk.h"

#include <gtest/gtest.h>

#include "veil/base/base64.h"
#include "veil/crypto/private_key.h"

namespace veil::crypto::jose {
namespace {

using nlohmann::json;

// RFC 7515 appendix A.3 P-256 public key.
const json kEcJwk = {{"kty", "EC"},
                     {"crv", "P-256"},
                     {"x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"},
                     {"y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}};

// RFC 7638 section 3.1 example key and thumbprint.
const json kRfc7638Jwk = {
    {"kty", "RSA"},
    {"n",
     "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
     "BJECPebWKRXjBZCiFV4n3oknj"
     "hMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
     "FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQ"
     "vRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-"
     "csFCur-kEgU8awapJz"
     "KnqDKgw"},
    {"e", "AQAB"},
    {"alg", "RS256"},
    {"kid", "2011-04-29"}};

// RFC 8037 appendix A.2 Ed25519 public key.
const json kOkpJwk = {
    {"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}};

json With(json jwk, const std::string& name, json value) {
  jwk[name] = std::move(value);
  return jwk;
}

json Without(json jwk, const std::string& name) {
  jwk.erase(name);
  return jwk;
}

Error ImportError(const json& jwk) {
  auto key = PublicKeyFromJwk(jwk);
  EXPECT_FALSE(key) << jwk.dump();
  return key ? Error{} : key.error();
}

TEST(Jwk, ThumbprintsMatchRfc7638AndRfc8037) {
  EXPECT_EQ(JwkThumbprintSha256(kRfc7638Jwk).value(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  EXPECT_EQ(JwkThumbprintSha256(kOkpJwk).value(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  // Optional members do not change the thumbprint; key material does.
  EXPECT_EQ(JwkThumbprintSha256(With(kOkpJwk, "kid", "x")).value(),
            JwkThumbprintSha256(kOkpJwk).value());
  EXPECT_NE(JwkThumbprintSha256(kEcJwk).value(), JwkThumbprintSha256(kOkpJwk).value());
  EXPECT_FALSE(JwkThumbprintSha256(With(kOkpJwk, "d", "AAAA")));
}

TEST(Jwk, ImportsTheRfcKeysAndExportsThemBack) {
  EXPECT_EQ(PublicKeyToJwk(PublicKeyFromJwk(kEcJwk).value()).value(), kEcJwk);
  EXPECT_EQ(PublicKeyToJwk(PublicKeyFromJwk(kOkpJwk).value()).value(), kOkpJwk);
  const json rsa = PublicKeyToJwk(PublicKeyFromJwk(kRfc7638Jwk).value()).value();
  EXPECT_EQ(rsa, (json{{"kty", "RSA"}, {"n", kRfc7638Jwk["n"]}, {"e", "AQAB"}}));
  EXPECT_EQ(PublicKeyFromJwk(kRfc7638Jwk).value().bits(), 2048);
}

TEST(Jwk, RoundTripsGeneratedKeysOfEveryType) {
  for (auto algorithm : {KeyAlgorithm::kEcP256, KeyAlgorithm::kEcP384, KeyAlgorithm::kEcP521,
                         KeyAlgorithm::kEd25519, KeyAlgorithm::kRsa2048}) {
    const PublicKey key = PrivateKey::Generate(algorithm).value().GetPublicKey();
    auto jwk = PublicKeyToJwk(key);
    ASSERT_TRUE(jwk) << jwk.error().ToString();
    auto back = PublicKeyFromJwk(*jwk);
    ASSERT_TRUE(back) << back.error().ToString();
    EXPECT_TRUE(back->Equals(key)) << key.Describe();
  }
  const json p521 =
      PublicKeyToJwk(PrivateKey::Generate(KeyAlgorithm::kEcP521).value().GetPublicKey()).value();
  EXPECT_EQ(p521["x"].get<std::string>().size(), 88u);  // 66 bytes, unpadded base64url
}

TEST(Jwk, RefusesPrivateMembers) {
  for (const char* name : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}) {
    const Error error = ImportError(With(kEcJwk, name, "AAAA"));
    EXPECT_EQ(error.message,
              "JWK carries private member \"" + std::string(name) + "\"; expected a public key");
    EXPECT_EQ(error.context, "jwk");
  }
}

TEST(Jwk, RefusesMissingAndMistypedMembers) {
  EXPECT_EQ(ImportError(Without(kEcJwk, "kty")).message, "missing string member \"kty\"");
  EXPECT_EQ(ImportError(Without(kEcJwk, "crv")).message, "missing string member \"crv\"");
  EXPECT_EQ(ImportError(Without(kEcJwk, "y")).message, "missing string member \"y\"");
  EXPECT_EQ(ImportError(Without(kRfc7638Jwk, "e")).message, "missing string member \"e\"");
  EXPECT_EQ(ImportError(Without(kOkpJwk, "x")).message, "missing string member \"x\"");
  EXPECT_EQ(ImportError(With(kEcJwk, "x", 5)).message, "member \"x\" must be a string, got number");
  EXPECT_EQ(ImportError(With(kEcJwk, "alg", 5)).message,
            "member \"alg\" must be a string, got number");
  EXPECT_EQ(ImportError(json::array()).message, "JWK must be a JSON object, got array");
}

TEST(Jwk, RefusesBadEncodingsAndLengths) {
  EXPECT_EQ(ImportError(With(kEcJwk, "x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU=")).message,
            "JWK member \"x\": base64url must not be padded with '='");
  EXPECT_EQ(ImportError(With(kEcJwk, "x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVE+")).code,
            ErrorCode::kMalformed);
  // A P-256 coordinate written without its leading zero, or padded to P-384 width.
  EXPECT_EQ(ImportError(With(kEcJwk, "x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvR")).message,
            "JWK P-256 coordinates of 30 and 32 bytes, expected 32 each");
  EXPECT_EQ(ImportError(With(kOkpJwk, "x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUQ")).message,
            "Ed25519 public key of 31 bytes, expected 32");
}

TEST(Jwk, RefusesPointsOffTheCurve) {
  const Error error = ImportError(With(kEcJwk, "y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a4"));
  EXPECT_EQ(error.code, ErrorCode::kMalformed);
  EXPECT_NE(error.message.find("invalid EC public key"), std::string::npos) << error.message;
  // The P-256 point claimed to be on P-384 fails the length check first.
  EXPECT_EQ(ImportError(With(kEcJwk, "crv", "P-384")).code, ErrorCode::kMalformed);
}

TEST(Jwk, RefusesWeakOrMalformedRsa) {
  EXPECT_EQ(ImportError(With(kRfc7638Jwk, "n", "AA" + kRfc7638Jwk["n"].get<std::string>())).code,
            ErrorCode::kMalformed);  // leading zero octet (plus bit shift)
  EXPECT_EQ(ImportError(With(kRfc7638Jwk, "e", "AAEAAQ")).message,
            "JWK RSA member \"e\" has a leading zero octet");
  EXPECT_EQ(ImportError(With(kRfc7638Jwk, "e", "AQAA")).message,
            "JWK RSA exponent must be odd and at least 3");
  EXPECT_EQ(ImportError(With(kRfc7638Jwk, "e", "AQ")).message,
            "JWK RSA exponent must be odd and at least 3");
  EXPECT_EQ(ImportError(With(kRfc7638Jwk, "n", "")).message, "JWK RSA member \"n\" is empty");
  // 1024-bit modulus: the first 128 bytes of the RFC modulus.
  const Bytes n = Base64UrlDecode(kRfc7638Jwk["n"].get<std::string>()).value();
  const std::string short_n = Base64UrlEncode(ByteSpan(n).first(128));
  EXPECT_EQ(ImportError(With(kRfc7638Jwk, "n", short_n)).message,
            "JWK RSA modulus of 1024 bits, expected at least 2048");
}

TEST(Jwk, RefusesUnsupportedTypesAndCurves) {
  EXPECT_EQ(ImportError(json{{"kty", "oct"}, {"x", "AAAA"}}).code, ErrorCode::kUnsupported);
  EXPECT_EQ(ImportError(With(kEcJwk, "crv", "secp256k1")).message,
            "JWK EC curve \"secp256k1\" is not P-256, P-384 or P-521");
  EXPECT_EQ(ImportError(With(kOkpJwk, "crv", "X25519")).message,
            "JWK OKP curve \"X25519\" is not Ed25519");
}

}  // namespace
}  // namespace veil::crypto::jose
