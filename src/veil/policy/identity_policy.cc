#include "veil/policy/identity_policy.h"

#include <algorithm>
#include <map>

#include "veil/policy/allow_if.h"
#include "veil/policy/document.h"
#include "veil/policy/resource_glob.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;

Status CheckGlob(const std::string& glob, const std::string& where) {
  if (glob.starts_with("dns:") || glob.starts_with("uri:")) return {};
  return Fail(InvalidArgument(where + ": name \"" + glob.substr(0, 80) +
                              "\" must start with \"dns:\" or \"uri:\""));
}

Result<IdentityRule> ParseRule(const Json& json, std::size_t index) {
  std::string where = "rules[" + std::to_string(index) + "]";
  if (!json.is_object())
    return Fail(InvalidArgument(where + ": expected a rule object, found " + Quoted(json)));
  auto names = json.find("names");
  if (names == json.end()) return Fail(InvalidArgument(where + ": missing \"names\""));
  IdentityRule rule;
  VEIL_ASSIGN_OR_RETURN(rule.names, StringList(*names, where + ".names"));
  rule.name = rule.names.front();
  if (json.contains("name")) {
    VEIL_ASSIGN_OR_RETURN(rule.name, RequiredString(json, "name", where));
  }
  where += " (" + rule.name + ")";
  VEIL_TRY(ExpectObjectWithKeys(json, {"name", "names", "allow_if"}, where));
  for (const std::string& glob : rule.names) VEIL_TRY(CheckGlob(glob, where + ".names"));
  VEIL_ASSIGN_OR_RETURN(rule.allow_if, ParseAllowIf(json, where));
  return rule;
}

Result<bool> ParseDefault(const Json& document) {
  auto it = document.find("default");
  if (it == document.end() || *it == "deny") return false;
  if (*it == "allow") return true;
  return Fail(InvalidArgument("identity policy.default: expected \"allow\" or \"deny\", found " +
                              Quoted(*it)));
}

Status CheckUnique(const std::vector<IdentityRule>& rules) {
  std::map<std::string, std::size_t> by_name;
  std::map<std::string, std::size_t> by_glob;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (auto [it, inserted] = by_name.emplace(rules[i].name, i); !inserted) {
      return Fail(InvalidArgument("duplicate rule name \"" + rules[i].name + "\" (rules[" +
                                  std::to_string(it->second) + "] and rules[" + std::to_string(i) +
                                  "])"));
    }
    for (const std::string& glob : rules[i].names) {
      if (auto [it, inserted] = by_glob.emplace(glob, i); !inserted) {
        return Fail(
            InvalidArgument("rules[" + std::to_string(i) + "]: name \"" + glob +
                            "\" repeats rules[" + std::to_string(it->second) +
                            (it->second == i ? "] itself" : "], so it could never match here")));
      }
    }
  }
  return {};
}

Result<IdentityPolicy> ParsePolicy(std::string_view text) {
  VEIL_ASSIGN_OR_RETURN(Json document, ParseDocument(text));
  VEIL_TRY(ExpectObjectWithKeys(document, {"id", "rules", "default"}, "identity policy"));
  IdentityPolicy policy;
  VEIL_ASSIGN_OR_RETURN(policy.id, RequiredString(document, "id", "identity policy"));
  auto rules = document.find("rules");
  if (rules == document.end() || !rules->is_array()) {
    return Fail(
        InvalidArgument("identity policy: expected \"rules\" to be a list, found " +
                        (rules == document.end() ? std::string("nothing") : Quoted(*rules))));
  }
  for (std::size_t i = 0; i < rules->size(); ++i) {
    VEIL_ASSIGN_OR_RETURN(IdentityRule rule, ParseRule((*rules)[i], i));
    policy.rules.push_back(std::move(rule));
  }
  VEIL_TRY(CheckUnique(policy.rules));
  VEIL_ASSIGN_OR_RETURN(policy.default_allow, ParseDefault(document));
  return policy;
}

// The first of `rule`'s globs that matches `name`, or nullptr.
const std::string* MatchingGlob(const IdentityRule& rule, const std::string& name) {
  auto it = std::find_if(rule.names.begin(), rule.names.end(),
                         [&](const std::string& glob) { return GlobMatches(glob, name); });
  return it == rule.names.end() ? nullptr : &*it;
}

// The trace entry that says whether `rule` names `name` (and by which glob).
TraceEntry NameEntry(const IdentityRule& rule, const std::string& name, const std::string* glob) {
  TraceEntry entry;
  entry.rule = rule.name;
  entry.condition = "name";
  entry.found = name;
  entry.passed = glob != nullptr;
  entry.skipped = glob == nullptr;
  if (glob != nullptr) {
    entry.expected = *glob;
  } else {
    std::string globs;
    for (const std::string& each : rule.names) globs += (globs.empty() ? "" : ", ") + each;
    entry.expected = "one of [" + globs + "]";
    entry.note = name + " matches none of the rule's names";
  }
  return entry;
}

// The outcome of one requested name.
struct NameOutcome {
  bool allowed = false;
  std::string rule;
  std::string reason;
};

NameOutcome DecideName(const IdentityPolicy& policy, const std::string& name, const Json& input,
                       const ReferenceValueSet& references, TimePoint now,
                       std::vector<TraceEntry>& trace) {
  for (const IdentityRule& rule : policy.rules) {
    const std::string* glob = MatchingGlob(rule, name);
    trace.push_back(NameEntry(rule, name, glob));
    if (glob == nullptr) continue;
    std::vector<TraceEntry> entries =
        EvaluateAllowIf(rule.name, rule.allow_if, input, references, now);
    const bool allowed =
        std::all_of(entries.begin(), entries.end(), [](const TraceEntry& e) { return e.passed; });
    NameOutcome outcome{.allowed = allowed, .rule = rule.name, .reason = ""};
    if (!allowed) {
      // FailingRuleLines starts "rule <name>: "; the reason names the rule its own way.
      const std::string line = FailingRuleLines(entries).front();
      outcome.reason = "identity policy rule \"" + rule.name + "\" refuses " + name + ": " +
                       line.substr(("rule " + rule.name + ": ").size());
    }
    trace.insert(trace.end(), entries.begin(), entries.end());
    return outcome;
  }
  const std::string effect = policy.default_allow ? "allow" : "deny";
  return {.allowed = policy.default_allow,
          .rule = "default",
          .reason = "no rule names " + name + " (default: " + effect + ")"};
}

}  // namespace

Result<IdentityPolicy> ParseIdentityPolicy(std::string_view text) {
  auto policy = ParsePolicy(text);
  if (!policy) return Fail(std::move(policy).error().WithContext("policy"));
  return policy;
}

IdentityDecision DecideIdentity(const IdentityPolicy& policy,
                                std::span<const crypto::SubjectAltName> requested,
                                const Json& input_without_name, const ReferenceValueSet& references,
                                TimePoint now) {
  IdentityDecision decision;
  if (requested.empty()) {
    decision.rule = "default";
    decision.reason = "no names requested";
    return decision;
  }
  Json input = input_without_name.is_object() ? input_without_name : Json::object();
  input.erase("resource");
  bool refused = false;
  std::string allowed_list;
  for (const crypto::SubjectAltName& requested_name : requested) {
    const std::string name = crypto::SubjectAltNameText(requested_name);
    NameOutcome outcome;
    if (const Status valid = crypto::ValidateSubjectAltName(requested_name); !valid) {
      outcome = {.allowed = false, .rule = "default", .reason = valid.error().message};
    } else {
      input["name"] = name;
      outcome = DecideName(policy, name, input, references, now, decision.trace);
    }
    if (decision.name.empty() || (!outcome.allowed && !refused)) {
      decision.rule = outcome.rule;
      decision.name = name;
      decision.reason = outcome.reason;
    }
    refused = refused || !outcome.allowed;
    allowed_list += (allowed_list.empty() ? "" : ", ") + name + " (rule \"" + outcome.rule + "\")";
  }
  decision.allowed = !refused;
  if (decision.allowed) decision.reason = "identity policy allows " + allowed_list;
  return decision;
}

nlohmann::json IdentityDecisionToJson(const IdentityDecision& decision) {
  return {{"allowed", decision.allowed},
          {"rule", decision.rule},
          {"name", decision.name},
          {"reason", decision.reason},
          {"trace", TraceToJson(decision.trace)}};
}

}  // namespace veil::policy
