#include "veil/node/enrolment_messages.h"

#include <initializer_list>

#include "veil/base/base64.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"

namespace veil::node {
namespace {

using nlohmann::json;

Status OnlyMembers(const json& object, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : object.items()) {
    bool listed = false;
    for (std::string_view member : known) listed = listed || member == name;
    if (!listed) return Fail(Malformed("unknown member \"" + name.substr(0, 64) + "\""));
  }
  return {};
}

Result<Bytes> RequireBase64(const json& object, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(std::string text, ::veil::json::RequireString(object, name));
  auto bytes = Base64Decode(text);
  if (!bytes) return Fail(Malformed(std::string(name) + ": " + bytes.error().message));
  if (bytes->empty()) return Fail(Malformed(std::string(name) + ": expected bytes, got none"));
  return bytes;
}

}  // namespace

Result<EnrolRequest> ParseEnrolRequest(std::string_view body) {
  auto parsed = [&]() -> Result<EnrolRequest> {
    VEIL_ASSIGN_OR_RETURN(json object, ::veil::json::ParseJsonObject(body, "the enrol request"));
    VEIL_TRY(OnlyMembers(object, {"name", "ek_public", "ek_certificate", "ak_public"}));
    EnrolRequest request;
    VEIL_ASSIGN_OR_RETURN(request.name, ::veil::json::OptionalString(object, "name"));
    VEIL_ASSIGN_OR_RETURN(request.ek_public, RequireBase64(object, "ek_public"));
    VEIL_ASSIGN_OR_RETURN(request.ak_public, RequireBase64(object, "ak_public"));
    if (::veil::json::HasMember(object, "ek_certificate")) {
      VEIL_ASSIGN_OR_RETURN(request.ek_certificate, RequireBase64(object, "ek_certificate"));
    }
    return request;
  }();
  if (!parsed) return Fail(std::move(parsed).error().WithContext("enrol"));
  return parsed;
}

Result<ActivateRequest> ParseActivateRequest(std::string_view body) {
  auto parsed = [&]() -> Result<ActivateRequest> {
    VEIL_ASSIGN_OR_RETURN(json object, ::veil::json::ParseJsonObject(body, "the activate request"));
    VEIL_TRY(OnlyMembers(object, {"enrolment_id", "secret"}));
    ActivateRequest request;
    VEIL_ASSIGN_OR_RETURN(request.enrolment_id,
                          ::veil::json::RequireString(object, "enrolment_id"));
    VEIL_ASSIGN_OR_RETURN(Bytes secret, RequireBase64(object, "secret"));
    request.secret = crypto::SecretBytes(secret);
    return request;
  }();
  if (!parsed) return Fail(std::move(parsed).error().WithContext("activate"));
  return parsed;
}

}  // namespace veil::node
