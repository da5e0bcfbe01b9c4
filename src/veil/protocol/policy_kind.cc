#include "veil/protocol/policy_kind.h"

#include <string>

namespace veil::protocol {

std::string_view PolicyKindName(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kAttestation:
      return "attestation";
    case PolicyKind::kResource:
      return "resource";
  }
  return "unknown";
}

Result<PolicyKind> ParsePolicyKind(std::string_view name) {
  for (PolicyKind kind : {PolicyKind::kAttestation, PolicyKind::kResource}) {
    if (PolicyKindName(kind) == name) return kind;
  }
  return Fail(InvalidArgument("policy kind: expected \"attestation\" or \"resource\", got \"" +
                              std::string(name) + "\""));
}

}  // namespace veil::protocol
