#include "veil/policy/coco/rego_resource_policy.h"

#include <string>

#include "veil/policy/coco/rego_document.h"
#include "veil/policy/coco/rego_trace.h"
#include "veil/policy/rego/parser.h"

namespace veil::policy::coco {
namespace {

namespace eval = rego::eval;

std::string DescribeAllow(const std::optional<eval::Value>& allow) {
  if (!allow) return "data.policy.allow is undefined";
  return "data.policy.allow is " + eval::ToRegoText(*allow);
}

}  // namespace

Result<RegoResourcePolicy> CompileRegoResourcePolicy(std::string_view text) {
  VEIL_ASSIGN_OR_RETURN(rego::Module module, rego::ParseModule(text));
  VEIL_TRY(ExpectPackagePolicy(module));
  VEIL_ASSIGN_OR_RETURN(eval::Policy compiled, eval::Policy::Compile(std::move(module)));
  return RegoResourcePolicy{std::make_shared<const eval::Policy>(std::move(compiled))};
}

nlohmann::json CocoResourceData(const protocol::ResourcePath& path) {
  return {{"plugin", "resource"},
          {"resource-path",
           {std::string(path.repository()), std::string(path.type()), std::string(path.tag())}},
          {"query", nlohmann::json::object()}};
}

Result<ResourceDecision> DecideRegoResource(const RegoResourcePolicy& policy,
                                            const nlohmann::json& token_claims,
                                            const nlohmann::json& data) {
  VEIL_ASSIGN_OR_RETURN(eval::Value input, eval::FromJson(token_claims));
  VEIL_ASSIGN_OR_RETURN(eval::Value data_value, eval::FromJson(data));
  VEIL_ASSIGN_OR_RETURN(eval::Decision decision,
                        policy.compiled->Evaluate(kAllowRule, input, data_value));
  ResourceDecision result;
  result.rule = std::string(kAllowRule);
  // Only `true` allows: CoCo's engine reads the rule as a boolean and denies otherwise.
  result.allowed = decision.value && decision.value->is_boolean() && decision.value->boolean();
  if (!result.allowed) result.reason = DescribeAllow(decision.value);
  result.trace = RegoTrace(decision.trace);
  return result;
}

}  // namespace veil::policy::coco
