#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/jose/jwt_time.h"
#include "veil/token/ear_token.h"

namespace veil::token {

namespace {

// The public JWK as verifiers expect it: kid (RFC 7638 thumbprint), alg and use, so that a CoCo KBS
// (jsonwebtoken) can take the key from the header or from the JWKS alike.
Result<nlohmann::json> PublicJwk(const crypto::PrivateKey& key) {
  VEIL_ASSIGN_OR_RETURN(nlohmann::json jwk, crypto::jose::PublicKeyToJwk(key.GetPublicKey()));
  VEIL_ASSIGN_OR_RETURN(std::string kid, crypto::jose::JwkThumbprintSha256(jwk));
  jwk["kid"] = kid;
  jwk["alg"] = "ES256";
  jwk["use"] = "sig";
  return jwk;
}

}  // namespace

Result<std::string> EarSigner::Sign(const nlohmann::json& claims) const {
  VEIL_ASSIGN_OR_RETURN(nlohmann::json jwk, PublicJwk(key_));
  const std::string kid = jwk["kid"];
  return crypto::jose::SignJwt(key_, {{"jwk", std::move(jwk)}, {"kid", kid}}, claims);
}

Result<nlohmann::json> EarSigner::Verify(std::string_view token, TimePoint now) const {
  auto jwt = crypto::jose::VerifyJwt(token, key_.GetPublicKey());
  if (!jwt) return Fail(std::move(jwt).error().WithContext("attestation token"));
  auto times = crypto::jose::CheckJwtTimes(jwt->claims, now, std::chrono::seconds(0));
  if (!times) return Fail(std::move(times).error().WithContext("attestation token"));
  return std::move(jwt->claims);
}

nlohmann::json EarSigner::Jwks() const {
  auto jwk = PublicJwk(key_);
  VEIL_CHECK(jwk.has_value());  // our own P-256 key always converts
  return {{"keys", nlohmann::json::array({*jwk})}};
}

}  // namespace veil::token
