#include "veil/kbs/policy_inputs.h"

#include <utility>

#include "veil/kbs/policy_cache.h"
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

Result<std::shared_ptr<const AnyAttestationPolicy>> CurrentAttestationPolicy(store::Store& store,
                                                                             PolicyCache* cache) {
  static const auto kDefault =
      std::make_shared<const AnyAttestationPolicy>(policy::DefaultAttestationPolicy());
  VEIL_ASSIGN_OR_RETURN(auto record, store.GetPolicy(store::PolicyKind::kAttestation));
  if (!record) return kDefault;
  if (cache != nullptr) return cache->Attestation(record->policy);
  VEIL_ASSIGN_OR_RETURN(auto parsed,
                        ParseAnyAttestationPolicy(record->policy.text, record->policy.id));
  return std::make_shared<const AnyAttestationPolicy>(std::move(parsed));
}

Result<std::shared_ptr<const AnyResourcePolicy>> CurrentResourcePolicy(store::Store& store,
                                                                       PolicyCache* cache) {
  static const auto kDefault =
      std::make_shared<const AnyResourcePolicy>(policy::DefaultResourcePolicy());
  VEIL_ASSIGN_OR_RETURN(auto record, store.GetPolicy(store::PolicyKind::kResource));
  if (!record) return kDefault;
  if (cache != nullptr) return cache->Resource(record->policy);
  VEIL_ASSIGN_OR_RETURN(auto parsed, ParseAnyResourcePolicy(record->policy.text));
  return std::make_shared<const AnyResourcePolicy>(std::move(parsed));
}

Result<policy::ReferenceValueSet> CurrentReferenceValues(store::Store& store) {
  VEIL_ASSIGN_OR_RETURN(auto records, store.ListReferenceValues());
  policy::ReferenceValueSet set;
  for (auto& record : records) VEIL_TRY(set.Add(std::move(record.reference)));
  return set;
}

}  // namespace veil::kbs
