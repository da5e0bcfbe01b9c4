#include "veil/crypto/jose/jwk.h"

#include <array>

#include "veil/base/base64.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/jose/base64url.h"
#include "veil/crypto/public_key_components.h"
#include "veil/json/jcs.h"
#include "veil/json/member.h"

namespace veil::crypto::jose {
namespace {

constexpr int kMinRsaBits = 2048;
constexpr int kMaxRsaBits = 16384;
constexpr std::array<std::string_view, 8> kPrivateMembers = {"d",  "p",  "q",   "dp",
                                                             "dq", "qi", "oth", "k"};

Result<Bytes> DecodeMember(const nlohmann::json& jwk, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(const std::string text, json::RequireString(jwk, name));
  return DecodeBase64UrlField(text, "JWK member \"" + std::string(name) + "\"");
}

Result<EcCurve> CurveFromName(std::string_view name) {
  for (auto curve : {EcCurve::kP256, EcCurve::kP384, EcCurve::kP521}) {
    if (EcCurveName(curve) == name) return curve;
  }
  return Fail(
      Unsupported("JWK EC curve \"" + std::string(name) + "\" is not P-256, P-384 or P-521"));
}

Result<PublicKey> EcFromJwk(const nlohmann::json& jwk) {
  VEIL_ASSIGN_OR_RETURN(const std::string crv, json::RequireString(jwk, "crv"));
  VEIL_ASSIGN_OR_RETURN(const EcCurve curve, CurveFromName(crv));
  VEIL_ASSIGN_OR_RETURN(const Bytes x, DecodeMember(jwk, "x"));
  VEIL_ASSIGN_OR_RETURN(const Bytes y, DecodeMember(jwk, "y"));
  const std::size_t width = EcCoordinateSize(curve);
  if (x.size() != width || y.size() != width) {
    return Fail(Malformed("JWK " + crv + " coordinates of " + std::to_string(x.size()) + " and " +
                          std::to_string(y.size()) + " bytes, expected " + std::to_string(width) +
                          " each"));
  }
  return PublicKey::FromEcPoint(curve, x, y);  // refuses points that are not on the curve
}

Status RequireNoLeadingZero(const Bytes& value, std::string_view name) {
  if (value.empty())
    return Fail(Malformed("JWK RSA member \"" + std::string(name) + "\" is empty"));
  if (value.front() == 0) {
    return Fail(Malformed("JWK RSA member \"" + std::string(name) + "\" has a leading zero octet"));
  }
  return {};
}

Result<PublicKey> RsaFromJwk(const nlohmann::json& jwk) {
  VEIL_ASSIGN_OR_RETURN(const Bytes n, DecodeMember(jwk, "n"));
  VEIL_ASSIGN_OR_RETURN(const Bytes e, DecodeMember(jwk, "e"));
  VEIL_TRY(RequireNoLeadingZero(n, "n"));
  VEIL_TRY(RequireNoLeadingZero(e, "e"));
  const std::size_t bits =
      n.size() * 8;  // within 7 bits of the true size; the key reports it exactly
  if (bits > static_cast<std::size_t>(kMaxRsaBits) || e.size() > 8) {
    return Fail(Malformed("JWK RSA modulus of " + std::to_string(n.size()) +
                          " bytes or exponent of " + std::to_string(e.size()) +
                          " bytes is too large"));
  }
  if ((e.back() & 1) == 0 || (e.size() == 1 && e.front() < 3)) {
    return Fail(Malformed("JWK RSA exponent must be odd and at least 3"));
  }
  VEIL_ASSIGN_OR_RETURN(PublicKey key, PublicKey::FromRsa(n, e));
  if (key.bits() < kMinRsaBits) {
    return Fail(Malformed("JWK RSA modulus of " + std::to_string(key.bits()) +
                          " bits, expected at least " + std::to_string(kMinRsaBits)));
  }
  return key;
}

Result<PublicKey> OkpFromJwk(const nlohmann::json& jwk) {
  VEIL_ASSIGN_OR_RETURN(const std::string crv, json::RequireString(jwk, "crv"));
  if (crv != "Ed25519") return Fail(Unsupported("JWK OKP curve \"" + crv + "\" is not Ed25519"));
  VEIL_ASSIGN_OR_RETURN(const Bytes x, DecodeMember(jwk, "x"));
  return Ed25519PublicKeyFromRaw(x);
}

Result<PublicKey> Import(const nlohmann::json& jwk) {
  if (!jwk.is_object())
    return Fail(Malformed(std::string("JWK must be a JSON object, got ") + jwk.type_name()));
  for (std::string_view name : kPrivateMembers) {
    if (json::HasMember(jwk, name)) {
      return Fail(Malformed("JWK carries private member \"" + std::string(name) +
                            "\"; expected a public key"));
    }
  }
  VEIL_TRY(json::OptionalString(jwk, "alg"));
  VEIL_ASSIGN_OR_RETURN(const std::string kty, json::RequireString(jwk, "kty"));
  if (kty == "EC") return EcFromJwk(jwk);
  if (kty == "RSA") return RsaFromJwk(jwk);
  if (kty == "OKP") return OkpFromJwk(jwk);
  return Fail(Unsupported("JWK kty \"" + kty + "\" is not EC, RSA or OKP"));
}

Result<nlohmann::json> Export(const PublicKey& key) {
  switch (key.type()) {
    case KeyType::kEc: {
      VEIL_ASSIGN_OR_RETURN(const EcPublicPoint point, GetEcPublicPoint(key));
      return nlohmann::json{{"kty", "EC"},
                            {"crv", std::string(EcCurveName(point.curve))},
                            {"x", Base64UrlEncode(point.x)},
                            {"y", Base64UrlEncode(point.y)}};
    }
    case KeyType::kRsa: {
      VEIL_ASSIGN_OR_RETURN(const RsaPublicComponents rsa, GetRsaPublicComponents(key));
      return nlohmann::json{{"kty", "RSA"},
                            {"n", Base64UrlEncode(rsa.modulus)},
                            {"e", Base64UrlEncode(rsa.exponent)}};
    }
    case KeyType::kEd25519: {
      VEIL_ASSIGN_OR_RETURN(const Bytes x, GetEd25519PublicKey(key));
      return nlohmann::json{{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", Base64UrlEncode(x)}};
    }
    case KeyType::kOther:
      break;
  }
  return Fail(Unsupported("no JWK form for " + key.Describe()));
}

template <class T>
Result<T> InJwk(Result<T> result) {
  return std::move(result).map_error(
      [](Error error) { return std::move(error).WithContext("jwk"); });
}

}  // namespace

Result<nlohmann::json> PublicKeyToJwk(const PublicKey& key) { return InJwk(Export(key)); }

Result<PublicKey> PublicKeyFromJwk(const nlohmann::json& jwk) { return InJwk(Import(jwk)); }

Result<std::string> JwkThumbprintSha256(const nlohmann::json& jwk) {
  VEIL_ASSIGN_OR_RETURN(const PublicKey key, PublicKeyFromJwk(jwk));
  // The exported JWK holds exactly the required members, so its JCS form is the RFC 7638 input.
  VEIL_ASSIGN_OR_RETURN(const nlohmann::json required, PublicKeyToJwk(key));
  VEIL_ASSIGN_OR_RETURN(const std::string canonical, InJwk(json::CanonicalizeJcs(required)));
  return Base64UrlEncode(Sha256(AsBytes(canonical)));
}

}  // namespace veil::crypto::jose
