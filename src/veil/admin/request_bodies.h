#pragma once
// The JSON bodies of the admin endpoints (admin_service.h), parsed and validated whole before
// anything is stored: these are the admin API's parsers of untrusted bytes.

#include <string>
#include <string_view>
#include <vector>

#include "veil/base/reference_value.h"
#include "veil/base/result.h"
#include "veil/store/policy.h"

namespace veil::admin {

// POST /kbs/v0/resource-policy | attestation-policy: {"type"?, "policy_id"?, "policy":
// "<document>"} as kbs-client sends it, the document in base64url or base64 (CoCo's clients send
// either alphabet). "type" may be absent, "veil" or "rego" (kbs-client's default whatever the
// document). The document is a Veil policy of `kind` (policy/), whose id becomes the stored id,
// or a Rego module (it begins with `package`, policy/coco/) that must compile; a Rego policy's id
// is "policy_id", or "default" as CoCo's. kMalformed for a body that is not a JSON object or
// lacks "policy"; kInvalidArgument for another "type" or bad base64; the policy parser's or Rego
// compiler's errors (with line and column).
Result<store::Policy> ParsePolicyRequest(std::string_view body, store::PolicyKind kind);

inline constexpr std::string_view kDefaultRegoPolicyId = "default";

// The id of `text` parsed (or, for Rego, compiled) as a policy of `kind`, so that an invalid
// policy is never stored or served; the policy parser's or compiler's errors. A Rego module has
// no id of its own: it is `rego_id`.
Result<std::string> ValidatedPolicyId(store::PolicyKind kind, std::string_view text,
                                      std::string_view rego_id = kDefaultRegoPolicyId);

// POST /kbs/v0/reference-value: {"name", "values": [string, integer or boolean...], "expires"?:
// RFC 3339, "provenance"?}; each value keeps the kind it was written as. kInvalidArgument for
// mistyped members and what store::ValidateReferenceValue refuses.
Result<ReferenceValue> ParseReferenceValueRequest(std::string_view body);

// What Veil's body asks of the values it lists ("mode"; absent is "replace", what the body meant
// before "mode" existed and what CoCo's RVPS message does).
enum class ReferenceValueChange {
  kReplace,  // "replace": the values become the name's only ones
  kAppend,   // "append": added to the name's values, each with this expiry and provenance
  kRemove,   // "remove": removed from the name's values ("expires"/"provenance" refused)
};

// POST /kbs/v0/reference-value as it arrives: Veil's body above with "mode"?: "replace" |
// "append" | "remove" and "force"?: boolean (store an unknown "<tee>." name, see
// policy/reference_value_catalogue.h), or CoCo's RVPS message (rvps_message.h), told apart by
// IsRvpsMessage. Every reference value is validated as the store does; the catalogue check needs
// the time and is the caller's.
struct ReferenceValueUpload {
  std::vector<ReferenceValue> references;  // one for Veil's body
  bool rvps_message = false;
  ReferenceValueChange change = ReferenceValueChange::kReplace;
  bool force = false;
};
Result<ReferenceValueUpload> ParseReferenceValueUpload(std::string_view body);

// POST /kbs/v0/reference-values (import): {"reference_values": [{"name", "values": [string,
// integer or boolean...], "expires"?, "provenance"?}, ...], "force"?: boolean}: a whole set,
// stored all or nothing, each listed name's values replaced by those of its entries.
// kInvalidArgument for mistyped members, unknown members, and what
// store::ValidateReferenceValueEntries refuses.
struct ReferenceValueImport {
  std::vector<ReferenceValue> references;
  bool force = false;
};
Result<ReferenceValueImport> ParseReferenceValueImport(std::string_view body);

}  // namespace veil::admin
