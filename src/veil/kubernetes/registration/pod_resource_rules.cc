#include "veil/kubernetes/registration/pod_resource_rules.h"

#include "veil/policy/coco/rego_document.h"
#include "veil/policy/document.h"
#include "veil/policy/resource_policy.h"

namespace veil::kubernetes {
namespace {

using nlohmann::json;

Error RegisterError(ErrorCode code, std::string message) {
  return Error{code, std::move(message), "resource policy"};
}

// The index of the rule whose glob is exactly `path`, or -1.
std::ptrdiff_t RuleFor(const json& rules, const std::string& path) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].is_object() && rules[i].value("resource", json()) == path)
      return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

}  // namespace

Result<json> PodResourceRule(const BoundResource& bound) {
  const protocol::ResourcePath& resource = bound.resource;
  VEIL_ASSIGN_OR_RETURN(std::string name, InitDataReferenceName(resource, bound.binding));
  const bool init_data = bound.binding == ReferenceBinding::kInitData;
  return json{
      {"name", (init_data ? "init-data " : "veil-agent ") + resource.str()},
      {"resource", resource.str()},
      {"allow_if", json::array({json{{"claim", "status"}, {"equals", "affirming"}},
                                json{{"claim", init_data ? "init_data" : "claims.pcrs.sha256.23"},
                                     {"in_reference", name}}})}};
}

Result<MergedResourcePolicy> MergePodResourceRules(std::string_view current,
                                                   std::span<const BoundResource> resources) {
  if (policy::coco::LooksLikeRego(current)) {
    return Fail(RegisterError(ErrorCode::kUnsupported,
                              "the trustee's resource policy is Rego; --register adds rules to a "
                              "policy in Veil's language only: add them by hand"));
  }
  VEIL_TRY(policy::ParseResourcePolicy(current));  // what is merged into is a valid policy
  VEIL_ASSIGN_OR_RETURN(json document, policy::ParseDocument(current));
  json& rules = document["rules"];
  json added_rules = json::array();
  MergedResourcePolicy merged;
  for (const BoundResource& bound : resources) {
    const protocol::ResourcePath& resource = bound.resource;
    VEIL_ASSIGN_OR_RETURN(json rule, PodResourceRule(bound));
    const std::ptrdiff_t at = RuleFor(rules, resource.str());
    if (at < 0) {
      added_rules.push_back(std::move(rule));
      merged.added.push_back(resource);
      continue;
    }
    const json& existing = rules[static_cast<std::size_t>(at)];
    if (existing != rule) {
      return Fail(RegisterError(
          ErrorCode::kInvalidArgument,
          "rules[" + std::to_string(at) + "] (" + existing.value("name", resource.str()) +
              ") already decides " + resource.str() + " and is not the rule --register writes (" +
              rule.dump() + "): remove it from the resource policy or release another resource"));
    }
  }
  for (json& rule : rules) added_rules.push_back(std::move(rule));
  rules = std::move(added_rules);
  merged.text = document.dump(2) + "\n";
  VEIL_ASSIGN_OR_RETURN(policy::ResourcePolicy parsed, policy::ParseResourcePolicy(merged.text));
  merged.id = parsed.id;
  return merged;
}

}  // namespace veil::kubernetes
