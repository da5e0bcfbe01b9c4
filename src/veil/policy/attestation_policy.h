#pragma once
// Attestation (appraisal) policies: rules over one TEE's verified claims that set AR4SI
// trustworthiness claims, aggregated into a TrustVector and an `ear.status`. Language reference:
// docs/policy.md. Declarative: no loops, no functions, no regular expressions.
//
//   id: default
//   rules:
//     - name: no-debug            # unique; names the rule in traces and denial reasons
//       tee: [snp, tdx]           # optional: only these TEEs (or except_tee: [...]: all but these)
//       claim: policy.debug       # path into the TEE's claims (not for always / reference_values)
//       check: {equals: false}    # exactly one condition (condition.h)
//       pass: {configuration: 2}  # AR4SI claims set when the condition holds
//       fail: {configuration: 97} # ... and when it does not (the rule then gives a denial reason)
//
// In place of `claim` and `check`, a rule may give `any_of:` a list of alternatives, each
// `{all_of: [conditions with their claim inside, {claim: mr_signer, in_reference: ...}]}`: the
// rule holds when every condition of at least one alternative holds.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "veil/appraisal/verified_claims.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/policy/condition.h"
#include "veil/policy/reference_values.h"
#include "veil/policy/trace.h"
#include "veil/policy/trust_vector.h"

namespace veil::policy {

using Ar4siClaims = std::vector<std::pair<Ar4siComponent, std::int8_t>>;

struct AttestationRule {
  std::string name;
  std::vector<std::string> tees;         // empty: every TEE
  std::vector<std::string> except_tees;  // never together with `tees`
  Condition condition;                   // `check`; unused when any_of is given
  // any_of: alternatives, each a list of conditions that must all hold; empty for `check`.
  std::vector<std::vector<Condition>> any_of;
  Ar4siClaims on_pass;
  Ar4siClaims on_fail;
};

struct AttestationPolicy {
  std::string id;
  std::vector<AttestationRule> rules;
};

struct Appraisal {
  std::string policy_id;
  std::string tee;
  TrustVector vector;
  ArStatus status = ArStatus::kNone;
  std::vector<TraceEntry> trace;
  // True only when the claims came from appraisal::VerifiedClaims; false for recorded claims,
  // whose authenticity this evaluation does not establish.
  bool claims_verified = false;
  // Extensions of the EAR appraisal, name → value: set only by a Rego policy's `extensions` rule
  // (policy/coco/rego_extensions.h); the token writes each as a member of the submod.
  nlohmann::json extensions = nlohmann::json::object();
};

// JSON if the text starts with '{' after whitespace, YAML otherwise. Rejects, with a message
// naming the rule and key: unknown keys, unknown or several conditions, a missing or superfluous
// `claim`, `check` and `any_of` both or neither, an empty any_of or all_of, unknown AR4SI
// components, values outside int8, duplicate rule names, `tee` together with `except_tee`. Errors:
// kInvalidArgument / kMalformed with context "policy".
Result<AttestationPolicy> ParseAttestationPolicy(std::string_view text);

// Evaluates every rule in order (rules whose TEE filter excludes the claims' TEE are traced as
// skipped). An any_of rule traces every condition of every alternative; when one alternative
// holds, the failed conditions of the others are marked `overruled` and give no denial reason. For
// each AR4SI component the most severe value any rule set wins; within one tier, the first. The
// status is the most severe tier in the vector.
Appraisal EvaluateAttestationPolicy(const AttestationPolicy& policy,
                                    const appraisal::VerifiedClaims& claims,
                                    const ReferenceValueSet& references, TimePoint now);

// What-if evaluation of claims read from a file (e.g. `veil evidence verify --json` output). The
// same rules as above, but nothing here establishes that the claims are authentic: the result has
// claims_verified == false and must never become an attestation token.
Appraisal EvaluateRecordedClaims(const AttestationPolicy& policy, const std::string& tee,
                                 const nlohmann::json& claims, const ReferenceValueSet& references,
                                 TimePoint now);

// One line per failing rule: "rule no-debug: claim snp.policy.debug expected false, found true".
std::vector<std::string> DenialReasons(const Appraisal& appraisal);

// {"policy_id", "tee", "status", "trust_vector", "claims_verified", "trace": [...]}
nlohmann::json AppraisalToJson(const Appraisal& appraisal);

}  // namespace veil::policy
