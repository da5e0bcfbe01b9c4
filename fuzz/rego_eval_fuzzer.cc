// libFuzzer target: claims, as an attester sends them, evaluated by CoCo's CPU EAR policy (read
// once from the fixtures) and by a small policy that exercises the constructs CoCo's policies do
// not (every, partial rules, functions, comprehensions, set operators, built-ins). Input is JSON:
// the claims document, whose "refs" member (if an object) answers query_reference_value.
// Input that starts with "package" is instead a policy: if it compiles, every rule (not function)
// is evaluated on fixed claims, so that fuzzed policies reach every construct of the evaluator.
// Whatever the input, evaluation ends within its limits with a value, undefined, or an error
// that says "rego: ...", and evaluating again gives the same answer.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/policy/rego/eval/policy.h"
#include "veil/policy/rego/parser.h"

namespace {

using veil::policy::rego::eval::Policy;
using veil::policy::rego::eval::Value;

constexpr std::string_view kExtraPolicy = R"(package fuzz
import rego.v1

default allow := false
allow if {
  every k, v in input.submods { startswith(k, "cpu"); v["ear.status"] == "affirming" }
  count(input.submods) > 0
}
names contains n if { some n in input.names; is_string(n) }
lengths[n] := count(n) if { some n in names }
label(x) := sprintf("%v/%s", [x, lower(x)]) if is_string(x)
else := "other"
labels := [label(x) | some x in input.list]
merged := object.union_n([o | some o in input.objects; is_object(o)])
common := {x | some x in input.a} & {x | some x in input.b}
numbers := [n * 2 + 1 | some n in input.list; is_number(n); n % 2 == 0]
subset if object.subset(input.a, input.b)
pairs := {k: v | some k, v in input.o; not is_object(v)}
)";

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::optional<Policy> Compile(std::string_view text) {
  auto module = veil::policy::rego::ParseModule(text);
  VEIL_CHECK(module.has_value());
  veil::policy::rego::eval::CompileOptions options;
  options.host_functions["query_reference_value"] = 1;
  auto policy = Policy::Compile(std::move(*module), options);
  VEIL_CHECK(policy.has_value());
  return std::move(*policy);
}

struct Target {
  const Policy* policy;
  std::vector<std::string> rules;
};

const std::vector<Target>& Targets() {
  static const std::optional<Policy> cpu = Compile(
      ReadFile(std::string(VEIL_FIXTURES_DIR) + "/rego/trustee/as-ear_default_policy_cpu.rego"));
  static const std::optional<Policy> extra = Compile(kExtraPolicy);
  static const std::vector<Target> targets = {
      {&*cpu, {"trust_claims", "extensions"}},
      {&*extra, {"allow", "lengths", "labels", "merged", "common", "numbers", "subset", "pairs"}},
  };
  return targets;
}

std::string Answer(const veil::Result<veil::policy::rego::eval::Decision>& decision) {
  if (!decision) {
    VEIL_CHECK(decision.error().message.rfind("rego: ", 0) == 0);
    return "error: " + decision.error().message;
  }
  if (!decision->value) return "undefined";
  return ToRegoText(*decision->value);
}

veil::policy::rego::eval::EvaluationOptions SmallLimits(const Value* refs) {
  veil::policy::rego::eval::EvaluationOptions options;
  options.limits.max_steps = 20'000;
  options.limits.max_collection_size = 1'000;
  options.functions["query_reference_value"] =
      [refs](std::span<const Value> args) -> veil::Result<std::optional<Value>> {
    const Value* found = refs != nullptr ? refs->Find(args[0]) : nullptr;
    return found != nullptr ? std::optional<Value>(*found) : std::nullopt;
  };
  return options;
}

void EvaluatePolicyText(std::string_view text) {
  auto module = veil::policy::rego::ParseModule(text);
  if (!module) return;
  veil::policy::rego::eval::CompileOptions compile;
  compile.host_functions["query_reference_value"] = 1;
  auto policy = Policy::Compile(std::move(*module), compile);
  if (!policy) {
    VEIL_CHECK(policy.error().message.rfind("rego: ", 0) == 0);
    return;
  }
  static const Value claims = *veil::policy::rego::eval::FromJson(nlohmann::json::parse(R"({
      "sample": {"launch_digest": "abcde", "svn": "1", "debug": false,
                 "platform_version": {"major": 1, "minor": 2}},
      "submods": {"cpu0": {"ear.status": "affirming",
                           "ear.veraison.annotated-evidence": {"sample": {"productId": "x"}}}},
      "list": [1, "a", [2], {"k": "v"}, null, true, 2.5], "o": {"a": 1, "b": [1, 2]}})"));
  static const Value request = *veil::policy::rego::eval::FromJson(nlohmann::json::parse(
      R"({"plugin": "resource", "resource-path": ["myrepo", "x", "key"], "query": {}})"));
  static const Value refs = *veil::policy::rego::eval::FromJson(
      nlohmann::json::parse(R"({"launch_digest": ["abcde"], "svn": ["1"]})"));
  const auto options = SmallLimits(&refs);
  for (const auto& [name, group] : policy->rules()) {
    if (group.kind == veil::policy::rego::RuleKind::kFunction) continue;
    const std::string first = Answer(policy->Evaluate(name, claims, request, options));
    const std::string second = Answer(policy->Evaluate(name, claims, request, options));
    VEIL_CHECK(first == second);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (text.starts_with("package")) {
    EvaluatePolicyText(text);
    return 0;
  }
  const auto json = nlohmann::json::parse(data, data + size, nullptr, false);
  if (json.is_discarded()) return 0;
  auto input = veil::policy::rego::eval::FromJson(json);
  if (!input) return 0;
  const Value* refs = input->Find(Value::String("refs"));
  const auto options = SmallLimits(refs);
  const Value no_data = Value::Object({});
  for (const auto& target : Targets()) {
    for (const std::string& rule : target.rules) {
      const std::string first = Answer(target.policy->Evaluate(rule, *input, no_data, options));
      const std::string second = Answer(target.policy->Evaluate(rule, *input, no_data, options));
      VEIL_CHECK(first == second);
    }
  }
  return 0;
}
