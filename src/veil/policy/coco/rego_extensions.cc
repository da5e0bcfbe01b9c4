#include "veil/policy/coco/rego_extensions.h"

#include <algorithm>
#include <array>
#include <limits>
#include <set>
#include <string>

namespace veil::policy::coco {
namespace {

using nlohmann::json;

// The members of an EAR appraisal Veil's token writes (token/ear_claims.cc, kbs/rcar_service.cc).
constexpr std::array<std::string_view, 5> kAppraisalMembers = {
    "ear.status", "ear.trustworthiness-vector", "ear.appraisal-policy-id",
    "ear.veraison.annotated-evidence", "veil.denial-reasons"};

Error ExtensionError(const std::string& message) {
  return Error{ErrorCode::kInvalidArgument, "rego attestation policy: extensions" + message,
               "policy"};
}

Status CheckName(const json& name, std::set<std::string>& names) {
  if (!name.is_string()) return Fail(ExtensionError(": name must be a string"));
  const std::string& text = name.get_ref<const std::string&>();
  if (std::find(kAppraisalMembers.begin(), kAppraisalMembers.end(), text) !=
      kAppraisalMembers.end()) {
    return Fail(ExtensionError(": name " + text + " is a member of the appraisal itself"));
  }
  if (!names.insert(text).second)
    return Fail(ExtensionError(": name " + text + " already registered"));
  return {};
}

Status CheckKey(const json& key, std::set<std::int64_t>& keys) {
  if (!key.is_number_integer() ||
      key.get<std::int64_t>() < std::numeric_limits<std::int32_t>::min() ||
      key.get<std::int64_t>() > std::numeric_limits<std::int32_t>::max()) {
    return Fail(ExtensionError(": key must be a 32-bit integer, found " + key.dump()));
  }
  if (!keys.insert(key.get<std::int64_t>()).second)
    return Fail(ExtensionError(": key " + key.dump() + " already registered"));
  return {};
}

}  // namespace

Result<json> ExtensionsFromRego(const std::optional<rego::eval::Value>& extensions) {
  json out = json::object();
  if (!extensions) return out;
  VEIL_ASSIGN_OR_RETURN(const json list, rego::eval::ToJson(*extensions));
  if (!list.is_array())
    return Fail(ExtensionError(std::string(" must be a list, found ") + list.type_name()));
  std::set<std::string> names;
  std::set<std::int64_t> keys;
  for (const json& extension : list) {
    if (!extension.is_object() || !extension.contains("name") || !extension.contains("key") ||
        !extension.contains("value")) {
      return Fail(ExtensionError(": each must be an object with name, key and value, found " +
                                 extension.dump()));
    }
    VEIL_TRY(CheckName(extension["name"], names));
    VEIL_TRY(CheckKey(extension["key"], keys));
    if (!extension["value"].is_null())
      out[extension["name"].get<std::string>()] = extension["value"];
  }
  return out;
}

}  // namespace veil::policy::coco
