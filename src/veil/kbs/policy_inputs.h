#pragma once
// What the appraisal and the resource decision read from the store at the time of a request:
// the current policies (or the built-in defaults until an admin sets one) and the reference values.
// A stored policy is Veil's (YAML or JSON, docs/policy.md) or Rego (docs/policy-rego.md), told
// apart by its content: a Rego module begins with `package`.

#include <memory>
#include <variant>

#include "veil/base/result.h"
#include "veil/policy/attestation_policy.h"
#include "veil/policy/coco/rego_attestation_policy.h"
#include "veil/policy/coco/rego_resource_policy.h"
#include "veil/policy/reference_values.h"
#include "veil/policy/resource_policy.h"
#include "veil/store/store.h"

namespace veil::kbs {

using AnyAttestationPolicy =
    std::variant<policy::AttestationPolicy, policy::coco::RegoAttestationPolicy>;
using AnyResourcePolicy = std::variant<policy::ResourcePolicy, policy::coco::RegoResourcePolicy>;

// `id` names a Rego policy (Rego has no id of its own); Veil's documents carry theirs.
Result<AnyAttestationPolicy> ParseAnyAttestationPolicy(std::string_view text, std::string id);
Result<AnyResourcePolicy> ParseAnyResourcePolicy(std::string_view text);

class PolicyCache;

// The stored policy, read from `store` on every call; parsed through `cache` when one is given
// (policy_cache.h: parsed again only when the stored text changed), else parsed here. The
// built-in default, when none is stored, is parsed once per process.
Result<std::shared_ptr<const AnyAttestationPolicy>> CurrentAttestationPolicy(
    store::Store& store, PolicyCache* cache = nullptr);
Result<std::shared_ptr<const AnyResourcePolicy>> CurrentResourcePolicy(
    store::Store& store, PolicyCache* cache = nullptr);
Result<policy::ReferenceValueSet> CurrentReferenceValues(store::Store& store);

}  // namespace veil::kbs
