#include "veil/crypto/jose/jws.h"

#include "veil/base/base64.h"
#include "veil/crypto/ecdsa_signature.h"
#include "veil/crypto/jose/base64url.h"
#include "veil/crypto/signature.h"
#include "veil/crypto/signer.h"
#include "veil/json/jcs.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"

namespace veil::crypto::jose {
namespace {

// How one JWS algorithm signs: the digest (ignored for EdDSA) and the raw signature width.
struct JwsScheme {
  std::string alg;
  DigestAlgorithm digest;
  std::size_t ecdsa_coordinate_size;  // 0 for EdDSA
  EcCurve curve = EcCurve::kP256;     // ECDSA only
};

Result<JwsScheme> SchemeFor(const PublicKey& key) {
  switch (key.type()) {
    case KeyType::kEc: {
      VEIL_ASSIGN_OR_RETURN(const EcCurve curve, key.curve());
      switch (curve) {
        case EcCurve::kP256:
          return JwsScheme{"ES256", DigestAlgorithm::kSha256, 32, curve};
        case EcCurve::kP384:
          return JwsScheme{"ES384", DigestAlgorithm::kSha384, 48, curve};
        case EcCurve::kP521:
          return JwsScheme{"ES512", DigestAlgorithm::kSha512, 66, curve};
      }
      break;
    }
    case KeyType::kEd25519:
      return JwsScheme{"EdDSA", DigestAlgorithm::kSha512, 0};
    case KeyType::kRsa:
    case KeyType::kOther:
      break;
  }
  return Fail(Unsupported("JWS signing with " + key.Describe() +
                          " is not supported (ES256/ES384/ES512/EdDSA)"));
}

// The three parts of a compact serialization, decoded but not verified.
struct CompactParts {
  std::string_view signing_input;  // "<header>.<payload>" as transmitted
  Jws jws;
  Bytes signature;
};

Result<CompactParts> Split(std::string_view compact) {
  const std::size_t first = compact.find('.');
  const std::size_t second = first == std::string_view::npos ? first : compact.find('.', first + 1);
  if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos) {
    return Fail(Malformed("compact JWS must have exactly three '.'-separated parts"));
  }
  CompactParts parts;
  parts.signing_input = compact.substr(0, second);
  VEIL_ASSIGN_OR_RETURN(const Bytes header_bytes,
                        DecodeBase64UrlField(compact.substr(0, first), "JWS header"));
  const std::string_view header_text(reinterpret_cast<const char*>(header_bytes.data()),
                                     header_bytes.size());
  VEIL_ASSIGN_OR_RETURN(parts.jws.header, json::ParseJsonObject(header_text, "JWS header"));
  VEIL_ASSIGN_OR_RETURN(
      parts.jws.payload,
      DecodeBase64UrlField(compact.substr(first + 1, second - first - 1), "JWS payload"));
  VEIL_ASSIGN_OR_RETURN(parts.signature,
                        DecodeBase64UrlField(compact.substr(second + 1), "JWS signature"));
  VEIL_ASSIGN_OR_RETURN(const std::string alg, json::RequireString(parts.jws.header, "alg"));
  if (alg == "none" || alg.starts_with("HS")) {
    return Fail(Unsupported("JWS alg \"" + alg + "\" is refused (unsigned or symmetric)"));
  }
  if (json::HasMember(parts.jws.header, "crit")) {
    return Fail(Unsupported("JWS header lists \"crit\" extensions, none of which are supported"));
  }
  return parts;
}

Status VerifySignature(const JwsScheme& scheme, const PublicKey& key, ByteSpan signing_input,
                       ByteSpan signature, EcdsaSForm s_form) {
  if (scheme.ecdsa_coordinate_size == 0) return VerifyEd25519(key, signing_input, signature);
  const std::size_t width = scheme.ecdsa_coordinate_size;
  if (signature.size() != 2 * width) {
    return Fail(VerificationFailed(scheme.alg + " signature of " +
                                   std::to_string(signature.size()) + " bytes, expected " +
                                   std::to_string(2 * width) + " (raw r||s)"));
  }
  // One encoding per signature: (r, n - s) verifies as well as (r, s), so a token could be
  // altered without the key and still verify; only the low-S form is accepted (Sign makes it).
  VEIL_ASSIGN_OR_RETURN(const bool low_s, EcdsaIsLowS(scheme.curve, signature.subspan(width)));
  if (!low_s && s_form == EcdsaSForm::kLowOnly) {
    return Fail(VerificationFailed(scheme.alg +
                                   " signature has a high S (s > n/2); only the low-S form of an "
                                   "ECDSA signature is accepted"));
  }
  return VerifyEcdsaRaw(key, scheme.digest, signing_input, signature.first(width),
                        signature.subspan(width));
}

Result<Jws> Verify(std::string_view compact, const PublicKey& key, EcdsaSForm s_form) {
  VEIL_ASSIGN_OR_RETURN(CompactParts parts, Split(compact));
  VEIL_ASSIGN_OR_RETURN(const JwsScheme scheme, SchemeFor(key));
  VEIL_ASSIGN_OR_RETURN(const std::string alg, json::RequireString(parts.jws.header, "alg"));
  if (alg != scheme.alg) {
    return Fail(VerificationFailed("JWS alg \"" + alg + "\" does not match the verifying key (" +
                                   key.Describe() + " signs " + scheme.alg + ")"));
  }
  VEIL_TRY(VerifySignature(scheme, key, AsBytes(parts.signing_input), parts.signature, s_form));
  return std::move(parts.jws);
}

Result<std::string> Sign(const PrivateKey& key, nlohmann::json header, ByteSpan payload) {
  if (header.is_null()) header = nlohmann::json::object();
  if (!header.is_object()) {
    return Fail(
        InvalidArgument(std::string("JWS header must be an object, got ") + header.type_name()));
  }
  VEIL_ASSIGN_OR_RETURN(const JwsScheme scheme, SchemeFor(key.GetPublicKey()));
  const nlohmann::json* requested = json::FindMember(header, "alg");
  if (requested != nullptr && *requested != scheme.alg) {
    return Fail(InvalidArgument("JWS header asks for alg " + requested->dump() + " but " +
                                key.Describe() + " signs " + scheme.alg));
  }
  header["alg"] = scheme.alg;
  VEIL_ASSIGN_OR_RETURN(const std::string header_text, json::CanonicalizeJcs(header));
  const std::string signing_input =
      Base64UrlEncode(AsBytes(header_text)) + "." + Base64UrlEncode(payload);
  VEIL_ASSIGN_OR_RETURN(Bytes signature, crypto::Sign(key, scheme.digest, AsBytes(signing_input)));
  if (scheme.ecdsa_coordinate_size != 0) {
    VEIL_ASSIGN_OR_RETURN(signature, EcdsaDerToRaw(signature, scheme.ecdsa_coordinate_size));
    VEIL_ASSIGN_OR_RETURN(signature, EcdsaNormalizeLowS(scheme.curve, signature));
  }
  return signing_input + "." + Base64UrlEncode(signature);
}

template <class T>
Result<T> InJws(Result<T> result) {
  return std::move(result).map_error(
      [](Error error) { return std::move(error).WithContext("jws"); });
}

}  // namespace

Result<std::string> JwsAlgorithmFor(const PublicKey& key) {
  return InJws(SchemeFor(key).map([](const JwsScheme& scheme) { return scheme.alg; }));
}

Result<std::string> SignJws(const PrivateKey& key, nlohmann::json header, ByteSpan payload) {
  return InJws(Sign(key, std::move(header), payload));
}

Result<Jws> VerifyJws(std::string_view compact, const PublicKey& key, EcdsaSForm s_form) {
  return InJws(Verify(compact, key, s_form));
}

Result<Jws> DecodeJwsUnverified(std::string_view compact) {
  return InJws(Split(compact).map([](CompactParts parts) { return std::move(parts.jws); }));
}

}  // namespace veil::crypto::jose
