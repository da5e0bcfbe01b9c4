#include "veil/admin/node_registration.h"

#include <nlohmann/json.hpp>

#include "veil/base/base64.h"
#include "veil/crypto/certificate.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"
#include "veil/node/tpm_keys.h"

namespace veil::admin {
namespace {

using nlohmann::json;

Result<Bytes> DecodeMember(const json& body, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(std::string text, ::veil::json::RequireString(body, name));
  auto bytes = Base64Decode(text);
  if (!bytes) return Fail(InvalidArgument("\"" + std::string(name) + "\" is not base64"));
  return bytes;
}

Result<store::NodeIdentity> Parse(std::string_view body) {
  VEIL_ASSIGN_OR_RETURN(json object, ::veil::json::ParseJsonObject(body, "the node"));
  for (const auto& [key, value] : object.items()) {
    if (key != "name" && key != "ek_certificate" && key != "ek_public")
      return Fail(InvalidArgument("unknown member \"" + key.substr(0, 64) + "\""));
  }
  store::NodeIdentity identity;
  VEIL_ASSIGN_OR_RETURN(identity.name, ::veil::json::RequireString(object, "name"));
  VEIL_TRY(store::ValidateNodeName(identity.name));
  const bool has_certificate = ::veil::json::HasMember(object, "ek_certificate");
  if (has_certificate == ::veil::json::HasMember(object, "ek_public")) {
    return Fail(
        InvalidArgument("expected exactly one of \"ek_certificate\" and \"ek_public\", got " +
                        std::string(has_certificate ? "both" : "neither")));
  }
  if (has_certificate) {
    VEIL_ASSIGN_OR_RETURN(Bytes bytes, DecodeMember(object, "ek_certificate"));
    auto certificate = crypto::Certificate::FromDerOrPem(bytes);
    if (!certificate) return Fail(std::move(certificate).error().WithContext("EK certificate"));
    VEIL_ASSIGN_OR_RETURN(crypto::PublicKey key, certificate->GetPublicKey());
    identity.ek_digest = node::KeyDigest(key);
    identity.ek_certificate = certificate->Der();
  } else {
    VEIL_ASSIGN_OR_RETURN(Bytes bytes, DecodeMember(object, "ek_public"));
    VEIL_ASSIGN_OR_RETURN(node::TpmKey ek, node::LoadTpmPublicKey("EK public", bytes));
    identity.ek_digest = ek.digest;
  }
  VEIL_TRY(store::ValidateNodeIdentity(identity));
  return identity;
}

}  // namespace

Result<store::NodeIdentity> ParseNodeRegistration(std::string_view body) {
  auto parsed = Parse(body);
  if (!parsed) return Fail(std::move(parsed).error().WithContext("node"));
  return parsed;
}

}  // namespace veil::admin
