#pragma once
// Test helpers: parse, compile and evaluate Rego text in one call; JSON text to a Value.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string_view>

#include "veil/policy/rego/eval/policy.h"
#include "veil/policy/rego/parser.h"

namespace veil::policy::rego::eval {

inline Value J(std::string_view json_text) {
  const nlohmann::json json = nlohmann::json::parse(json_text, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << json_text;
  auto value = FromJson(json);
  EXPECT_TRUE(value.has_value());
  return value ? *value : Value();
}

inline Result<Policy> CompileText(std::string_view text, const CompileOptions& options = {}) {
  VEIL_ASSIGN_OR_RETURN(Module module, ParseModule(text));
  return Policy::Compile(std::move(module), options);
}

// The value of `rule` in the module `text`; nullopt for undefined, an error as is.
inline Result<std::optional<Value>> EvalRule(std::string_view text, std::string_view rule,
                                             std::string_view input = "{}",
                                             std::string_view data = "{}",
                                             const EvaluationOptions& options = {},
                                             const CompileOptions& compile = {}) {
  VEIL_ASSIGN_OR_RETURN(Policy policy, CompileText(text, compile));
  VEIL_ASSIGN_OR_RETURN(Decision decision, policy.Evaluate(rule, J(input), J(data), options));
  return decision.value;
}

// "undefined", the value's JSON text, or "error: <message>".
inline std::string Show(const Result<std::optional<Value>>& result) {
  if (!result) return "error: " + result.error().ToString();
  if (!*result) return "undefined";
  return ToRegoText(**result);
}

}  // namespace veil::policy::rego::eval
