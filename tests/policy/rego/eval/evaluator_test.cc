// The semantics of Rego v1 evaluation, one point per test, each on a small inline policy. The
// expected answers are OPA's (OPA policy language reference).
#include <gtest/gtest.h>

#include "eval_test_util.h"

namespace veil::policy::rego::eval {
namespace {

constexpr std::string_view kHeader = "package p\nimport rego.v1\n";

std::string InPackage(std::string_view rules) { return std::string(kHeader) + std::string(rules); }

std::string Eval(std::string_view rules, std::string_view rule, std::string_view input = "{}",
                 std::string_view data = "{}", const EvaluationOptions& options = {},
                 const CompileOptions& compile = {}) {
  return Show(EvalRule(InPackage(rules), rule, input, data, options, compile));
}

// ---- complete rules, defaults, else ----

TEST(EvaluatorTest, CompleteRuleWithoutValueIsTrue) {
  EXPECT_EQ(Eval("allow if input.x == 1", "allow", R"({"x": 1})"), "true");
  EXPECT_EQ(Eval("allow if input.x == 1", "allow", R"({"x": 2})"), "undefined");
}

TEST(EvaluatorTest, DefaultAppliesOnlyWhenNoDefinitionHolds) {
  constexpr std::string_view kRules = "default allow := false\nallow if input.x == 1\n";
  EXPECT_EQ(Eval(kRules, "allow", R"({"x": 1})"), "true");
  EXPECT_EQ(Eval(kRules, "allow", R"({"x": 2})"), "false");
  EXPECT_EQ(Eval(kRules, "allow", "{}"), "false");  // input.x undefined: the body fails
}

TEST(EvaluatorTest, SeveralDefinitionsWithTheSameValueAgree) {
  constexpr std::string_view kRules = "x := 1 if input.a\nx := 1 if input.b\n";
  EXPECT_EQ(Eval(kRules, "x", R"({"a": true, "b": true})"), "1");
}

TEST(EvaluatorTest, ConflictingCompleteDefinitionsAreAnError) {
  constexpr std::string_view kRules = "x := 1 if input.a\nx := 2 if input.b\n";
  EXPECT_EQ(Eval(kRules, "x", R"({"a": true})"), "1");
  const std::string result = Eval(kRules, "x", R"({"a": true, "b": true})");
  EXPECT_NE(result.find("conflicting values"), std::string::npos) << result;
}

TEST(EvaluatorTest, ABodyWithSeveralDifferentSolutionsIsAConflict) {
  const std::string result = Eval("x := v if { some v in input.list }", "x", R"({"list": [1, 2]})");
  EXPECT_NE(result.find("conflicting values"), std::string::npos) << result;
  EXPECT_EQ(Eval("x := v if { some v in input.list }", "x", R"({"list": [1, 1]})"), "1");
}

TEST(EvaluatorTest, ElseChainTakesTheFirstClauseThatHolds) {
  constexpr std::string_view kRules =
      "level := \"high\" if input.n > 10\nelse := \"mid\" if input.n > 5\nelse := \"low\"\n";
  EXPECT_EQ(Eval(kRules, "level", R"({"n": 11})"), R"("high")");
  EXPECT_EQ(Eval(kRules, "level", R"({"n": 6})"), R"("mid")");
  EXPECT_EQ(Eval(kRules, "level", R"({"n": 1})"), R"("low")");
}

TEST(EvaluatorTest, UndefinedRuleWithoutDefaultIsUndefined) {
  EXPECT_EQ(Eval("x := 1 if false", "x"), "undefined");
}

TEST(EvaluatorTest, UnknownRuleIsNotFound) {
  auto result = EvalRule(InPackage("x := 1"), "y");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
}

TEST(EvaluatorTest, AFunctionCannotBeEvaluatedByName) {
  auto result = EvalRule(InPackage("f(x) := x"), "f");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

// ---- partial rules ----

TEST(EvaluatorTest, PartialSetCollectsEveryKey) {
  constexpr std::string_view kRules =
      "names contains n if { some n in input.a }\nnames contains \"fixed\"\n";
  EXPECT_EQ(Eval(kRules, "names", R"({"a": ["y", "x", "y"]})"), R"({"fixed", "x", "y"})");
  EXPECT_EQ(Eval("s contains 1 if false", "s"), "set()");  // defined, empty
}

TEST(EvaluatorTest, PartialObjectCollectsKeysAndRefusesConflicts) {
  constexpr std::string_view kRules = "m[k] := v if { some k, v in input.o }\n";
  EXPECT_EQ(Eval(kRules, "m", R"({"o": {"a": 1, "b": 2}})"), R"({"a": 1, "b": 2})");
  const std::string conflict =
      Eval("m[k] := v if { some v in input.l; k := \"same\" }", "m", R"({"l": [1, 2]})");
  EXPECT_NE(conflict.find("conflicting values"), std::string::npos) << conflict;
}

TEST(EvaluatorTest, PartialRuleIsIndexable) {
  constexpr std::string_view kRules =
      "m[k] := v if { some k, v in input.o }\nx := m.a\ny if \"b\" in s\ns contains \"b\"\n";
  EXPECT_EQ(Eval(kRules, "x", R"({"o": {"a": 7}})"), "7");
  EXPECT_EQ(Eval(kRules, "y"), "true");
}

// ---- functions ----

TEST(EvaluatorTest, FunctionsUnifyArgumentsWithParameters) {
  constexpr std::string_view kRules =
      "double(x) := x * 2\nkind(0) := \"zero\"\nkind(x) := \"positive\" if x > 0\n"
      "a := double(21)\nb := kind(0)\nc := kind(5)\nd := kind(-1)\n";
  EXPECT_EQ(Eval(kRules, "a"), "42");
  EXPECT_EQ(Eval(kRules, "b"), R"("zero")");
  EXPECT_EQ(Eval(kRules, "c"), R"("positive")");
  EXPECT_EQ(Eval(kRules, "d"), "undefined");
}

TEST(EvaluatorTest, FunctionsWithConflictingOutputsAreAnError) {
  const std::string result = Eval("f(x) := 1\nf(x) := 2\na := f(0)\n", "a");
  EXPECT_NE(result.find("produced both"), std::string::npos) << result;
}

TEST(EvaluatorTest, FunctionElse) {
  constexpr std::string_view kRules = "f(x) := \"big\" if x > 9\nelse := \"small\"\na := f(3)\n";
  EXPECT_EQ(Eval(kRules, "a"), R"("small")");
}

// ---- references ----

TEST(EvaluatorTest, ReferencesIntoInputAndData) {
  EXPECT_EQ(Eval("x := input.a.b[1]", "x", R"({"a": {"b": [5, 6]}})"), "6");
  EXPECT_EQ(Eval("x := data.cfg[\"k-1\"]", "x", "{}", R"({"cfg": {"k-1": "v"}})"), R"("v")");
  EXPECT_EQ(Eval("x := input.missing.deeper", "x"), "undefined");
  EXPECT_EQ(Eval("x := input.a[5]", "x", R"({"a": [1]})"), "undefined");
}

TEST(EvaluatorTest, DataPackageRuleReferencesTheModulesOwnRules) {
  EXPECT_EQ(Eval("a := 5\nb := data.p.a + 1\n", "b"), "6");
}

TEST(EvaluatorTest, VariablesInReferencesIterate) {
  EXPECT_EQ(Eval("x := [i | input.l[i] > 1]", "x", R"({"l": [1, 2, 3]})"), "[1, 2]");
  EXPECT_EQ(Eval("x := {k | input.o[k]}", "x", R"({"o": {"a": 1, "b": 2}})"), R"({"a", "b"})");
  EXPECT_EQ(Eval("any if input.l[_] == 3", "any", R"({"l": [1, 2, 3]})"), "true");
  EXPECT_EQ(Eval("any if input.l[_] == 4", "any", R"({"l": [1, 2, 3]})"), "undefined");
}

// ---- unification and assignment ----

TEST(EvaluatorTest, UnificationBindsInBothDirections) {
  EXPECT_EQ(Eval("x := y if { y = 3 }", "x"), "3");
  EXPECT_EQ(Eval("x := y if { 3 = y }", "x"), "3");
  EXPECT_EQ(Eval("x := [a, b] if { [a, 2] = [1, b] }", "x"), "[1, 2]");
  EXPECT_EQ(Eval("x := a if { [a, 2] = input.l }", "x", R"({"l": [1, 2]})"), "1");
  EXPECT_EQ(Eval("x := a if { [a, 3] = input.l }", "x", R"({"l": [1, 2]})"), "undefined");
  EXPECT_EQ(Eval("x := a if { {\"k\": a} = input.o }", "x", R"({"o": {"k": 9}})"), "9");
}

TEST(EvaluatorTest, AssignmentDeclaresALocal) {
  EXPECT_EQ(Eval("x := y + 1 if { y := 2 }", "x"), "3");
  EXPECT_EQ(Eval("x := [a, b] if { [a, b] := [1, 2] }", "x"), "[1, 2]");
}

TEST(EvaluatorTest, AVariableNothingBindsIsRefusedAtCompileTime) {
  // A misspelt rule name is such a variable (OPA: "var allw is unsafe").
  auto policy = CompileText(InPackage("allow if input.x\ndeny if not allw\n"));
  ASSERT_FALSE(policy);
  EXPECT_NE(policy.error().message.find("line 4, column 13: variable 'allw' is never bound"),
            std::string::npos)
      << policy.error().message;
}

TEST(EvaluatorTest, AVariableUsedBeforeItIsBoundIsAnEvaluationError) {
  // OPA reorders the literals so that `y := 2` runs first; Veil evaluates them in the order
  // written and says where (docs/LIMITATIONS.md).
  const std::string result = Eval("x if { y > 1; y := 2 }", "x");
  EXPECT_NE(result.find("'y' is used before it is bound"), std::string::npos) << result;
}

// ---- operators ----

TEST(EvaluatorTest, ComparisonsAndArithmetic) {
  EXPECT_EQ(Eval("x := [1 + 2, 7 - 10, 3 * 4, 7 / 2, 8 / 4, 7 % 3, -input.n]", "x", R"({"n": 5})"),
            "[3, -3, 12, 3.5, 2, 1, -5]");
  EXPECT_EQ(Eval("x := [1 < 2, 2 <= 2, 3 > 4, 1 == 1.0, \"a\" != \"b\", 1 < \"a\"]", "x"),
            "[true, true, false, true, true, true]");
  EXPECT_EQ(Eval("x := 1 / 0", "x"), "undefined");
  EXPECT_EQ(Eval("x := 1 + \"a\"", "x"), "undefined");
  // Past int64 the result is a double (OPA keeps arbitrary precision: docs/LIMITATIONS.md).
  EXPECT_EQ(Eval("x := 9223372036854775807 + 1", "x"), "9.223372036854776e+18");
}

TEST(EvaluatorTest, SetOperators) {
  EXPECT_EQ(Eval("x := {1, 2, 3} - {2}", "x"), "{1, 3}");
  EXPECT_EQ(Eval("x := {1, 2} | {3}", "x"), "{1, 2, 3}");
  EXPECT_EQ(Eval("x := {1, 2} & {2, 3}", "x"), "{2}");
}

TEST(EvaluatorTest, MembershipInArraysObjectsAndSets) {
  EXPECT_EQ(Eval("x := [2 in [1, 2], 3 in [1, 2], \"v\" in {\"k\": \"v\"}, \"k\" in {\"k\": 1}, "
                 "1 in {1}]",
                 "x"),
            "[true, false, true, false, true]");
  EXPECT_EQ(Eval("x if { 1, \"b\" in [\"a\", \"b\"] }", "x"), "true");
  EXPECT_EQ(Eval("x if { 0, \"b\" in [\"a\", \"b\"] }", "x"), "undefined");
}

// ---- some, every, not ----

TEST(EvaluatorTest, SomeInBindsValuesAndKeys) {
  EXPECT_EQ(Eval("x := {v | some v in input.l}", "x", R"({"l": [2, 1]})"), "{1, 2}");
  EXPECT_EQ(Eval("x := {k | some k, \"b\" in input.o}", "x", R"({"o": {"p": "b", "q": "c"}})"),
            R"({"p"})");
  EXPECT_EQ(Eval("x := [i | some i, _ in input.l]", "x", R"({"l": ["a", "b"]})"), "[0, 1]");
}

TEST(EvaluatorTest, SomeDeclaresALocal) {
  EXPECT_EQ(Eval("x := [v | some i; v := input.l[i]]", "x", R"({"l": [3, 4]})"), "[3, 4]");
}

TEST(EvaluatorTest, EveryHoldsWhenTheBodyHoldsForAll) {
  constexpr std::string_view kRules =
      "ok if { every k, v in input.o { startswith(k, \"a\"); v > 0 } }";
  EXPECT_EQ(Eval(kRules, "ok", R"({"o": {"a1": 1, "a2": 2}})"), "true");
  EXPECT_EQ(Eval(kRules, "ok", R"({"o": {"a1": 1, "b": 2}})"), "undefined");
  EXPECT_EQ(Eval(kRules, "ok", R"({"o": {}})"), "true");
  EXPECT_EQ(Eval(kRules, "ok", "{}"), "undefined");  // undefined domain
}

TEST(EvaluatorTest, NotIsNegationAsFailure) {
  constexpr std::string_view kRules = "deny if { not input.ok }\n";
  EXPECT_EQ(Eval(kRules, "deny", R"({"ok": true})"), "undefined");
  EXPECT_EQ(Eval(kRules, "deny", R"({"ok": false})"), "true");
  EXPECT_EQ(Eval(kRules, "deny", "{}"), "true");
  EXPECT_EQ(Eval("x if { not 1 in input.l }", "x", R"({"l": [2]})"), "true");
}

// ---- comprehensions ----

TEST(EvaluatorTest, Comprehensions) {
  EXPECT_EQ(Eval("x := [v * 2 | some v in input.l]", "x", R"({"l": [1, 2, 2]})"), "[2, 4, 4]");
  EXPECT_EQ(Eval("x := {v | some v in input.l}", "x", R"({"l": [1, 2, 2]})"), "{1, 2}");
  EXPECT_EQ(Eval("x := {k: v | some k, v in input.l}", "x", R"({"l": ["a"]})"), R"({0: "a"})");
  EXPECT_EQ(Eval("x := [v | some v in input.missing]", "x"), "[]");
  const std::string conflict = Eval("x := {\"k\": v | some v in [1, 2]}", "x");
  EXPECT_NE(conflict.find("conflicting"), std::string::npos) << conflict;
}

TEST(EvaluatorTest, ComprehensionsSeeOuterVariables) {
  EXPECT_EQ(Eval("x := [v | some v in input.l; v > m] if { m := 1 }", "x", R"({"l": [1, 2]})"),
            "[2]");
}

// ---- compile-time refusals ----

TEST(EvaluatorTest, RefusesUnknownFunctionsAtCompileTime) {
  auto policy = CompileText(InPackage("x := regex.globs_match(\"a\", \"b\")"));
  ASSERT_FALSE(policy);
  EXPECT_EQ(policy.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(policy.error().message.find("line 3, column 6"), std::string::npos)
      << policy.error().message;
}

TEST(EvaluatorTest, RefusesWrongArityAtCompileTime) {
  auto policy = CompileText(InPackage("x := count(1, 2)"));
  ASSERT_FALSE(policy);
  EXPECT_NE(policy.error().message.find("takes 1 arguments"), std::string::npos);
}

TEST(EvaluatorTest, RefusesRecursionAtCompileTime) {
  auto policy = CompileText(InPackage("a if b\nb if c\nc if a\n"));
  ASSERT_FALSE(policy);
  EXPECT_NE(policy.error().message.find("recursion"), std::string::npos) << policy.error().message;
  EXPECT_FALSE(CompileText(InPackage("f(x) := f(x)")));
}

TEST(EvaluatorTest, RefusesMixedKindsAndNonConstantDefaults) {
  EXPECT_FALSE(CompileText(InPackage("a := 1\na contains 2\n")));
  EXPECT_FALSE(CompileText(InPackage("default a := input.x\n")));
  EXPECT_FALSE(CompileText(InPackage("default a := 1\ndefault a := 2\n")));
  EXPECT_FALSE(CompileText("package p\nimport input.x as y\nz := y\n"));
}

// ---- host functions ----

TEST(EvaluatorTest, HostFunctionsAreCalledByName) {
  CompileOptions compile;
  compile.host_functions["query_reference_value"] = 1;
  EvaluationOptions options;
  std::vector<std::string> asked;
  options.functions["query_reference_value"] =
      [&](std::span<const Value> args) -> Result<std::optional<Value>> {
    asked.push_back(args[0].string());
    if (args[0].string() == "missing") return std::optional<Value>();
    return std::optional<Value>(J(R"(["abc"])"));
  };
  constexpr std::string_view kRules =
      "ok if input.d in query_reference_value(\"digest\")\n"
      "gone if query_reference_value(\"missing\")\n";
  EXPECT_EQ(Eval(kRules, "ok", R"({"d": "abc"})", "{}", options, compile), "true");
  EXPECT_EQ(Eval(kRules, "gone", "{}", "{}", options, compile), "undefined");
  EXPECT_EQ(asked, (std::vector<std::string>{"digest", "missing"}));
  // Compiled against but not given at evaluation: an error, not a silent undefined.
  const std::string missing = Eval(kRules, "ok", R"({"d": "abc"})", "{}", {}, compile);
  EXPECT_NE(missing.find("no host function"), std::string::npos) << missing;
}

TEST(EvaluatorTest, HostFunctionErrorsPropagate) {
  CompileOptions compile;
  compile.host_functions["f"] = 0;
  EvaluationOptions options;
  options.functions["f"] = [](std::span<const Value>) -> Result<std::optional<Value>> {
    return Fail(Unavailable("store down"));
  };
  auto result = EvalRule(InPackage("x := f()"), "x", "{}", "{}", options, compile);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
}

// ---- limits ----

TEST(EvaluatorTest, StepLimitStopsLongEvaluations) {
  EvaluationOptions options;
  options.limits.max_steps = 1000;
  const std::string result =
      Eval("x := count([1 | input.l[_]; input.l[_]; input.l[_]])", "x",
           "{\"l\": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]}", "{}", options);
  EXPECT_NE(result.find("max_steps"), std::string::npos) << result;
}

TEST(EvaluatorTest, StepsCountTheWorkOfBuiltinsAndOperators) {
  // 300 iterations, each formatting and comparing a 300-item array: few expressions, much work.
  std::string list = "[";
  for (int i = 0; i < 300; ++i) list += (i > 0 ? "," : "") + std::to_string(i);
  list += "]";
  const std::string input = R"({"l": )" + list + "}";
  EvaluationOptions options;
  options.limits.max_steps = 20'000;
  const std::string formatted = Eval(
      "x := [s | some _ in input.l; s := sprintf(\"%v\", [input.l])]", "x", input, "{}", options);
  EXPECT_NE(formatted.find("max_steps"), std::string::npos) << formatted.substr(0, 200);
  const std::string compared =
      Eval("x := [1 | some _ in input.l; input.l == input.l]", "x", input, "{}", options);
  EXPECT_NE(compared.find("max_steps"), std::string::npos) << compared.substr(0, 200);
  const std::string searched =
      Eval("x := [1 | some v in input.l; v in input.l]", "x", input, "{}", options);
  EXPECT_NE(searched.find("max_steps"), std::string::npos) << searched.substr(0, 200);
}

TEST(EvaluatorTest, CollectionSizeLimit) {
  EvaluationOptions options;
  options.limits.max_collection_size = 10;
  const std::string result = Eval("x := [v | some v in input.l]", "x",
                                  "{\"l\": [1,2,3,4,5,6,7,8,9,10,11]}", "{}", options);
  EXPECT_NE(result.find("max_collection_size"), std::string::npos) << result;
}

TEST(EvaluatorTest, CallDepthLimit) {
  EvaluationOptions options;
  options.limits.max_call_depth = 3;
  const std::string result = Eval("a := b\nb := c\nc := d\nd := 1\n", "a", "{}", "{}", options);
  EXPECT_NE(result.find("max_call_depth"), std::string::npos) << result;
  EXPECT_EQ(Eval("a := b\nb := c\nc := d\nd := 1\n", "a"), "1");
}

TEST(EvaluatorTest, NestingLimitBoundsLongBodies) {
  // 3,000 literals in one body: each holds stack while the rest runs.
  std::string body = "ok if {\n";
  for (int i = 0; i < 3000; ++i) body += "  input.a == 1\n";
  body += "}\n";
  const std::string result = Eval(body, "ok", R"({"a": 1})");
  EXPECT_NE(result.find("max_nesting"), std::string::npos) << result.substr(0, 200);
  // Just under the default limit the body evaluates.
  std::string shorter = "ok if {\n";
  for (int i = 0; i < 100; ++i) shorter += "  input.a == 1\n";
  shorter += "}\n";
  EXPECT_EQ(Eval(shorter, "ok", R"({"a": 1})"), "true");
}

TEST(EvaluatorTest, LongScalarArraysCostNoNesting) {
  std::string rules = "allowed := [";
  for (int i = 0; i < 20000; ++i) rules += (i > 0 ? ", " : "") + std::to_string(i);
  rules += "]\nok if input.v in allowed\n";
  EXPECT_EQ(Eval(rules, "ok", R"({"v": 19999})"), "true");
}

TEST(EvaluatorTest, RefusesPackageReferencesThatNameNoRule) {
  EXPECT_FALSE(CompileText(InPackage("x := data.p")));
  EXPECT_FALSE(CompileText(InPackage("x := data.p[y] if y := \"a\"\na := 1\n")));
  EXPECT_FALSE(CompileText(InPackage("f(x) := x\ny := data.p.f")));
  EXPECT_TRUE(CompileText(InPackage("a := 1\nx := data.p.a\ny := data.other.thing\n")));
}

// ---- trace ----

TEST(EvaluatorTest, TraceNamesTheDefinitionsThatProducedValues) {
  auto policy =
      CompileText(InPackage("default allow := false\n"  // line 3
                            "allow if ok\n"             // line 4
                            "ok if input.x\n"));        // line 5
  ASSERT_TRUE(policy);
  auto granted = policy->Evaluate("allow", J(R"({"x": true})"), J("{}"));
  ASSERT_TRUE(granted);
  EXPECT_EQ(granted->trace, (std::vector<RuleHit>{{"ok", 5}, {"allow", 4}}));
  auto denied = policy->Evaluate("allow", J("{}"), J("{}"));
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->trace, (std::vector<RuleHit>{{"allow", 3}}));
}

}  // namespace
}  // namespace veil::policy::rego::eval
