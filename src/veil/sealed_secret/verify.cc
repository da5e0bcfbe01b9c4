#include "veil/sealed_secret/verify.h"

#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jws.h"
#include "veil/json/jcs.h"
#include "veil/json/parse.h"
#include "veil/sealed_secret/seal.h"

namespace veil::sealed_secret {
namespace {

constexpr std::string_view kEs256 = "ES256";

Status RequireP256(const crypto::PublicKey& key, std::string_view what) {
  if (key.IsEc(crypto::EcCurve::kP256)) return {};
  return Fail(InvalidArgument(std::string(what) + " is " + key.Describe() +
                              "; confidential-data-hub verifies ES256 only (EC P-256)"));
}

}  // namespace

Status VerifySealedSecret(const SealedSecret& sealed, const crypto::PublicKey& key) {
  if (!sealed.signature) {
    return Fail(VerificationFailed(
        "sealed secret is unsigned (fakejwsheader/fakesignature): there is no signature to "
        "verify"));
  }
  const SealedSignature& signature = *sealed.signature;
  if (signature.alg != kEs256) {
    return Fail(Unsupported("sealed secret alg \"" + signature.alg +
                            "\": confidential-data-hub verifies ES256 only"));
  }
  VEIL_TRY(RequireP256(key, "verification key"));
  auto verified = crypto::jose::VerifyJws(signature.jws, key, crypto::jose::EcdsaSForm::kEither);
  if (!verified) return Fail(std::move(verified.error()).WithContext("sealed secret"));
  return {};
}

Result<crypto::PublicKey> ParseVerificationKey(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && text[start] == '{') {
    VEIL_ASSIGN_OR_RETURN(const nlohmann::json jwk,
                          json::ParseJsonObject(text, "verification JWK"));
    VEIL_ASSIGN_OR_RETURN(crypto::PublicKey key, crypto::jose::PublicKeyFromJwk(jwk));
    VEIL_TRY(RequireP256(key, "verification key"));
    return key;
  }
  VEIL_ASSIGN_OR_RETURN(crypto::PublicKey key, crypto::PublicKey::FromPem(text));
  VEIL_TRY(RequireP256(key, "verification key"));
  return key;
}

Result<std::string> VerificationJwk(const crypto::PublicKey& key, std::string_view kid) {
  VEIL_TRY(RequireP256(key, "verification key"));
  VEIL_TRY(CheckKid(kid));
  VEIL_ASSIGN_OR_RETURN(nlohmann::json jwk, crypto::jose::PublicKeyToJwk(key));
  jwk["alg"] = kEs256;
  jwk["use"] = "sig";
  jwk["kid"] = std::string(kid);
  VEIL_ASSIGN_OR_RETURN(std::string text, json::CanonicalizeJcs(jwk));
  return text + "\n";
}

}  // namespace veil::sealed_secret
