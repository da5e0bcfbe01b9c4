#include "veil/kbs/policy_inputs.h"

#include "veil/policy/default_policies.h"

namespace veil::kbs {

Result<policy::AttestationPolicy> CurrentAttestationPolicy(store::Store& store) {
  VEIL_ASSIGN_OR_RETURN(auto record, store.GetPolicy(store::PolicyKind::kAttestation));
  if (!record) return policy::DefaultAttestationPolicy();
  return policy::ParseAttestationPolicy(record->policy.text);
}

Result<policy::ResourcePolicy> CurrentResourcePolicy(store::Store& store) {
  VEIL_ASSIGN_OR_RETURN(auto record, store.GetPolicy(store::PolicyKind::kResource));
  if (!record) return policy::DefaultResourcePolicy();
  return policy::ParseResourcePolicy(record->policy.text);
}

Result<policy::ReferenceValueSet> CurrentReferenceValues(store::Store& store) {
  VEIL_ASSIGN_OR_RETURN(auto records, store.ListReferenceValues());
  policy::ReferenceValueSet set;
  for (auto& record : records) VEIL_TRY(set.Add(std::move(record.reference)));
  return set;
}

}  // namespace veil::kbs
