#include "veil/crypto/jose/jwe.h"

#include <algorithm>
#include <array>

#include "veil/base/base64.h"
#include "veil/crypto/aes_gcm.h"
#include "veil/crypto/jose/base64url.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/key_management.h"
#include "veil/crypto/random.h"
#include "veil/json/jcs.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"

namespace veil::crypto::jose {
namespace {

constexpr std::string_view kA256Gcm = "A256GCM";
constexpr std::string_view kRsa15 = "RSA1_5";
constexpr std::array<std::string_view, 5> kMembers = {"protected", "encrypted_key", "iv",
                                                      "ciphertext", "tag"};

Error Rsa15Refused() {
  return Unsupported(
      "JWE alg \"RSA1_5\" is refused: RSAES-PKCS1-v1_5 is padding-oracle prone; use RSA-OAEP-256");
}

// The recipient's key management algorithm: from its kty, checked against its "alg" if any.
Result<std::string_view> ChooseAlgorithm(const nlohmann::json& jwk, const PublicKey& key) {
  VEIL_ASSIGN_OR_RETURN(const std::string_view chosen, KeyManagementAlgorithmFor(key.type()));
  VEIL_ASSIGN_OR_RETURN(const std::optional<std::string> requested,
                        json::OptionalString(jwk, "alg"));
  if (requested && *requested != chosen) {
    return Fail(Unsupported("recipient JWK asks for alg \"" + *requested + "\"; Veil encrypts to " +
                            key.Describe() + " with " + std::string(chosen) + " only"));
  }
  return chosen;
}

Result<nlohmann::json> Encrypt(const nlohmann::json& recipient_jwk, ByteSpan plaintext) {
  // Checked before anything else so that a legacy guest learns why, whatever its key looks like.
  if (const nlohmann::json* alg = json::FindMember(recipient_jwk, "alg");
      alg != nullptr && *alg == kRsa15) {
    return Fail(Rsa15Refused());
  }
  VEIL_ASSIGN_OR_RETURN(const PublicKey recipient, PublicKeyFromJwk(recipient_jwk));
  VEIL_ASSIGN_OR_RETURN(const std::string_view alg, ChooseAlgorithm(recipient_jwk, recipient));
  const SecretBytes cek = RandomSecretBytes(kAesGcmKeySize);
  VEIL_ASSIGN_OR_RETURN(const EncryptedCek encrypted_cek, EncryptCek(alg, recipient, cek.span()));
  nlohmann::json header = {{"alg", alg}, {"enc", kA256Gcm}};
  if (!encrypted_cek.epk.is_null()) header["epk"] = encrypted_cek.epk;
  VEIL_ASSIGN_OR_RETURN(const std::string header_text, json::CanonicalizeJcs(header));
  const std::string protected_value = Base64UrlEncode(AsBytes(header_text));
  const Bytes iv = RandomBytes(kAesGcmIvSize);
  VEIL_ASSIGN_OR_RETURN(const AesGcmSealed sealed,
                        AesGcmSeal(cek.span(), iv, plaintext, AsBytes(protected_value)));
  return nlohmann::json{{"protected", protected_value},
                        {"encrypted_key", Base64UrlEncode(encrypted_cek.encrypted_key)},
                        {"iv", Base64UrlEncode(iv)},
                        {"ciphertext", Base64UrlEncode(sealed.ciphertext)},
                        {"tag", Base64UrlEncode(sealed.tag)}};
}

Status RequireOnlyKnownMembers(const nlohmann::json& jwe) {
  for (const auto& [name, value] : jwe.items()) {
    if (std::find(kMembers.begin(), kMembers.end(), name) == kMembers.end()) {
      return Fail(Unsupported("JWE member \"" + name + "\" is not supported (flattened JWE with " +
                              "protected, encrypted_key, iv, ciphertext, tag only)"));
    }
  }
  return {};
}

Result<Bytes> DecodeMember(const nlohmann::json& jwe, std::string_view name,
                           std::size_t expected_size = 0) {
  VEIL_ASSIGN_OR_RETURN(const std::string text, json::RequireString(jwe, name));
  VEIL_ASSIGN_OR_RETURN(Bytes bytes,
                        DecodeBase64UrlField(text, "JWE \"" + std::string(name) + "\""));
  if (expected_size != 0 && bytes.size() != expected_size) {
    return Fail(Malformed("JWE \"" + std::string(name) + "\" of " + std::to_string(bytes.size()) +
                          " bytes, expected " + std::to_string(expected_size)));
  }
  return bytes;
}

// The protected header's algorithms, checked against what this key can do.
Status CheckHeader(const nlohmann::json& header, const PrivateKey& key) {
  VEIL_ASSIGN_OR_RETURN(const std::string enc, json::RequireString(header, "enc"));
  if (enc != kA256Gcm) return Fail(Unsupported("JWE enc \"" + enc + "\" is not A256GCM"));
  for (std::string_view refused : {"zip", "crit"}) {
    if (json::HasMember(header, refused)) {
      return Fail(
          Unsupported("JWE header member \"" + std::string(refused) + "\" is not supported"));
    }
  }
  VEIL_ASSIGN_OR_RETURN(const std::string alg, json::RequireString(header, "alg"));
  if (alg == kRsa15) return Fail(Rsa15Refused());
  VEIL_ASSIGN_OR_RETURN(const std::string_view expected, KeyManagementAlgorithmFor(key.type()));
  if (alg != expected) {
    return Fail(Unsupported("JWE alg \"" + alg + "\" does not fit " + key.Describe() +
                            " (expected " + std::string(expected) + ")"));
  }
  return {};
}

Result<SecretBytes> Decrypt(const PrivateKey& key, const nlohmann::json& jwe) {
  if (!jwe.is_object())
    return Fail(Malformed(std::string("JWE must be a JSON object, got ") + jwe.type_name()));
  VEIL_TRY(RequireOnlyKnownMembers(jwe));
  VEIL_ASSIGN_OR_RETURN(const std::string protected_value, json::RequireString(jwe, "protected"));
  VEIL_ASSIGN_OR_RETURN(const Bytes header_bytes,
                        DecodeBase64UrlField(protected_value, "JWE \"protected\""));
  const std::string_view header_text(reinterpret_cast<const char*>(header_bytes.data()),
                                     header_bytes.size());
  VEIL_ASSIGN_OR_RETURN(const nlohmann::json header,
                        json::ParseJsonObject(header_text, "JWE protected header"));
  VEIL_TRY(CheckHeader(header, key));
  VEIL_ASSIGN_OR_RETURN(const Bytes encrypted_key, DecodeMember(jwe, "encrypted_key"));
  VEIL_ASSIGN_OR_RETURN(const Bytes iv, DecodeMember(jwe, "iv", kAesGcmIvSize));
  VEIL_ASSIGN_OR_RETURN(const Bytes ciphertext, DecodeMember(jwe, "ciphertext"));
  VEIL_ASSIGN_OR_RETURN(const Bytes tag, DecodeMember(jwe, "tag", kAesGcmTagSize));
  VEIL_ASSIGN_OR_RETURN(const std::string alg, json::RequireString(header, "alg"));
  VEIL_ASSIGN_OR_RETURN(const SecretBytes cek,
                        DecryptCek(alg, key, json::FindMember(header, "epk"), encrypted_key));
  if (cek.size() != kAesGcmKeySize) {
    return Fail(Malformed("JWE content encryption key of " + std::to_string(cek.size()) +
                          " bytes, expected " + std::to_string(kAesGcmKeySize)));
  }
  return AesGcmOpen(cek.span(), iv, ciphertext, tag, AsBytes(protected_value));
}

template <class T>
Result<T> InJwe(Result<T> result) {
  return std::move(result).map_error(
      [](Error error) { return std::move(error).WithContext("jwe"); });
}

}  // namespace

Result<nlohmann::json> EncryptJwe(const nlohmann::json& recipient_jwk, ByteSpan plaintext) {
  return InJwe(Encrypt(recipient_jwk, plaintext));
}

Result<SecretBytes> DecryptJwe(const PrivateKey& key, const nlohmann::json& jwe) {
  return InJwe(Decrypt(key, jwe));
}

}  // namespace veil::crypto::jose
