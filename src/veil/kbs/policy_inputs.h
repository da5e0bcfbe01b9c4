#pragma once
// What the appraisal and the resource decision read from the store at the time of a request:
// the current policies (or the built-in defaults until an admin sets one) and the reference values.

#include "veil/base/result.h"
#include "veil/policy/attestation_policy.h"
#include "veil/policy/reference_values.h"
#include "veil/policy/resource_policy.h"
#include "veil/store/store.h"

namespace veil::kbs {

Result<policy::AttestationPolicy> CurrentAttestationPolicy(store::Store& store);
Result<policy::ResourcePolicy> CurrentResourcePolicy(store::Store& store);
Result<policy::ReferenceValueSet> CurrentReferenceValues(store::Store& store);

}  // namespace veil::kbs
