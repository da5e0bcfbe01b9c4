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
// document); "policy_id" is ignored. The document must parse as a Veil policy of `kind`
// (policy/), whose id becomes the stored id. kMalformed for a body that is not a JSON object or
// lacks "policy"; kInvalidArgument for another "type", bad base64, or a Rego document (with what
// to send instead); the policy parser's errors.
Result<store::Policy> ParsePolicyRequest(std::string_view body, store::PolicyKind kind);

// The id of `text` parsed as a policy of `kind`, so that an invalid policy is never stored or
// served; the policy parser's errors.
Result<std::string> ValidatedPolicyId(store::PolicyKind kind, std::string_view text);

// POST /kbs/v0/reference-value: {"name", "values": [string...], "expires"?: RFC 3339,
// "provenance"?}. kInvalidArgument for mistyped members and what store::ValidateReferenceValue
// refuses.
Result<ReferenceValue> ParseReferenceValueRequest(std::string_view body);

// POST /kbs/v0/reference-value as it arrives: Veil's body above, or CoCo's RVPS message
// (rvps_message.h), told apart by IsRvpsMessage. Every reference value is validated.
struct ReferenceValueUpload {
  std::vector<ReferenceValue> references;  // one for Veil's body
  bool rvps_message = false;
};
Result<ReferenceValueUpload> ParseReferenceValueUpload(std::string_view body);

}  // namespace veil::admin
