#include "veil/sealed_secret/seal.h"

#include "veil/base/base64.h"
#include "veil/crypto/jose/jws.h"
#include "veil/protocol/resource_uri.h"
#include "veil/sealed_secret/sealed_string.h"

namespace veil::sealed_secret {
namespace {

bool IsCredentialName(std::string_view name) {
  if (name.empty() || name == "." || name == "..") return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Status CheckKid(std::string_view kid) {
  if (kid.starts_with("kbs")) {
    auto uri = protocol::ParseResourceUri(kid);
    if (!uri) return Fail(InvalidArgument("kid: " + uri.error().message));
    return {};
  }
  if (!IsCredentialName(kid)) {
    return Fail(InvalidArgument("kid \"" + std::string(kid) +
                                "\" is neither a kbs:/// resource URI nor a credential file "
                                "name ([A-Za-z0-9._-])"));
  }
  return {};
}

Result<std::string> SealUnsigned(const Secret& secret) {
  VEIL_ASSIGN_OR_RETURN(const std::string payload, SerializeSecret(secret));
  return std::string(kSealedPrefix) + std::string(kUnsignedHeader) + "." +
         Base64UrlEncode(AsBytes(payload)) + "." + std::string(kUnsignedSignature);
}

Result<std::string> SealSigned(const Secret& secret, const crypto::PrivateKey& key,
                               std::string_view kid) {
  if (!key.IsEc(crypto::EcCurve::kP256)) {
    return Fail(InvalidArgument("signing key is " + key.Describe() +
                                "; confidential-data-hub verifies ES256 only (EC P-256)"));
  }
  VEIL_TRY(CheckKid(kid));
  VEIL_ASSIGN_OR_RETURN(const std::string payload, SerializeSecret(secret));
  // SignJws writes the header as JCS, {"alg":"ES256","kid":...}, and a low-S signature.
  VEIL_ASSIGN_OR_RETURN(
      const std::string jws,
      crypto::jose::SignJws(key, nlohmann::json{{"kid", std::string(kid)}}, AsBytes(payload)));
  return std::string(kSealedPrefix) + jws;
}

}  // namespace veil::sealed_secret
