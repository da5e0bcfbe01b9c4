#include "veil/policy/allow_if.h"

#include "veil/policy/document.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kUnverifiedRoot = "unverified";

bool ReadsUnverifiedEvidence(const Condition& condition) {
  const std::string_view claim = condition.claim;
  return claim == kUnverifiedRoot ||
         (claim.starts_with(kUnverifiedRoot) && claim.size() > kUnverifiedRoot.size() &&
          claim[kUnverifiedRoot.size()] == '.');
}

void RefuseUnverified(TraceEntry& entry) {
  entry.passed = false;
  entry.note = "claim " + entry.claim +
               " is unverified device evidence (no verifier exists for it); a release cannot "
               "rest on it";
}

}  // namespace

Result<std::vector<Condition>> ParseAllowIf(const Json& rule, const std::string& where) {
  auto it = rule.find("allow_if");
  if (it == rule.end())
    return Fail(
        InvalidArgument(where + ": missing \"allow_if\" (use [] to allow unconditionally)"));
  if (!it->is_array())
    return Fail(InvalidArgument(where + ".allow_if: expected a list, found " + Quoted(*it)));
  return ParseConditionsWithClaim(*it, ConditionContext::kResource, where + ".allow_if");
}

std::vector<TraceEntry> EvaluateAllowIf(const std::string& rule_name,
                                        const std::vector<Condition>& allow_if, const Json& input,
                                        const ReferenceValueSet& references, TimePoint now) {
  auto tee_claim = input.find("tee");
  const std::string tee =
      tee_claim != input.end() && tee_claim->is_string() ? tee_claim->get<std::string>() : "";
  const ClaimScope scope{.root = &input, .display_prefix = "", .tee = tee};
  std::vector<TraceEntry> entries;
  for (const Condition& condition : allow_if) {
    for (TraceEntry& entry : EvaluateCondition(condition, scope, references, now)) {
      entry.rule = rule_name;
      if (ReadsUnverifiedEvidence(condition)) RefuseUnverified(entry);
      entries.push_back(std::move(entry));
    }
  }
  return entries;
}

}  // namespace veil::policy
