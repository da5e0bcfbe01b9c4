#pragma once
// Identity policies: which names (subjectAltNames) a workload certificate may carry for the
// holder of an attestation result. For EACH requested name the first rule with a `names` glob
// (resource_glob.h) matching the name's typed text ("dns:web.local", "uri:spiffe://td/x")
// decides: allowed when every `allow_if` condition holds. No rule matches: `default`. The request
// is allowed only when every name is allowed; the decision names the first refused name.
//
//   id: web-identities
//   rules:
//     - name: frontend                    # optional; defaults to the first glob; unique
//       names: ["uri:spiffe://veil.example/web/*", "dns:frontend.prod.svc.cluster.local"]
//       allow_if:                         # all must hold; paths are relative to the input
//         - {claim: status, equals: affirming}
//         - {claim: claims.measurement, in_reference: web}
//   default: deny                         # or allow; absent means deny
//
// The input object is a resource policy's (ResourcePolicyInputToJson) with "name" (the typed
// text of the name being decided) instead of "resource". No policy stored: every name is denied
// (DefaultIdentityPolicyText, default_policies.h).

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/subject_alt_name.h"
#include "veil/policy/condition.h"
#include "veil/policy/reference_values.h"
#include "veil/policy/trace.h"

namespace veil::policy {

struct IdentityRule {
  std::string name;
  std::vector<std::string> names;  // globs over "dns:…" / "uri:…"
  std::vector<Condition> allow_if;
};

struct IdentityPolicy {
  std::string id;
  std::vector<IdentityRule> rules;
  bool default_allow = false;
};

struct IdentityDecision {
  bool allowed = false;
  std::string rule;    // the rule (or "default") that refused `name`; when allowed, the first
                       // name's rule
  std::string name;    // the first refused name's typed text; when allowed, the first name's
  std::string reason;  // rule, name, claim, expected and found
  std::vector<TraceEntry> trace;
};

// JSON if the text starts with '{' after whitespace, YAML otherwise. Rejects unknown keys, a
// missing or empty `names`, a glob that starts with neither "dns:" nor "uri:", unknown or several
// conditions per allow_if item, duplicate rule names, a glob repeated from an earlier rule (it
// could never match) and a `default` other than allow/deny. Errors carry context "policy".
Result<IdentityPolicy> ParseIdentityPolicy(std::string_view text);

// Every requested name is decided and traced (no short-circuit), each with the input's "name"
// set to its typed text ("resource" removed). Denied when `requested` is empty or a name is one
// crypto::ValidateSubjectAltName refuses. Reasons:
//   identity policy rule "frontend" refuses uri:spiffe://veil.example/db: claim … expected …
//   no rule names dns:x (default: deny)
IdentityDecision DecideIdentity(const IdentityPolicy& policy,
                                std::span<const crypto::SubjectAltName> requested,
                                const nlohmann::json& input_without_name,
                                const ReferenceValueSet& references, TimePoint now);

// {"allowed", "rule", "name", "reason", "trace": [...]}
nlohmann::json IdentityDecisionToJson(const IdentityDecision& decision);

}  // namespace veil::policy
