#include "veil/kbs/policy_inputs.h"

#include <utility>

#include "veil/policy/coco/rego_document.h"
#include "veil/policy/default_policies.h"

namespace veil::kbs {

Result<AnyAttestationPolicy> ParseAnyAttestationPolicy(std::string_view text, std::string id) {
  if (policy::coco::LooksLikeRego(text)) {
    VEIL_ASSIGN_OR_RETURN(auto rego,
                          policy::coco::CompileRegoAttestationPolicy(text, std::move(id)));
    return rego;
  }
  VEIL_ASSIGN_OR_RETURN(auto veil, policy::ParseAttestationPolicy(text));
  return veil;
}

Result<AnyResourcePolicy> ParseAnyResourcePolicy(std::string_view text) {
  if (policy::coco::LooksLikeRego(text)) {
    VEIL_ASSIGN_OR_RETURN(auto rego, policy::coco::CompileRegoResourcePolicy(text));
    return rego;
  }
  VEIL_ASSIGN_OR_RETURN(auto veil, policy::ParseResourcePolicy(text));
  return veil;
}

Result<AnyAttestationPolicy> CurrentAttestationPolicy(store::Store& store) {
  VEIL_ASSIGN_OR_RETURN(auto record, store.GetPolicy(store::PolicyKind::kAttestation));
  if (!record) return policy::DefaultAttestationPolicy();
  return ParseAnyAttestationPolicy(record->policy.text, record->policy.id);
}

Result<AnyResourcePolicy> CurrentResourcePolicy(store::Store& store) {
  VEIL_ASSIGN_OR_RETURN(auto record, store.GetPolicy(store::PolicyKind::kResource));
  if (!record) return policy::DefaultResourcePolicy();
  return ParseAnyResourcePolicy(record->policy.text);
}

Result<policy::ReferenceValueSet> CurrentReferenceValues(store::Store& store) {
  VEIL_ASSIGN_OR_RETURN(auto records, store.ListReferenceValues());
  policy::ReferenceValueSet set;
  for (auto& record : records) VEIL_TRY(set.Add(std::move(record.reference)));
  return set;
}

}  // namespace veil::kbs
