#include "veil/policy/resource_policy.h"

#include <algorithm>
#include <map>

#include "veil/policy/allow_if.h"
#include "veil/policy/document.h"
#include "veil/policy/resource_glob.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;

Result<ResourceRule> ParseRule(const Json& json, std::size_t index) {
  std::string where = "rules[" + std::to_string(index) + "]";
  if (!json.is_object())
    return Fail(InvalidArgument(where + ": expected a rule object, found " + Quoted(json)));
  ResourceRule rule;
  VEIL_ASSIGN_OR_RETURN(rule.resource, RequiredString(json, "resource", where));
  rule.name = rule.resource;
  if (json.contains("name")) {
    VEIL_ASSIGN_OR_RETURN(rule.name, RequiredString(json, "name", where));
  }
  where += " (" + rule.name + ")";
  VEIL_TRY(ExpectObjectWithKeys(json, {"name", "resource", "allow_if"}, where));
  VEIL_ASSIGN_OR_RETURN(rule.allow_if, ParseAllowIf(json, where));
  return rule;
}

Result<bool> ParseDefault(const Json& document) {
  auto it = document.find("default");
  if (it == document.end() || *it == "deny") return false;
  if (*it == "allow") return true;
  return Fail(InvalidArgument("resource policy.default: expected \"allow\" or \"deny\", found " +
                              Quoted(*it)));
}

Status CheckUnique(const std::vector<ResourceRule>& rules) {
  std::map<std::string, std::size_t> by_name;
  std::map<std::string, std::size_t> by_glob;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (auto [it, inserted] = by_name.emplace(rules[i].name, i); !inserted) {
      return Fail(InvalidArgument("duplicate rule name \"" + rules[i].name + "\" (rules[" +
                                  std::to_string(it->second) + "] and rules[" + std::to_string(i) +
                                  "])"));
    }
    if (auto [it, inserted] = by_glob.emplace(rules[i].resource, i); !inserted) {
      return Fail(InvalidArgument("rules[" + std::to_string(i) + "]: resource \"" +
                                  rules[i].resource + "\" repeats rules[" +
                                  std::to_string(it->second) + "], so it could never match"));
    }
  }
  return {};
}

Result<ResourcePolicy> ParsePolicy(std::string_view text) {
  VEIL_ASSIGN_OR_RETURN(Json document, ParseDocument(text));
  VEIL_TRY(ExpectObjectWithKeys(document, {"id", "rules", "default"}, "resource policy"));
  ResourcePolicy policy;
  VEIL_ASSIGN_OR_RETURN(policy.id, RequiredString(document, "id", "resource policy"));
  auto rules = document.find("rules");
  if (rules == document.end() || !rules->is_array()) {
    return Fail(
        InvalidArgument("resource policy: expected \"rules\" to be a list, found " +
                        (rules == document.end() ? std::string("nothing") : Quoted(*rules))));
  }
  for (std::size_t i = 0; i < rules->size(); ++i) {
    VEIL_ASSIGN_OR_RETURN(ResourceRule rule, ParseRule((*rules)[i], i));
    policy.rules.push_back(std::move(rule));
  }
  VEIL_TRY(CheckUnique(policy.rules));
  VEIL_ASSIGN_OR_RETURN(policy.default_allow, ParseDefault(document));
  return policy;
}

// Empty when the path is acceptable, else why not.
std::string PathProblem(const Json& input) {
  auto it = input.is_object() ? input.find("resource") : input.end();
  if (!input.is_object() || it == input.end() || !it->is_string())
    return "the input has no \"resource\" string";
  const std::string& path = it->get_ref<const std::string&>();
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    const std::string segment =
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return "resource path \"" + path + "\" has an empty, \".\" or \"..\" segment";
    }
    if (slash == std::string::npos) return "";
    start = slash + 1;
  }
}

ResourceDecision Deny(std::string reason) {
  return ResourceDecision{
      .allowed = false, .rule = "default", .reason = std::move(reason), .trace = {}};
}

// The trace entry that says whether `rule`'s glob selects `path`.
TraceEntry ResourceEntry(const ResourceRule& rule, const std::string& path, bool matches) {
  TraceEntry entry;
  entry.rule = rule.name;
  entry.condition = "resource";
  entry.expected = rule.resource;
  entry.found = path;
  entry.passed = matches;
  entry.skipped = !matches;
  if (!matches) entry.note = "resource " + path + " does not match " + rule.resource;
  return entry;
}

void DecideByRule(const ResourceRule& rule, const Json& input, const std::string& path,
                  const ReferenceValueSet& references, TimePoint now, ResourceDecision& decision) {
  decision.trace.push_back(ResourceEntry(rule, path, /*matches=*/true));
  std::vector<TraceEntry> entries =
      EvaluateAllowIf(rule.name, rule.allow_if, input, references, now);
  decision.rule = rule.name;
  decision.allowed =
      std::all_of(entries.begin(), entries.end(), [](const TraceEntry& e) { return e.passed; });
  if (decision.allowed) {
    decision.reason = "rule " + rule.name + " allows " + path + ": all " +
                      std::to_string(entries.size()) + " conditions hold";
  } else {
    decision.reason = FailingRuleLines(entries).front();
  }
  decision.trace.insert(decision.trace.end(), entries.begin(), entries.end());
}

}  // namespace

Result<ResourcePolicy> ParseResourcePolicy(std::string_view text) {
  auto policy = ParsePolicy(text);
  if (!policy) return Fail(std::move(policy).error().WithContext("policy"));
  return policy;
}

ResourceDecision DecideResource(const ResourcePolicy& policy, const Json& input,
                                const ReferenceValueSet& references, TimePoint now) {
  if (std::string problem = PathProblem(input); !problem.empty()) return Deny(std::move(problem));
  const std::string path = input.find("resource")->get<std::string>();
  ResourceDecision decision;
  for (const ResourceRule& rule : policy.rules) {
    if (GlobMatches(rule.resource, path)) {
      DecideByRule(rule, input, path, references, now, decision);
      return decision;
    }
    decision.trace.push_back(ResourceEntry(rule, path, /*matches=*/false));
  }
  decision.allowed = policy.default_allow;
  decision.rule = "default";
  decision.reason =
      "no rule matches resource " + path + "; default " + (policy.default_allow ? "allow" : "deny");
  return decision;
}

nlohmann::json ResourceDecisionToJson(const ResourceDecision& decision) {
  return {{"allowed", decision.allowed},
          {"rule", decision.rule},
          {"reason", decision.reason},
          {"trace", TraceToJson(decision.trace)}};
}

nlohmann::json ResourcePolicyInputToJson(const ResourcePolicyInput& input) {
  nlohmann::json json = {{"status", input.status},
                         {"tee", input.tee},
                         {"trust_vector", input.trust_vector},
                         {"claims", input.claims},
                         {"policy_id", input.policy_id},
                         {"attestation_service", input.attestation_service},
                         {"unverified", input.unverified}};
  if (!input.resource.empty()) json["resource"] = input.resource;
  if (!input.init_data.empty()) json["init_data"] = input.init_data;
  return json;
}

}  // namespace veil::policy
