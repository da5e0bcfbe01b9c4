#include "veil/policy/attestation_policy.h"

#include <algorithm>
#include <map>
#include <optional>
#include <span>

#include "veil/policy/document.h"

namespace veil::policy {
namespace {

using Json = nlohmann::json;

Result<Ar4siClaims> ParseAr4siClaims(const Json& object, const std::string& where) {
  if (!object.is_object()) {
    return Fail(InvalidArgument(where + ": expected an object of AR4SI components, found " +
                                Quoted(object)));
  }
  Ar4siClaims claims;
  for (const auto& [name, value] : object.items()) {
    const std::optional<Ar4siComponent> component = Ar4siComponentFromName(name);
    if (!component) {
      return Fail(InvalidArgument(where + ": unknown AR4SI component \"" + name +
                                  "\"; expected one of " + Ar4siComponentNames()));
    }
    const std::optional<std::int8_t> number = Ar4siValueFromJson(value);
    if (!number) {
      return Fail(InvalidArgument(where + "." + name +
                                  ": expected an integer in -128..127, found " + Quoted(value)));
    }
    claims.emplace_back(*component, *number);
  }
  return claims;
}

Result<std::vector<std::string>> OptionalTeeList(const Json& rule, const char* key,
                                                 const std::string& where) {
  auto it = rule.find(key);
  if (it == rule.end()) return std::vector<std::string>{};
  return StringList(*it, where + "." + key);
}

Result<std::string> OptionalClaim(const Json& rule, const std::string& where) {
  auto it = rule.find("claim");
  if (it == rule.end()) return std::string();
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    return Fail(
        InvalidArgument(where + ".claim: expected a non-empty claim path, found " + Quoted(*it)));
  }
  return it->get<std::string>();
}

Result<Ar4siClaims> OptionalAr4siClaims(const Json& rule, const char* key,
                                        const std::string& where) {
  auto it = rule.find(key);
  if (it == rule.end()) return Ar4siClaims{};
  return ParseAr4siClaims(*it, where + "." + key);
}

// any_of: a non-empty list of {all_of: [conditions]}, each all_of a non-empty list of conditions
// with their claim inside.
Result<std::vector<std::vector<Condition>>> ParseAnyOf(const Json& any_of,
                                                       const std::string& where) {
  if (!any_of.is_array() || any_of.empty()) {
    return Fail(InvalidArgument(where + ": expected a non-empty list of alternatives, found " +
                                Quoted(any_of)));
  }
  std::vector<std::vector<Condition>> alternatives;
  for (std::size_t i = 0; i < any_of.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    VEIL_TRY(ExpectObjectWithKeys(any_of[i], {"all_of"}, at));
    auto all_of = any_of[i].find("all_of");
    if (all_of == any_of[i].end() || !all_of->is_array() || all_of->empty()) {
      return Fail(
          InvalidArgument(at + ".all_of: expected a non-empty list of conditions, found " +
                          (all_of == any_of[i].end() ? std::string("nothing") : Quoted(*all_of))));
    }
    VEIL_ASSIGN_OR_RETURN(
        std::vector<Condition> conditions,
        ParseConditionsWithClaim(*all_of, ConditionContext::kAttestation, at + ".all_of"));
    alternatives.push_back(std::move(conditions));
  }
  return alternatives;
}

// The rule's test: `claim` with `check`, or `any_of`.
Status ParseTest(const Json& json, const std::string& where, AttestationRule& rule) {
  auto check = json.find("check");
  auto any_of = json.find("any_of");
  if (check != json.end() && any_of != json.end())
    return Fail(InvalidArgument(where + ": give either \"check\" or \"any_of\", not both"));
  if (any_of != json.end()) {
    if (json.contains("claim")) {
      return Fail(InvalidArgument(
          where + ": \"claim\" goes inside each condition of \"any_of\", not beside it"));
    }
    VEIL_ASSIGN_OR_RETURN(rule.any_of, ParseAnyOf(*any_of, where + ".any_of"));
    return {};
  }
  if (check == json.end()) return Fail(InvalidArgument(where + ": missing \"check\""));
  VEIL_ASSIGN_OR_RETURN(std::string claim, OptionalClaim(json, where));
  VEIL_ASSIGN_OR_RETURN(
      rule.condition,
      ParseCondition(*check, std::move(claim), ConditionContext::kAttestation, where + ".check"));
  return {};
}

Result<AttestationRule> ParseRule(const Json& json, std::size_t index) {
  std::string where = "rules[" + std::to_string(index) + "]";
  if (!json.is_object())
    return Fail(InvalidArgument(where + ": expected a rule object, found " + Quoted(json)));
  AttestationRule rule;
  VEIL_ASSIGN_OR_RETURN(rule.name, RequiredString(json, "name", where));
  where += " (" + rule.name + ")";
  VEIL_TRY(ExpectObjectWithKeys(
      json, {"name", "tee", "except_tee", "claim", "check", "any_of", "pass", "fail"}, where));
  VEIL_ASSIGN_OR_RETURN(rule.tees, OptionalTeeList(json, "tee", where));
  VEIL_ASSIGN_OR_RETURN(rule.except_tees, OptionalTeeList(json, "except_tee", where));
  if (!rule.tees.empty() && !rule.except_tees.empty()) {
    return Fail(InvalidArgument(where + ": give either \"tee\" or \"except_tee\", not both"));
  }
  VEIL_TRY(ParseTest(json, where, rule));
  VEIL_ASSIGN_OR_RETURN(rule.on_pass, OptionalAr4siClaims(json, "pass", where));
  VEIL_ASSIGN_OR_RETURN(rule.on_fail, OptionalAr4siClaims(json, "fail", where));
  return rule;
}

Result<AttestationPolicy> ParsePolicy(std::string_view text) {
  VEIL_ASSIGN_OR_RETURN(Json document, ParseDocument(text));
  VEIL_TRY(ExpectObjectWithKeys(document, {"id", "rules"}, "attestation policy"));
  AttestationPolicy policy;
  VEIL_ASSIGN_OR_RETURN(policy.id, RequiredString(document, "id", "attestation policy"));
  auto rules = document.find("rules");
  if (rules == document.end() || !rules->is_array()) {
    return Fail(
        InvalidArgument("attestation policy: expected \"rules\" to be a list, found " +
                        (rules == document.end() ? std::string("nothing") : Quoted(*rules))));
  }
  std::map<std::string, std::size_t> index_of_name;
  for (std::size_t i = 0; i < rules->size(); ++i) {
    VEIL_ASSIGN_OR_RETURN(AttestationRule rule, ParseRule((*rules)[i], i));
    auto [it, inserted] = index_of_name.emplace(rule.name, i);
    if (!inserted) {
      return Fail(InvalidArgument("duplicate rule name \"" + rule.name + "\" (rules[" +
                                  std::to_string(it->second) + "] and rules[" + std::to_string(i) +
                                  "])"));
    }
    policy.rules.push_back(std::move(rule));
  }
  return policy;
}

std::string JoinTees(const std::vector<std::string>& tees) {
  std::string joined;
  for (const std::string& tee : tees) joined += (joined.empty() ? "" : ", ") + tee;
  return "[" + joined + "]";
}

// Empty when the rule applies to `tee`, else why it is skipped.
std::string SkipReason(const AttestationRule& rule, const std::string& tee) {
  auto contains = [&](const std::vector<std::string>& tees) {
    return std::find(tees.begin(), tees.end(), tee) != tees.end();
  };
  if (!rule.tees.empty() && !contains(rule.tees))
    return "tee " + tee + " not in " + JoinTees(rule.tees);
  if (contains(rule.except_tees))
    return "tee " + tee + " excluded by except_tee " + JoinTees(rule.except_tees);
  return "";
}

std::string EffectText(const Ar4siClaims& claims) {
  std::string text;
  for (const auto& [component, value] : claims) {
    text += (text.empty() ? "" : ", ") + std::string(Ar4siComponentName(component)) + "=" +
            std::to_string(value);
  }
  return text;
}

bool AllPassed(std::span<const TraceEntry> entries) {
  return std::all_of(entries.begin(), entries.end(), [](const TraceEntry& e) { return e.passed; });
}

// Alternative `holding` of an any_of rule (its entries from starts[holding]) held: the failed
// entries of the other alternatives decided nothing.
void MarkOverruled(std::vector<TraceEntry>& entries, const std::vector<std::size_t>& starts,
                   std::size_t holding) {
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::size_t end = i + 1 < starts.size() ? starts[i + 1] : entries.size();
    for (std::size_t e = starts[i]; e < end; ++e) {
      if (entries[e].passed) continue;
      entries[e].overruled = true;
      entries[e].note += (entries[e].note.empty() ? "" : "; ") +
                         std::string("any_of alternative ") + std::to_string(i + 1) +
                         " does not hold, alternative " + std::to_string(holding + 1) + " does";
    }
  }
}

// Appends the entries of the rule's test to `entries`; whether it holds.
bool EvaluateTest(const AttestationRule& rule, const ClaimScope& scope,
                  const ReferenceValueSet& references, TimePoint now,
                  std::vector<TraceEntry>& entries) {
  if (rule.any_of.empty()) {
    entries = EvaluateCondition(rule.condition, scope, references, now);
    return AllPassed(entries);
  }
  // Each alternative's entries, and the first alternative that holds.
  std::vector<std::size_t> starts;
  std::optional<std::size_t> holding;
  for (std::size_t i = 0; i < rule.any_of.size(); ++i) {
    starts.push_back(entries.size());
    for (const Condition& condition : rule.any_of[i]) {
      std::vector<TraceEntry> part = EvaluateCondition(condition, scope, references, now);
      entries.insert(entries.end(), part.begin(), part.end());
    }
    if (!holding && AllPassed(std::span(entries).subspan(starts.back()))) holding = i;
  }
  if (!holding) return false;
  MarkOverruled(entries, starts, *holding);
  return true;
}

void EvaluateRule(const AttestationRule& rule, const ClaimScope& scope,
                  const ReferenceValueSet& references, TimePoint now, Appraisal& appraisal) {
  if (std::string skip = SkipReason(rule, scope.tee); !skip.empty()) {
    TraceEntry entry;
    entry.rule = rule.name;
    entry.condition = "tee";
    entry.skipped = true;
    entry.note = std::move(skip);
    appraisal.trace.push_back(std::move(entry));
    return;
  }
  std::vector<TraceEntry> entries;
  const bool passed = EvaluateTest(rule, scope, references, now, entries);
  const Ar4siClaims& effect = passed ? rule.on_pass : rule.on_fail;
  for (const auto& [component, value] : effect) appraisal.vector.Raise(component, value);
  for (TraceEntry& entry : entries) {
    entry.rule = rule.name;
    // The effect belongs to the entries that decided it: all of them when the rule passed, the
    // failing ones when it failed (a passing part of a failed `all` caused nothing).
    if (entry.passed == passed) entry.effect = EffectText(effect);
    appraisal.trace.push_back(std::move(entry));
  }
}

Appraisal Evaluate(const AttestationPolicy& policy, const std::string& tee, const Json& claims,
                   const ReferenceValueSet& references, TimePoint now, bool verified) {
  Appraisal appraisal;
  appraisal.policy_id = policy.id;
  appraisal.tee = tee;
  appraisal.claims_verified = verified;
  const ClaimScope scope{.root = &claims, .display_prefix = tee + ".", .tee = tee};
  for (const AttestationRule& rule : policy.rules)
    EvaluateRule(rule, scope, references, now, appraisal);
  appraisal.status = appraisal.vector.Status();
  return appraisal;
}

}  // namespace

Result<AttestationPolicy> ParseAttestationPolicy(std::string_view text) {
  auto policy = ParsePolicy(text);
  if (!policy) return Fail(std::move(policy).error().WithContext("policy"));
  return policy;
}

Appraisal EvaluateAttestationPolicy(const AttestationPolicy& policy,
                                    const appraisal::VerifiedClaims& claims,
                                    const ReferenceValueSet& references, TimePoint now) {
  return Evaluate(policy, std::string(claims.tee()), claims.claims(), references, now,
                  /*verified=*/true);
}

Appraisal EvaluateRecordedClaims(const AttestationPolicy& policy, const std::string& tee,
                                 const nlohmann::json& claims, const ReferenceValueSet& references,
                                 TimePoint now) {
  return Evaluate(policy, tee, claims, references, now, /*verified=*/false);
}

std::vector<std::string> DenialReasons(const Appraisal& appraisal) {
  return FailingRuleLines(appraisal.trace);
}

nlohmann::json AppraisalToJson(const Appraisal& appraisal) {
  return {{"policy_id", appraisal.policy_id},
          {"tee", appraisal.tee},
          {"status", ArStatusToJson(appraisal.status)},
          {"trust_vector", TrustVectorToJson(appraisal.vector)},
          {"claims_verified", appraisal.claims_verified},
          {"trace", TraceToJson(appraisal.trace)}};
}

}  // namespace veil::policy
