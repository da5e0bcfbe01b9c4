#pragma once
// The agent policies a sealed manifest carries: for each Pod and pod template with the init-data
// annotation, the `policy.rego` of the init-data the annotation decodes to. What
// `veil pod policy explain MANIFEST` reads.

#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"

namespace veil::kubernetes {

struct SealedPolicy {
  std::string object;  // "Deployment/shop-web"
  std::string policy_rego;
};

// In document order; workloads without the annotation are skipped. kMalformed for YAML that does
// not parse, an annotation that does not decode or init-data without a policy.rego.
Result<std::vector<SealedPolicy>> SealedAgentPolicies(std::string_view yaml);

}  // namespace veil::kubernetes
