#pragma once
// The secret a CoCo sealed secret carries (the JWS payload): a JSON object with "version" and
// "type" and, per type, the members confidential-data-hub's `secret` module deserializes
// (guest-components confidential-data-hub/docs/SEALED_SECRET.md, "Format"):
//   vault:    name, provider, provider_settings, annotations
//             (a pointer: CDH asks `provider` for `name`, e.g. kbs and kbs:///repo/type/tag)
//   envelope: key_id, encrypted_key, encrypted_data, wrap_type (A256GCM | A256CTR), iv,
//             provider, provider_settings, annotations
//             (the value itself, encrypted under a key that `provider` unwraps)
// provider_settings and annotations are JSON objects and both required, as CDH's deserializer
// requires them (its document calls annotations optional; its code does not). CDH unseals only
// version 0.1.0; other members are ignored, as CDH ignores them.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "veil/base/result.h"
#include "veil/protocol/resource_path.h"

namespace veil::sealed_secret {

inline constexpr std::string_view kSecretVersion = "0.1.0";
// The provider that fetches a vault secret's name (a kbs:/// resource URI) from the trustee.
inline constexpr std::string_view kKbsProvider = "kbs";

struct VaultSecret {
  std::string name;
  std::string provider;
  nlohmann::json provider_settings = nlohmann::json::object();
  nlohmann::json annotations = nlohmann::json::object();
};

enum class WrapType { kA256Gcm, kA256Ctr };
std::string_view WrapTypeName(WrapType type);  // "A256GCM", "A256CTR"

struct EnvelopeSecret {
  std::string key_id;
  std::string encrypted_key;   // standard base64, as CDH decodes it at unseal time
  std::string encrypted_data;  // standard base64
  WrapType wrap_type = WrapType::kA256Gcm;
  std::string iv;  // standard base64
  std::string provider;
  nlohmann::json provider_settings = nlohmann::json::object();
  nlohmann::json annotations = nlohmann::json::object();
};

struct Secret {
  std::string version{kSecretVersion};
  std::variant<VaultSecret, EnvelopeSecret> content;
};

std::string_view SecretTypeName(const Secret& secret);  // "vault", "envelope"

// The vault secret that makes CDH fetch `resource` from the trustee it attested to:
// provider "kbs", name "kbs:///<repository>/<type>/<tag>", empty settings and annotations.
Secret KbsVaultSecret(const protocol::ResourcePath& resource);

// Untrusted payload text. kMalformed (naming the member) for text that is not a JSON object,
// a missing or mistyped member, a "type" that is not a string; kUnsupported for a "version"
// other than 0.1.0, a "type" other than vault and envelope, an unknown wrap_type.
Result<Secret> ParseSecret(std::string_view json_text);

// Compact JSON with the members in the order CDH's serializer writes them (version, type, then
// the type's members as listed above), so that a secret Veil seals reads like one CDH's own
// `secret seal` makes. kInvalidArgument when provider_settings or annotations is not an object.
Result<std::string> SerializeSecret(const Secret& secret);

}  // namespace veil::sealed_secret
