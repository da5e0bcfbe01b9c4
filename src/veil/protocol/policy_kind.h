#pragma once
// The two policies a trustee holds, as the admin protocol names them (`/kbs/v0/<name>-policy`):
// the attestation (appraisal) policy and the resource (release) policy. The CLI and the store
// share this one enum.

#include <string_view>

#include "veil/base/result.h"

namespace veil::protocol {

enum class PolicyKind { kAttestation, kResource };

std::string_view PolicyKindName(PolicyKind kind);  // "attestation" | "resource"
// kInvalidArgument for any other name.
Result<PolicyKind> ParsePolicyKind(std::string_view name);

}  // namespace veil::protocol
