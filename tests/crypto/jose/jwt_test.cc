#include "veil/crypto/jose/jwt.h"

#include <gtest/gtest.h>

#include "veil/base/base64.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jws.h"

namespace veil::crypto::jose {
namespace {

using nlohmann::json;

const json kClaims = {
    {"iss", "veil"}, {"iat", 1700000000}, {"exp", 1700000300}, {"ear.status", "affirming"}};

TEST(Jwt, SignsWithTypAndExtraHeaderAndVerifies) {
  const auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  const json jwk = PublicKeyToJwk(key.GetPublicKey()).value();
  auto token = SignJwt(key, json{{"jwk", jwk}}, kClaims);
  ASSERT_TRUE(token) << token.error().ToString();
  auto jwt = VerifyJwt(*token, key.GetPublicKey());
  ASSERT_TRUE(jwt) << jwt.error().ToString();
  EXPECT_EQ(jwt->header, (json{{"alg", "ES256"}, {"typ", "JWT"}, {"jwk", jwk}}));
  EXPECT_EQ(jwt->claims, kClaims);
  // The header is JCS: deterministic, so relying parties can compare it byte for byte.
  EXPECT_EQ(std::string_view(*token).substr(0, token->find('.')),
            Base64UrlEncode(AsBytes(R"({"alg":"ES256","jwk":)" + jwk.dump() + R"(,"typ":"JWT"})")));
}

TEST(Jwt, EveryKeyTypeRoundTrips) {
  for (auto algorithm : {KeyAlgorithm::kEcP384, KeyAlgorithm::kEcP521, KeyAlgorithm::kEd25519}) {
    const auto key = PrivateKey::Generate(algorithm).value();
    const std::string token = SignJwt(key, nullptr, kClaims).value();
    EXPECT_EQ(VerifyJwt(token, key.GetPublicKey()).value().claims, kClaims);
  }
}

TEST(Jwt, ExtraHeaderMayReplaceTypButNotAlg) {
  const auto key = PrivateKey::Generate(KeyAlgorithm::kEd25519).value();
  const std::string token = SignJwt(key, json{{"typ", "at+jwt"}, {"kid", "a"}}, kClaims).value();
  EXPECT_EQ(VerifyJwt(token, key.GetPublicKey()).value().header,
            (json{{"alg", "EdDSA"}, {"typ", "at+jwt"}, {"kid", "a"}}));
  EXPECT_EQ(SignJwt(key, json{{"alg", "none"}}, kClaims).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(SignJwt(key, json::array(), kClaims).error().code, ErrorCode::kInvalidArgument);
}

TEST(Jwt, ClaimsMustBeACanonicalizableObject) {
  const auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  EXPECT_EQ(SignJwt(key, nullptr, json::array({1})).error().message,
            "JWT claims must be an object, got array");
  EXPECT_EQ(
      SignJwt(key, nullptr, json{{"n", std::numeric_limits<double>::quiet_NaN()}}).error().code,
      ErrorCode::kInvalidArgument);
  // A JWS whose payload is not a JSON object is no JWT.
  const std::string not_claims = SignJws(key, nullptr, AsBytes("[1,2]")).value();
  auto result = VerifyJwt(not_claims, key.GetPublicKey());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "JWT claims is not a JSON object (got array)");
  EXPECT_EQ(result.error().context, "jwt");
  EXPECT_FALSE(VerifyJwt(SignJws(key, nullptr, AsBytes("{")).value(), key.GetPublicKey()));
}

// RFC 7515 appendix A.3 with its signature's S replaced by n - S: the RFC prints the high-S
// form, which VerifyJws refuses (see jws_test.cc).
TEST(Jwt, VerifiesRfc7515AppendixA3AsAJwt) {
  const PublicKey key = PublicKeyFromJwk(json{{"kty", "EC"},
                                              {"crv", "P-256"},
                                              {"x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"},
                                              {"y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}})
                            .value();
  auto jwt = VerifyJwt(
      "eyJhbGciOiJFUzI1NiJ9."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0c"
      "nVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmU69fgrc8OPGycO0lD3tat_FoFp57SETepkeks4eL_"
      "QfA",
      key);
  ASSERT_TRUE(jwt) << jwt.error().ToString();
  EXPECT_EQ(jwt->claims,
            (json{{"iss", "joe"}, {"exp", 1300819380}, {"http://example.com/is_root", true}}));
}

TEST(Jwt, RefusesNestedJwts) {
  const auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  const std::string token = SignJwt(key, json{{"cty", "JWT"}}, kClaims).value();
  EXPECT_EQ(VerifyJwt(token, key.GetPublicKey()).error().code, ErrorCode::kUnsupported);
}

TEST(Jwt, DecodeUnverifiedExposesTheHeaderKey) {
  const auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  const json jwk = PublicKeyToJwk(key.GetPublicKey()).value();
  const std::string token = SignJwt(key, json{{"jwk", jwk}}, kClaims).value();
  auto unverified = DecodeJwtUnverified(token);
  ASSERT_TRUE(unverified) << unverified.error().ToString();
  // The intended use: pick the key from the header, then verify with it.
  const PublicKey named = PublicKeyFromJwk(unverified->header["jwk"]).value();
  EXPECT_TRUE(VerifyJwt(token, named));
  EXPECT_EQ(DecodeJwtUnverified("x.y.z").error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace veil::crypto::jose
