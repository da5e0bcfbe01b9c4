#include "veil/base/base64.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/jose/jwt_time.h"
#include "veil/token/ear_token.h"

namespace veil::token {

namespace {

// The public JWK as verifiers expect it: kid (RFC 7638 thumbprint), alg and use, so that a CoCo KBS
// (jsonwebtoken) can take the key from the header or from the JWKS alike.
Result<nlohmann::json> PublicJwk(const crypto::PrivateKey& key,
                                 const std::vector<std::string>& x5c) {
  VEIL_ASSIGN_OR_RETURN(nlohmann::json jwk, crypto::jose::PublicKeyToJwk(key.GetPublicKey()));
  VEIL_ASSIGN_OR_RETURN(std::string kid, crypto::jose::JwkThumbprintSha256(jwk));
  jwk["kid"] = kid;
  jwk["alg"] = "ES256";
  jwk["use"] = "sig";
  if (!x5c.empty()) jwk["x5c"] = x5c;
  return jwk;
}

Result<nlohmann::json> TokenHeader(const crypto::PrivateKey& key,
                                   const std::vector<std::string>& x5c) {
  VEIL_ASSIGN_OR_RETURN(nlohmann::json jwk, PublicJwk(key, x5c));
  const std::string kid = jwk["kid"];
  nlohmann::json header = {{"jwk", std::move(jwk)}, {"kid", kid}};
  if (!x5c.empty()) header["x5c"] = x5c;
  return header;
}

}  // namespace

EarSigner::EarSigner(crypto::PrivateKey key)
    : key_(std::move(key)), header_(TokenHeader(key_, x5c_)) {}

Result<EarSigner> EarSigner::WithCertificateChain(crypto::PrivateKey key,
                                                  std::vector<crypto::Certificate> chain) {
  if (chain.empty())
    return Fail(InvalidArgument("the token key's certificate chain holds no certificate"));
  VEIL_ASSIGN_OR_RETURN(const crypto::PublicKey leaf_key, chain.front().GetPublicKey());
  if (!leaf_key.Equals(key.GetPublicKey())) {
    return Fail(InvalidArgument(
        "the first certificate of the token key's chain is not for the token signing key"));
  }
  EarSigner signer(std::move(key));
  for (const crypto::Certificate& certificate : chain)
    signer.x5c_.push_back(Base64Encode(certificate.Der()));
  signer.header_ = TokenHeader(signer.key_, signer.x5c_);
  return signer;
}

Result<std::string> EarSigner::Sign(const nlohmann::json& claims) const {
  if (!header_) return Fail(header_.error());
  return crypto::jose::SignJwt(key_, *header_, claims);
}

Result<nlohmann::json> EarSigner::Verify(std::string_view token, TimePoint now) const {
  auto jwt = crypto::jose::VerifyJwt(token, key_.GetPublicKey());
  if (!jwt) return Fail(std::move(jwt).error().WithContext("attestation token"));
  auto times = crypto::jose::CheckJwtTimes(jwt->claims, now, std::chrono::seconds(0));
  if (!times) return Fail(std::move(times).error().WithContext("attestation token"));
  return std::move(jwt->claims);
}

nlohmann::json EarSigner::Jwks() const {
  auto jwk = PublicJwk(key_, x5c_);
  VEIL_CHECK(jwk.has_value());  // our own P-256 key always converts
  return {{"keys", nlohmann::json::array({*jwk})}};
}

}  // namespace veil::token
