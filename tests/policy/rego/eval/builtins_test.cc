// The built-ins Veil implements, called from Rego as a policy would, with OPA's answers; a
// wrong argument type makes the call undefined (OPA's non-strict mode).
#include "veil/policy/rego/eval/builtins.h"

#include <gtest/gtest.h>

#include "eval_test_util.h"
#include "veil/policy/rego/eval/regex.h"

namespace veil::policy::rego::eval {
namespace {

std::string EvalCall(std::string_view expr, std::string_view input = "{}",
                     const EvaluationOptions& options = {}) {
  return Show(EvalRule("package p\nx := " + std::string(expr) + "\n", "x", input, "{}", options));
}

TEST(BuiltinsTest, Count) {
  EXPECT_EQ(EvalCall("count([1, 2])"), "2");
  EXPECT_EQ(EvalCall("count({\"a\": 1})"), "1");
  EXPECT_EQ(EvalCall("count({1, 2, 3})"), "3");
  EXPECT_EQ(EvalCall("count(\"h\u00e9llo\")"), "5");  // runes, not bytes
  EXPECT_EQ(EvalCall("count(1)"), "undefined");
  EXPECT_EQ(EvalCall("count(input.missing)"), "undefined");
}

TEST(BuiltinsTest, SumMaxMin) {
  EXPECT_EQ(EvalCall("sum([1, 2, 3.5])"), "6.5");
  EXPECT_EQ(EvalCall("max([1, 3, 2])"), "3");
  EXPECT_EQ(EvalCall("min({4, 2})"), "2");
  EXPECT_EQ(EvalCall("max([])"), "undefined");
  EXPECT_EQ(EvalCall("sum([\"a\"])"), "undefined");
}

TEST(BuiltinsTest, Sprintf) {
  EXPECT_EQ(EvalCall("sprintf(\"%v\", [256])"), R"("256")");
  EXPECT_EQ(EvalCall("sprintf(\"%s-%d-%v\", [\"a\", 7, [1, \"b\"]])"), R"("a-7-[1, \"b\"]")");
  EXPECT_EQ(EvalCall("sprintf(\"100%%\", [])"), R"("100%")");
  EXPECT_EQ(EvalCall("sprintf(\"%d\", [\"x\"])"), "undefined");
  EXPECT_EQ(EvalCall("sprintf(\"%v %v\", [1])"), "undefined");
}

TEST(BuiltinsTest, Objects) {
  EXPECT_EQ(EvalCall("object.get({\"a\": 1}, \"a\", 0)"), "1");
  EXPECT_EQ(EvalCall("object.get({\"a\": 1}, \"b\", 0)"), "0");
  EXPECT_EQ(EvalCall("object.get({\"a\": {\"b\": 2}}, [\"a\", \"b\"], 0)"), "2");
  EXPECT_EQ(EvalCall("object.keys({\"a\": 1, \"b\": 2})"), R"({"a", "b"})");
  EXPECT_EQ(
      EvalCall(
          "object.union_n([{\"a\": 1, \"n\": {\"x\": 1}}, {\"b\": 2, \"n\": {\"y\": 2}}, {}])"),
      R"({"a": 1, "b": 2, "n": {"x": 1, "y": 2}})");
  EXPECT_EQ(EvalCall("object.union_n([])"), "{}");
  EXPECT_EQ(EvalCall("object.union({\"a\": 1}, {\"a\": 2})"), R"({"a": 2})");
}

TEST(BuiltinsTest, ObjectSubset) {
  EXPECT_EQ(EvalCall("object.subset({\"a\": 1, \"b\": {\"c\": 2, \"d\": 3}}, {\"b\": {\"c\": 2}})"),
            "true");
  EXPECT_EQ(EvalCall("object.subset({\"a\": 1}, {\"a\": 2})"), "false");
  EXPECT_EQ(EvalCall("object.subset({1, 2, 3}, {1, 3})"), "true");
  EXPECT_EQ(EvalCall("object.subset([1, 2, 3], [2, 3])"), "true");
  EXPECT_EQ(EvalCall("object.subset([1, 2, 3], [1, 3])"), "false");  // a contiguous run
  EXPECT_EQ(EvalCall("object.subset([1, 2, 3], {3, 1})"), "true");
}

TEST(BuiltinsTest, Strings) {
  EXPECT_EQ(
      EvalCall(
          "[startswith(\"abc\", \"ab\"), endswith(\"abc\", \"bc\"), contains(\"abc\", \"d\")]"),
      "[true, true, false]");
  EXPECT_EQ(EvalCall("[lower(\"AbC\"), upper(\"AbC\")]"), R"(["abc", "ABC"])");
  EXPECT_EQ(EvalCall("split(\"a,b,,c\", \",\")"), R"(["a", "b", "", "c"])");
  EXPECT_EQ(EvalCall("concat(\"-\", [\"a\", \"b\"])"), R"("a-b")");
  EXPECT_EQ(
      EvalCall("[trim(\"xxaxx\", \"x\"), trim_space(\"  a \"), trim_prefix(\"ab\", \"a\"), "
               "trim_suffix(\"ab\", \"b\"), trim_left(\"xa\", \"x\"), trim_right(\"ax\", \"x\")]"),
      R"(["a", "a", "b", "a", "a", "a"])");
  EXPECT_EQ(
      EvalCall(
          "[substring(\"hello\", 1, 3), substring(\"hello\", 2, -1), substring(\"hi\", 5, 1)]"),
      R"(["ell", "llo", ""])");
  EXPECT_EQ(EvalCall("[indexof(\"hello\", \"l\"), indexof(\"hello\", \"z\")]"), "[2, -1]");
  EXPECT_EQ(EvalCall("startswith(1, \"a\")"), "undefined");
}

TEST(BuiltinsTest, Conversions) {
  EXPECT_EQ(EvalCall("[to_number(\"12\"), to_number(\"1.5\"), to_number(true), to_number(null)]"),
            "[12, 1.5, 1, 0]");
  EXPECT_EQ(EvalCall("to_number(\"x\")"), "undefined");
  EXPECT_EQ(
      EvalCall("[base64.encode(\"hi\"), base64.decode(\"aGk=\"), base64url.encode(\"\\u00ff\")]"),
      R"(["aGk=", "hi", "w78="])");
  EXPECT_EQ(EvalCall("[base64url.encode_no_pad(\"hi\"), base64url.decode(\"aGk\")]"),
            R"(["aGk", "hi"])");
  EXPECT_EQ(EvalCall("[hex.encode(\"hi\"), hex.decode(\"6869\")]"), R"(["6869", "hi"])");
  EXPECT_EQ(EvalCall("hex.decode(\"zz\")"), "undefined");
  EXPECT_EQ(EvalCall("json.marshal({\"a\": [1, {2}]})"), R"("{\"a\":[1,[2]]}")");
  EXPECT_EQ(EvalCall("json.unmarshal(\"{\\\"a\\\": [1]}\")"), R"({"a": [1]})");
  EXPECT_EQ(EvalCall("json.unmarshal(\"{\")"), "undefined");
  EXPECT_EQ(EvalCall("array.concat([1], [2, 3])"), "[1, 2, 3]");
}

TEST(BuiltinsTest, Collections) {
  EXPECT_EQ(EvalCall("array.slice([1, 2, 3, 4], 1, 3)"), "[2, 3]");
  EXPECT_EQ(EvalCall("array.slice([1, 2], -5, 10)"), "[1, 2]");  // clamped
  EXPECT_EQ(EvalCall("numbers.range(3, 1)"), "[3, 2, 1]");
  EXPECT_NE(EvalCall("numbers.range(1, 1000000000)").find("numbers.range would produce"),
            std::string::npos);  // past max_collection_size: an error, not an allocation
  EXPECT_EQ(EvalCall("sort({3, 1, \"a\"})"), R"([1, 3, "a"])");
  EXPECT_EQ(EvalCall("union({{1}, {2, 3}})"), "{1, 2, 3}");
  EXPECT_EQ(EvalCall("intersection({{1, 2}, {2, 3}})"), "{2}");
  EXPECT_EQ(EvalCall("object.remove({\"a\": 1, \"b\": 2}, [\"a\"])"), R"({"b": 2})");
  EXPECT_EQ(EvalCall("replace(\"a.b.c\", \".\", \"/\")"), R"("a/b/c")");
}

TEST(BuiltinsTest, Types) {
  EXPECT_EQ(EvalCall("[is_string(\"a\"), is_number(1), is_array([]), is_object({}), is_set(set()), "
                     "is_boolean(false), is_null(null), is_string(1)]"),
            "[true, true, true, true, true, true, true, false]");
  EXPECT_EQ(EvalCall("type_name({1})"), R"("set")");
}

TEST(BuiltinsTest, TimeComesFromTheInjectedClock) {
  FixedClock clock(TimePoint(std::chrono::seconds(1700000000)));
  EvaluationOptions options;
  options.clock = &clock;
  EXPECT_EQ(EvalCall("time.now_ns()", "{}", options), "1700000000000000000");
  EXPECT_EQ(EvalCall("time.now_ns()"), "undefined");  // no clock given
  EXPECT_EQ(EvalCall("time.parse_rfc3339_ns(\"2023-11-14T22:13:20Z\")"), "1700000000000000000");
}

TEST(BuiltinsTest, LookupByName) {
  ASSERT_NE(FindBuiltin("object.union_n"), nullptr);
  EXPECT_EQ(FindBuiltin("object.union_n")->arity, 1u);
  EXPECT_EQ(FindBuiltin("http.send"), nullptr);
}

// regex.match: unanchored as Go's regexp.MatchString; RE2 syntax.
TEST(BuiltinsTest, RegexMatch) {
  EXPECT_EQ(EvalCall(R"(regex.match("^[a-f0-9]{4}$", "1a2b"))"), "true");
  EXPECT_EQ(EvalCall(R"(regex.match("^[a-f0-9]{4}$", "1a2bc"))"), "false");
  EXPECT_EQ(EvalCall(R"(regex.match("b+", "abbbc"))"), "true");  // anywhere in the value
  EXPECT_EQ(EvalCall(R"(regex.match("(?i)ABC", "xabcx"))"), "true");
  EXPECT_EQ(EvalCall(R"(regex.match("^v", input.version))", R"({"version": "v1.2"})"), "true");
  // Wrong types, and patterns that do not compile (RE2 has no backreferences): undefined.
  EXPECT_EQ(EvalCall(R"(regex.match("a", 1))"), "undefined");
  EXPECT_EQ(EvalCall(R"(regex.match(1, "a"))"), "undefined");
  EXPECT_EQ(EvalCall(R"(regex.match("(", "a"))"), "undefined");
  EXPECT_EQ(EvalCall(R"(regex.match("(a)\\1", "aa"))"), "undefined");
}

// A pattern past the bound is an error; a pattern that backtracking engines take exponential time
// over answers at once (RE2 is linear in the input).
TEST(BuiltinsTest, RegexMatchIsBoundedAndLinear) {
  const std::string long_pattern(kMaxRegexPatternBytes + 1, 'a');
  const std::string too_long = EvalCall("regex.match(\"" + long_pattern + "\", \"a\")");
  EXPECT_NE(too_long.find("more than the 4096 allowed"), std::string::npos) << too_long;
  const std::string attack(5000, 'a');
  EXPECT_EQ(EvalCall(R"(regex.match("^(a+)+$", input.s))", R"({"s": ")" + attack + R"(!"})"),
            "false");
}

}  // namespace
}  // namespace veil::policy::rego::eval
