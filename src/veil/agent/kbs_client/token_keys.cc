#include "veil/agent/kbs_client/token_keys.h"

#include "veil/base/file.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"

namespace veil::agent {
namespace {

constexpr std::uint64_t kMaxKeyFileBytes = 1u << 20;

Result<std::vector<crypto::PublicKey>> KeysFromJson(const nlohmann::json& document) {
  std::vector<crypto::PublicKey> keys;
  if (document.is_object() && document.contains("keys")) {
    if (!document["keys"].is_array() || document["keys"].empty())
      return Fail(InvalidArgument("\"keys\" is not a non-empty array"));
    for (const nlohmann::json& jwk : document["keys"]) {
      VEIL_ASSIGN_OR_RETURN(crypto::PublicKey key, crypto::jose::PublicKeyFromJwk(jwk));
      keys.push_back(std::move(key));
    }
    return keys;
  }
  VEIL_ASSIGN_OR_RETURN(crypto::PublicKey key, crypto::jose::PublicKeyFromJwk(document));
  keys.push_back(std::move(key));
  return keys;
}

Result<std::vector<crypto::PublicKey>> ParseKeys(const std::string& text) {
  if (text.find("-----BEGIN") != std::string::npos) {
    VEIL_ASSIGN_OR_RETURN(crypto::PublicKey key, crypto::PublicKey::FromPem(text));
    std::vector<crypto::PublicKey> keys;
    keys.push_back(std::move(key));
    return keys;
  }
  const auto document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded())
    return Fail(InvalidArgument("neither a PEM public key nor JSON (a JWK or a JWK set)"));
  return KeysFromJson(document);
}

}  // namespace

Result<std::vector<crypto::PublicKey>> LoadTokenKeys(const std::filesystem::path& file) {
  auto text = ReadFileText(file, kMaxKeyFileBytes);
  if (!text) return Fail(InvalidArgument("trustee.token_key: " + text.error().ToString()));
  auto keys = ParseKeys(*text);
  if (!keys) {
    return Fail(
        InvalidArgument("trustee.token_key " + file.string() + ": " + keys.error().message));
  }
  return keys;
}

Result<nlohmann::json> VerifiedTokenClaims(std::string_view jwt,
                                           std::span<const crypto::PublicKey> keys) {
  std::string last = "no key";
  for (const crypto::PublicKey& key : keys) {
    auto verified = crypto::jose::VerifyJwt(jwt, key);
    if (verified) return std::move(verified->claims);
    last = verified.error().message;
  }
  return Fail(VerificationFailed(
      "the attestation token is not signed by the pinned trustee key ([trustee] token_key): " +
      last));
}

}  // namespace veil::agent
