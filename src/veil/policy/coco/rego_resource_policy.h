#pragma once
// Resource policies in Rego, decided as CoCo's KBS decides them (trustee kbs/src/api_server.rs and
// policy_engine/), so that CoCo's kbs-default.rego, kbs-affirming.rego and the policies
// kbs-client writes run unchanged. docs/policy-rego.md is the reference.
//
//   input: the claims of the attestation token the request presents (for Veil's own tokens, the
//          EAR claims: {"submods": {"cpu0": {"ear.status", "ear.veraison.annotated-evidence",
//          ...}}, ...})
//   data:  {"plugin": "resource", "resource-path": ["<repository>", "<type>", "<tag>"],
//           "query": {}}
//   decision: `data.policy.allow`; allowed only when it is `true`. Undefined, or any other value,
//          denies, as CoCo's engine does.

#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

#include "veil/base/result.h"
#include "veil/policy/rego/eval/policy.h"
#include "veil/policy/resource_policy.h"
#include "veil/protocol/resource_path.h"

namespace veil::policy::coco {

inline constexpr std::string_view kAllowRule = "allow";

struct RegoResourcePolicy {
  std::shared_ptr<const rego::eval::Policy> compiled;
};

// Parses and compiles `text` (no host functions); the package must be `policy`. Errors name line
// and column ("rego: line L, column C: ...").
Result<RegoResourcePolicy> CompileRegoResourcePolicy(std::string_view text);

// CoCo's data document for a request of the resource at `path`.
nlohmann::json CocoResourceData(const protocol::ResourcePath& path);

// The decision: rule "allow" whether allowed or not; the trace has one entry per Rego rule
// definition that produced a value, and for a denial the reason says what `allow` was.
// Errors: the token claims are not representable (too deep), or evaluation failed (a limit, a
// conflict); the caller denies.
Result<ResourceDecision> DecideRegoResource(const RegoResourcePolicy& policy,
                                            const nlohmann::json& token_claims,
                                            const nlohmann::json& data);

}  // namespace veil::policy::coco
