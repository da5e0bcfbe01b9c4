#include "veil/sealed_secret/secret.h"

#include <utility>

#include "veil/base/overloaded.h"
#include "veil/json/jcs.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"

namespace veil::sealed_secret {
namespace {

constexpr std::string_view kVault = "vault";
constexpr std::string_view kEnvelope = "envelope";

Result<nlohmann::json> RequireMap(const nlohmann::json& object, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(const nlohmann::json* member, json::RequireObject(object, name));
  return *member;
}

Result<WrapType> ParseWrapType(const nlohmann::json& object) {
  VEIL_ASSIGN_OR_RETURN(const std::string name, json::RequireString(object, "wrap_type"));
  for (const WrapType type : {WrapType::kA256Gcm, WrapType::kA256Ctr}) {
    if (name == WrapTypeName(type)) return type;
  }
  return Fail(Unsupported("wrap_type \"" + name + "\" is not A256GCM or A256CTR"));
}

Result<VaultSecret> ParseVault(const nlohmann::json& object) {
  VaultSecret vault;
  VEIL_ASSIGN_OR_RETURN(vault.name, json::RequireString(object, "name"));
  VEIL_ASSIGN_OR_RETURN(vault.provider, json::RequireString(object, "provider"));
  VEIL_ASSIGN_OR_RETURN(vault.provider_settings, RequireMap(object, "provider_settings"));
  VEIL_ASSIGN_OR_RETURN(vault.annotations, RequireMap(object, "annotations"));
  return vault;
}

Result<EnvelopeSecret> ParseEnvelope(const nlohmann::json& object) {
  EnvelopeSecret envelope;
  VEIL_ASSIGN_OR_RETURN(envelope.key_id, json::RequireString(object, "key_id"));
  VEIL_ASSIGN_OR_RETURN(envelope.encrypted_key, json::RequireString(object, "encrypted_key"));
  VEIL_ASSIGN_OR_RETURN(envelope.encrypted_data, json::RequireString(object, "encrypted_data"));
  VEIL_ASSIGN_OR_RETURN(envelope.wrap_type, ParseWrapType(object));
  VEIL_ASSIGN_OR_RETURN(envelope.iv, json::RequireString(object, "iv"));
  VEIL_ASSIGN_OR_RETURN(envelope.provider, json::RequireString(object, "provider"));
  VEIL_ASSIGN_OR_RETURN(envelope.provider_settings, RequireMap(object, "provider_settings"));
  VEIL_ASSIGN_OR_RETURN(envelope.annotations, RequireMap(object, "annotations"));
  return envelope;
}

// One `"name":value` member; the value written as JCS, which also refuses invalid UTF-8.
Result<std::string> Member(std::string_view name, const nlohmann::json& value) {
  auto text = json::CanonicalizeJcs(value);
  if (!text) return Fail(InvalidArgument(std::string(name) + ": " + text.error().message));
  return "\"" + std::string(name) + "\":" + *text;
}

Result<std::string> Map(std::string_view name, const nlohmann::json& value) {
  if (!value.is_object()) {
    return Fail(
        InvalidArgument(std::string(name) + " must be a JSON object, got " + value.type_name()));
  }
  return Member(name, value);
}

Result<std::string> Join(std::initializer_list<Result<std::string>> members) {
  std::string out = "{";
  for (const Result<std::string>& member : members) {
    if (!member) return Fail(member.error());
    if (out.size() > 1) out += ",";
    out += *member;
  }
  return out + "}";
}

}  // namespace

std::string_view WrapTypeName(WrapType type) {
  return type == WrapType::kA256Gcm ? "A256GCM" : "A256CTR";
}

std::string_view SecretTypeName(const Secret& secret) {
  return std::holds_alternative<VaultSecret>(secret.content) ? kVault : kEnvelope;
}

Secret KbsVaultSecret(const protocol::ResourcePath& resource) {
  VaultSecret vault;
  vault.name = "kbs:///" + resource.str();
  vault.provider = std::string(kKbsProvider);
  return Secret{std::string(kSecretVersion), std::move(vault)};
}

Result<Secret> ParseSecret(std::string_view json_text) {
  VEIL_ASSIGN_OR_RETURN(const nlohmann::json object,
                        json::ParseJsonObject(json_text, "the secret"));
  Secret secret;
  VEIL_ASSIGN_OR_RETURN(secret.version, json::RequireString(object, "version"));
  if (secret.version != kSecretVersion) {
    return Fail(Unsupported("sealed secret version \"" + secret.version +
                            "\": confidential-data-hub unseals only " +
                            std::string(kSecretVersion)));
  }
  VEIL_ASSIGN_OR_RETURN(const std::string type, json::RequireString(object, "type"));
  if (type == kVault) {
    VEIL_ASSIGN_OR_RETURN(secret.content, ParseVault(object));
  } else if (type == kEnvelope) {
    VEIL_ASSIGN_OR_RETURN(secret.content, ParseEnvelope(object));
  } else {
    return Fail(Unsupported("sealed secret type \"" + type + "\" is not vault or envelope"));
  }
  return secret;
}

Result<std::string> SerializeSecret(const Secret& secret) {
  const Result<std::string> version = Member("version", secret.version);
  const Result<std::string> type = Member("type", std::string(SecretTypeName(secret)));
  return std::visit(
      Overloaded{
          [&](const VaultSecret& vault) {
            return Join({version, type, Member("name", vault.name),
                         Member("provider", vault.provider),
                         Map("provider_settings", vault.provider_settings),
                         Map("annotations", vault.annotations)});
          },
          [&](const EnvelopeSecret& envelope) {
            return Join({version, type, Member("key_id", envelope.key_id),
                         Member("encrypted_key", envelope.encrypted_key),
                         Member("encrypted_data", envelope.encrypted_data),
                         Member("wrap_type", std::string(WrapTypeName(envelope.wrap_type))),
                         Member("iv", envelope.iv), Member("provider", envelope.provider),
                         Map("provider_settings", envelope.provider_settings),
                         Map("annotations", envelope.annotations)});
          },
      },
      secret.content);
}

}  // namespace veil::sealed_secret
