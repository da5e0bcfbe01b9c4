#pragma once
// The policies a trustee holds, as the admin protocol names them (`/kbs/v0/<name>-policy`): the
// attestation (appraisal) policy, the resource (release) policy and the identity policy (which
// names a workload certificate may carry). The CLI and the store share this one enum.

#include <string_view>

#include "veil/base/result.h"

namespace veil::protocol {

enum class PolicyKind { kAttestation, kResource, kIdentity };

inline constexpr PolicyKind kAllPolicyKinds[] = {PolicyKind::kAttestation, PolicyKind::kResource,
                                                 PolicyKind::kIdentity};

std::string_view PolicyKindName(PolicyKind kind);  // "attestation" | "resource" | "identity"
// kInvalidArgument for any other name.
Result<PolicyKind> ParsePolicyKind(std::string_view name);

}  // namespace veil::protocol
