#include "veil/admin/request_bodies.h"

#include <string>

#include <nlohmann/json.hpp>

#include "veil/base/base64.h"
#include "veil/base/rfc3339.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"
#include "veil/policy/attestation_policy.h"
#include "veil/policy/resource_policy.h"
#include "veil/store/reference_value.h"

namespace veil::admin {
namespace {

using nlohmann::json;

Result<std::string> DecodePolicyDocument(const json& body) {
  VEIL_ASSIGN_OR_RETURN(std::string encoded, ::veil::json::RequireString(body, "policy"));
  auto decoded = Base64UrlDecode(encoded);
  if (!decoded) decoded = Base64Decode(encoded);  // CoCo's clients send either alphabet
  if (!decoded) return Fail(InvalidArgument("\"policy\" is not base64url"));
  return std::string(decoded->begin(), decoded->end());
}

}  // namespace

Result<std::string> ValidatedPolicyId(store::PolicyKind kind, std::string_view text) {
  if (kind == store::PolicyKind::kAttestation) {
    VEIL_ASSIGN_OR_RETURN(auto parsed, policy::ParseAttestationPolicy(text));
    return parsed.id;
  }
  VEIL_ASSIGN_OR_RETURN(auto parsed, policy::ParseResourcePolicy(text));
  return parsed.id;
}

Result<store::Policy> ParsePolicyRequest(std::string_view body, store::PolicyKind kind) {
  VEIL_ASSIGN_OR_RETURN(json request, ::veil::json::ParseJsonObject(body, "policy request"));
  VEIL_ASSIGN_OR_RETURN(std::string text, DecodePolicyDocument(request));
  VEIL_ASSIGN_OR_RETURN(std::string id, ValidatedPolicyId(kind, text));
  return store::Policy{kind, std::move(id), std::move(text)};
}

Result<ReferenceValue> ParseReferenceValueRequest(std::string_view body) {
  VEIL_ASSIGN_OR_RETURN(json request, ::veil::json::ParseJsonObject(body, "reference value"));
  ReferenceValue reference;
  VEIL_ASSIGN_OR_RETURN(reference.name, ::veil::json::RequireString(request, "name"));
  const json* values = ::veil::json::FindMember(request, "values");
  if (values == nullptr || !values->is_array())
    return Fail(InvalidArgument("\"values\" must be an array of strings"));
  for (const json& value : *values) {
    if (!value.is_string()) return Fail(InvalidArgument("\"values\" must be an array of strings"));
    reference.values.push_back(value.get<std::string>());
  }
  VEIL_ASSIGN_OR_RETURN(auto expires, ::veil::json::OptionalString(request, "expires"));
  if (expires) {
    VEIL_ASSIGN_OR_RETURN(reference.expires_at, ParseRfc3339(*expires));
  }
  VEIL_ASSIGN_OR_RETURN(auto provenance, ::veil::json::OptionalString(request, "provenance"));
  reference.provenance = provenance.value_or("");
  VEIL_TRY(store::ValidateReferenceValue(reference));
  return reference;
}

}  // namespace veil::admin
