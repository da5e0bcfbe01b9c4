#include "veil/admin/request_bodies.h"

#include <algorithm>
#include <initializer_list>
#include <string>

#include "veil/admin/rvps_message.h"
#include "veil/policy/coco/rego_attestation_policy.h"
#include "veil/policy/coco/rego_document.h"
#include "veil/policy/coco/rego_resource_policy.h"

#include <nlohmann/json.hpp>

#include "veil/base/base64.h"
#include "veil/base/rfc3339.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"
#include "veil/policy/attestation_policy.h"
#include "veil/policy/claim_value.h"
#include "veil/policy/identity_policy.h"
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

// kbs-client sends "type": "rego" whatever the document is, so "type" cannot tell the languages
// apart: the document itself tells (LooksLikeRego).
Status CheckPolicyType(const json& body) {
  VEIL_ASSIGN_OR_RETURN(auto type, ::veil::json::OptionalString(body, "type"));
  if (!type || *type == "veil" || *type == "rego") return {};
  constexpr std::size_t kMaxEchoedChars = 64;  // the name is the caller's, echoed bounded
  return Fail(InvalidArgument("policy \"type\" \"" + type->substr(0, kMaxEchoedChars) +
                              "\" is not supported: expected \"type\" absent, \"veil\", or "
                              "\"rego\" (kbs-client's default); the document's content tells "
                              "Rego from a Veil policy"));
}

Status ExpectOnlyMembers(const json& object, std::initializer_list<std::string_view> allowed,
                         std::string_view where) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      constexpr std::size_t kMaxEchoedChars = 64;
      return Fail(InvalidArgument(std::string(where) + ": unknown member \"" +
                                  key.substr(0, kMaxEchoedChars) + "\""));
    }
  }
  return {};
}

// "values": a list of strings, integers or booleans, as a reference values document takes them
// (policy/reference_values.h), each kept with the kind it was written as.
Status AddValues(const json& request, ReferenceValue& reference) {
  constexpr std::string_view kExpected =
      "\"values\" must be an array of strings, integers or booleans";
  const json* values = ::veil::json::FindMember(request, "values");
  if (values == nullptr || !values->is_array())
    return Fail(InvalidArgument(std::string(kExpected)));
  for (const json& value : *values) {
    const std::optional<ReferenceValueKind> kind = policy::JsonKind(value);
    if (!kind || *kind == ReferenceValueKind::kNumber)
      return Fail(InvalidArgument(std::string(kExpected)));
    reference.Add(*policy::CanonicalText(value), *kind);
  }
  return {};
}

// {"name", "values", "expires"?, "provenance"?}, validated as the store validates it.
Result<ReferenceValue> ReferenceValueFromJson(const json& request) {
  ReferenceValue reference;
  VEIL_ASSIGN_OR_RETURN(reference.name, ::veil::json::RequireString(request, "name"));
  VEIL_TRY(AddValues(request, reference));
  VEIL_ASSIGN_OR_RETURN(auto expires, ::veil::json::OptionalString(request, "expires"));
  if (expires) {
    VEIL_ASSIGN_OR_RETURN(reference.expires_at, ParseRfc3339(*expires));
  }
  VEIL_ASSIGN_OR_RETURN(auto provenance, ::veil::json::OptionalString(request, "provenance"));
  reference.provenance = provenance.value_or("");
  VEIL_TRY(store::ValidateReferenceValue(reference));
  return reference;
}

Result<bool> OptionalForce(const json& request) {
  const json* force = ::veil::json::FindMember(request, "force");
  if (force == nullptr) return false;
  if (!force->is_boolean()) return Fail(InvalidArgument("\"force\" must be true or false"));
  return force->get<bool>();
}

Result<ReferenceValueChange> ChangeOf(const json& request) {
  VEIL_ASSIGN_OR_RETURN(auto mode, ::veil::json::OptionalString(request, "mode"));
  if (!mode || *mode == "replace") return ReferenceValueChange::kReplace;
  if (*mode == "append") return ReferenceValueChange::kAppend;
  if (*mode == "remove") {
    if (request.contains("expires") || request.contains("provenance")) {
      return Fail(InvalidArgument(
          "\"mode\": \"remove\" takes only \"name\" and \"values\": a removed value has no "
          "expiry or provenance"));
    }
    return ReferenceValueChange::kRemove;
  }
  constexpr std::size_t kMaxEchoedChars = 64;
  return Fail(InvalidArgument("\"mode\": expected \"replace\", \"append\" or \"remove\", got \"" +
                              mode->substr(0, kMaxEchoedChars) + "\""));
}

}  // namespace

Result<std::string> ValidatedPolicyId(store::PolicyKind kind, std::string_view text,
                                      std::string_view rego_id) {
  if (kind == store::PolicyKind::kIdentity) {
    if (policy::coco::LooksLikeRego(text)) {
      return Fail(Unsupported(
          "an identity policy is a Veil policy document (docs/policy.md, \"Identity policies\"); "
          "Rego is not supported for it"));
    }
    VEIL_ASSIGN_OR_RETURN(auto parsed, policy::ParseIdentityPolicy(text));
    return parsed.id;
  }
  if (policy::coco::LooksLikeRego(text)) {
    if (kind == store::PolicyKind::kAttestation) {
      VEIL_TRY(policy::coco::CompileRegoAttestationPolicy(text, std::string(rego_id)));
    } else {
      VEIL_TRY(policy::coco::CompileRegoResourcePolicy(text));
    }
    return std::string(rego_id);
  }
  if (kind == store::PolicyKind::kAttestation) {
    VEIL_ASSIGN_OR_RETURN(auto parsed, policy::ParseAttestationPolicy(text));
    return parsed.id;
  }
  VEIL_ASSIGN_OR_RETURN(auto parsed, policy::ParseResourcePolicy(text));
  return parsed.id;
}

Result<store::Policy> ParsePolicyRequest(std::string_view body, store::PolicyKind kind) {
  VEIL_ASSIGN_OR_RETURN(json request, ::veil::json::ParseJsonObject(body, "policy request"));
  VEIL_TRY(CheckPolicyType(request));
  VEIL_ASSIGN_OR_RETURN(std::string text, DecodePolicyDocument(request));
  VEIL_ASSIGN_OR_RETURN(auto policy_id, ::veil::json::OptionalString(request, "policy_id"));
  VEIL_ASSIGN_OR_RETURN(
      std::string id,
      ValidatedPolicyId(kind, text, policy_id ? *policy_id : std::string(kDefaultRegoPolicyId)));
  return store::Policy{kind, std::move(id), std::move(text)};
}

Result<ReferenceValue> ParseReferenceValueRequest(std::string_view body) {
  VEIL_ASSIGN_OR_RETURN(json request, ::veil::json::ParseJsonObject(body, "reference value"));
  return ReferenceValueFromJson(request);
}

Result<ReferenceValueUpload> ParseReferenceValueUpload(std::string_view body) {
  VEIL_ASSIGN_OR_RETURN(json request, ::veil::json::ParseJsonObject(body, "reference value"));
  if (IsRvpsMessage(request)) {
    VEIL_ASSIGN_OR_RETURN(auto references, ParseRvpsMessage(request));
    return ReferenceValueUpload{std::move(references), true};
  }
  VEIL_TRY(ExpectOnlyMembers(request, {"name", "values", "expires", "provenance", "mode", "force"},
                             "reference value"));
  ReferenceValueUpload upload;
  VEIL_ASSIGN_OR_RETURN(upload.change, ChangeOf(request));
  VEIL_ASSIGN_OR_RETURN(upload.force, OptionalForce(request));
  VEIL_ASSIGN_OR_RETURN(ReferenceValue reference, ReferenceValueFromJson(request));
  upload.references.push_back(std::move(reference));
  return upload;
}

Result<ReferenceValueImport> ParseReferenceValueImport(std::string_view body) {
  VEIL_ASSIGN_OR_RETURN(json request,
                        ::veil::json::ParseJsonObject(body, "reference value import"));
  VEIL_TRY(ExpectOnlyMembers(request, {"reference_values", "force"}, "reference value import"));
  const json* entries = ::veil::json::FindMember(request, "reference_values");
  if (entries == nullptr || !entries->is_array()) {
    return Fail(InvalidArgument(
        "reference value import: \"reference_values\" must be an array of {name, values, "
        "expires?, provenance?}"));
  }
  ReferenceValueImport import;
  VEIL_ASSIGN_OR_RETURN(import.force, OptionalForce(request));
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const json& entry = (*entries)[i];
    const std::string where = "reference_values[" + std::to_string(i) + "]";
    if (!entry.is_object()) return Fail(InvalidArgument(where + ": expected an object"));
    VEIL_TRY(ExpectOnlyMembers(entry, {"name", "values", "expires", "provenance"}, where));
    auto reference = ReferenceValueFromJson(entry);
    if (!reference) return Fail(std::move(reference).error().WithContext(where));
    import.references.push_back(std::move(*reference));
  }
  VEIL_TRY(store::ValidateReferenceValueEntries(import.references));
  return import;
}

}  // namespace veil::admin
