#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/jose/jwt_time.h"
#include "veil/token/ear_token.h"

namespace veil::token {

Result<std::string> EarSigner::Sign(const nlohmann::json& claims) const {
  VEIL_ASSIGN_OR_RETURN(nlohmann::json jwk, crypto::jose::PublicKeyToJwk(key_.GetPublicKey()));
  VEIL_ASSIGN_OR_RETURN(std::string kid, crypto::jose::JwkThumbprintSha256(jwk));
  return crypto::jose::SignJwt(key_, {{"jwk", jwk}, {"kid", kid}}, claims);
}

Result<nlohmann::json> EarSigner::Verify(std::string_view token, TimePoint now) const {
  auto jwt = crypto::jose::VerifyJwt(token, key_.GetPublicKey());
  if (!jwt) return Fail(std::move(jwt).error().WithContext("attestation token"));
  auto times = crypto::jose::CheckJwtTimes(jwt->claims, now, std::chrono::seconds(0));
  if (!times) return Fail(std::move(times).error().WithContext("attestation token"));
  return std::move(jwt->claims);
}

nlohmann::json EarSigner::Jwks() const {
  auto jwk = crypto::jose::PublicKeyToJwk(key_.GetPublicKey());
  VEIL_CHECK(jwk.has_value());  // our own P-256 key always converts
  auto kid = crypto::jose::JwkThumbprintSha256(*jwk);
  VEIL_CHECK(kid.has_value());
  nlohmann::json key = *jwk;
  key["kid"] = *kid;
  key["alg"] = "ES256";
  key["use"] = "sig";
  return {{"keys", nlohmann::json::array({key})}};
}

}  // namespace veil::token
