#pragma once
// Resource policies: whether the secret at "repository/type/tag" is released to the holder of an
// attestation result. The first rule whose `resource` glob (resource_glob.h) matches the path
// decides: allow when every `allow_if` condition holds, deny otherwise. No rule matches: `default`.
//
//   id: default-resource
//   rules:
//     - name: prod-web                    # optional; defaults to the glob
//       resource: "prod/*/*"
//       allow_if:                         # all must hold; paths are relative to the input object
//         - {claim: status, equals: affirming}
//         - {claim: claims.measurement, in_reference: web}
//   default: deny                         # or allow; absent means deny
//
// The input object: {"resource", "status", "tee", "trust_vector", "claims", "policy_id",
// "attestation_service", "unverified"}.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/policy/condition.h"
#include "veil/policy/reference_values.h"
#include "veil/policy/trace.h"

namespace veil::policy {

struct ResourceRule {
  std::string name;
  std::string resource;  // glob
  std::vector<Condition> allow_if;
};

struct ResourcePolicy {
  std::string id;
  std::vector<ResourceRule> rules;
  bool default_allow = false;
};

struct ResourceDecision {
  bool allowed = false;
  std::string rule;    // the deciding rule's name, or "default"
  std::string reason;  // for a denial: rule, claim, expected and found
  std::vector<TraceEntry> trace;
};

// JSON if the text starts with '{' after whitespace, YAML otherwise. Rejects unknown keys,
// unknown or several conditions per item, `reference_values` (attestation only), a missing
// `claim`, duplicate names, a glob repeated from an earlier rule (it could never match), and a
// `default` other than allow/deny. Errors carry context "policy".
Result<ResourcePolicy> ParseResourcePolicy(std::string_view text);

// What a resource policy reads, from the attestation result behind a request: built in one place
// so that the trustee (kbs/resource_service.cc) and `veil policy eval` give policies the same
// object. `resource` may be empty when the caller sets it later.
struct ResourcePolicyInput {
  std::string resource;
  std::string status;  // "affirming", ...
  std::string tee;
  nlohmann::json trust_vector;  // {"instance-identity": 0, ...}
  nlohmann::json claims;        // the TEE's claims
  std::string policy_id;
  std::string attestation_service = "self";  // or the trusted service (passport/)
  nlohmann::json unverified = nlohmann::json::object();
  // The hex digest of the guest's init-data as the token carries it (after the appraisal checked
  // its binding to the TEE field); the input's "init_data" is absent when empty.
  std::string init_data = {};
};
nlohmann::json ResourcePolicyInputToJson(const ResourcePolicyInput& input);

// `input["resource"]` must be a path without empty, "." or ".." segments, or the request is
// denied. Every condition of the deciding rule is evaluated and traced (no short-circuit).
ResourceDecision DecideResource(const ResourcePolicy& policy, const nlohmann::json& input,
                                const ReferenceValueSet& references, TimePoint now);

// {"allowed", "rule", "reason", "trace": [...]}
nlohmann::json ResourceDecisionToJson(const ResourceDecision& decision);

}  // namespace veil::policy
