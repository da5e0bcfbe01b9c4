#pragma once
// Attestation policies in Rego, evaluated as CoCo's attestation service evaluates its EAR
// policies (trustee attestation-service/src/ear_token/broker.rs), so that CoCo's
// ear_default_policy_cpu.rego runs unchanged. docs/policy-rego.md is the reference.
//
// The input is CoCo's flattened claims (broker.rs, transform_claims), coco_attestation_input.h;
// data is {}.
//
// `query_reference_value(name)` answers what CoCo's RVPS answers: the JSON registered under the
// name (trustee rvps/src/lib.rs), each value of the kind it was written as (ReferenceValueKind:
// 3, true, "abc"). When the unexpired entries of Veil's reference value `name` are exactly one
// entry written as a scalar (an RVPS message's `"name": true`), the answer is that scalar;
// otherwise it is an array of every unexpired value in order (`"name": [3]` answers [3]; entries
// stored before kinds were kept answer strings). Null when the name has no unexpired value, as
// CoCo's RVPS answers null for an unknown id.
//
// The rule `trust_claims` must be an object of AR4SI component name → integer in -128..127; each
// sets that component (others stay 0), and the status is the vector's most severe tier. As in
// CoCo, an undefined `trust_claims` or one that sets no component to a non-zero value is an
// error (the attestation is refused). An unknown component or a value that is not an int8 is an
// error too (CoCo would panic or truncate). The rule `extensions`, when the module defines it,
// gives the appraisal's EAR extensions (rego_extensions.h); an error there refuses the attestation.

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "veil/appraisal/verified_claims.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/policy/attestation_policy.h"
#include "veil/policy/coco/coco_attestation_input.h"
#include "veil/policy/reference_values.h"
#include "veil/policy/rego/eval/policy.h"

namespace veil::policy::coco {

inline constexpr std::string_view kQueryReferenceValue = "query_reference_value";
inline constexpr std::string_view kTrustClaimsRule = "trust_claims";

struct RegoAttestationPolicy {
  std::string id;  // the appraisal policy id the EAR token names ("default", as CoCo's)
  std::shared_ptr<const rego::eval::Policy> compiled;
};

// Parses and compiles `text` with the host function query_reference_value(name); the module must
// define `trust_claims`. Errors name line and column ("rego: line L, column C: ...").
Result<RegoAttestationPolicy> CompileRegoAttestationPolicy(std::string_view text, std::string id);

// The appraisal of verified claims (claims_verified = true). The trace has one entry per Rego
// rule definition that produced a value (condition "rego", note "line N"), one per reference
// value queried and not found (missing_reference), and one for `trust_claims` (its effect). When
// the status is not affirming, the trust_claims entry and the missing reference values fail, so
// that DenialReasons and EnrolmentHints name them.
Result<Appraisal> AppraiseWithRego(const RegoAttestationPolicy& policy,
                                   const appraisal::VerifiedClaims& claims,
                                   const CocoRuntimeClaims& runtime,
                                   const ReferenceValueSet& references, TimePoint now);

// The same over an input read from a file (`veil policy eval`): claims_verified = false.
Result<Appraisal> AppraiseRecordedWithRego(const RegoAttestationPolicy& policy, std::string tee,
                                           const nlohmann::json& input,
                                           const ReferenceValueSet& references, TimePoint now);

}  // namespace veil::policy::coco
