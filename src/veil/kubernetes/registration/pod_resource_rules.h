#pragma once
// The resource policy rules `veil pod seal --register` adds to the trustee's resource policy
// (Veil's language, docs/policy.md): one rule per resource, named "init-data <path>", whose glob
// is the path itself and which allows only
//   {claim: status, equals: affirming}                       the attestation policy affirmed
//   {claim: init_data, in_reference: init-data.<path…>}      the token's init-data was registered
// so a refusal names the reference value the init-data was compared with. For kAgentPcr23 the
// rule is named "veil-agent <path>" and compares claims.pcrs.sha256.23 with veil-agent-pcr23.<…>.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/base/result.h"
#include "veil/kubernetes/registration/init_data_reference.h"
#include "veil/protocol/resource_path.h"

namespace veil::kubernetes {

Result<nlohmann::json> PodResourceRule(const BoundResource& resource);

struct MergedResourcePolicy {
  std::string text;                           // the policy to store, JSON
  std::string id;                             // its id (the current policy's)
  std::vector<protocol::ResourcePath> added;  // resources that had no rule yet
};

// `current` (the trustee's resource policy text, JSON or YAML) with a rule for each resource that
// has none, placed first (before any broader glob could decide for it) in the order given; every
// other rule, the id and the default are kept. A rule equal to the one that would be added is
// left where it is, so merging again changes nothing (`added` empty). kUnsupported for a Rego
// policy; kInvalidArgument when another rule already has a resource's exact glob (it would be
// clobbered), naming it, or when `current` does not parse as a resource policy.
Result<MergedResourcePolicy> MergePodResourceRules(std::string_view current,
                                                   std::span<const BoundResource> resources);

}  // namespace veil::kubernetes
