#include "veil/protocol/policy_kind.h"

#include <string>

namespace veil::protocol {

std::string_view PolicyKindName(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kAttestation:
      return "attestation";
    case PolicyKind::kResource:
      return "resource";
    case PolicyKind::kIdentity:
      return "identity";
  }
  return "unknown";
}

Result<PolicyKind> ParsePolicyKind(std::string_view name) {
  for (PolicyKind kind : kAllPolicyKinds) {
    if (PolicyKindName(kind) == name) return kind;
  }
  return Fail(InvalidArgument(
      "policy kind: expected \"attestation\", \"resource\" or \"identity\", got \"" +
      std::string(name) + "\""));
}

}  // namespace veil::protocol
