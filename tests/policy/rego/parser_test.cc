#include "veil/policy/rego/parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "veil/policy/rego/token_cursor.h"

namespace veil::policy::rego {
namespace {

Module Parse(std::string_view text) {
  auto module = ParseModule(text);
  EXPECT_TRUE(module) << text << "\n" << module.error().ToString();
  return module ? std::move(*module) : Module{};
}

// The rules of `package p` followed by `rules`, printed.
std::vector<std::string> Rules(std::string_view rules) {
  const Module module = Parse("package p\n" + std::string(rules));
  std::vector<std::string> texts;
  for (const Rule& rule : module.rules) texts.push_back(ToString(rule));
  return texts;
}

// The single literal of `r if { <literal> }`, printed.
std::string Literal1(std::string_view literal) {
  const Module module = Parse("package p\nr if { " + std::string(literal) + " }");
  if (module.rules.size() != 1 || module.rules[0].body.literals.size() != 1) return "<none>";
  return ToString(module.rules[0].body.literals[0]);
}

Error ParseError(std::string_view text) {
  auto module = ParseModule(text);
  EXPECT_FALSE(module) << text;
  return module ? Error{} : module.error();
}

std::string Malformed(std::string_view text) {
  const Error error = ParseError(text);
  EXPECT_EQ(error.code, ErrorCode::kMalformed) << error.message;
  return error.message;
}

std::string Unsupported(std::string_view text) {
  const Error error = ParseError(text);
  EXPECT_EQ(error.code, ErrorCode::kUnsupported) << error.message;
  return error.message;
}

TEST(RegoParser, PackageAndAcceptedImports) {
  const Module module = Parse(
      "package a.b.c\nimport rego.v1\nimport future.keywords\nimport future.keywords.in\n"
      "import future.keywords.every\nimport input.sample as s\nimport data.lists\n");
  EXPECT_EQ(module.package, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(module.imports.size(), 6u);
  EXPECT_EQ(module.imports[2].path, (std::vector<std::string>{"future", "keywords", "in"}));
  EXPECT_EQ(module.imports[4].path, (std::vector<std::string>{"input", "sample"}));
  EXPECT_EQ(module.imports[4].alias, "s");
  EXPECT_EQ(module.imports[5].position, (Position{7, 1}));
  EXPECT_TRUE(module.rules.empty());
}

TEST(RegoParser, OtherImportsAreRefusedByName) {
  EXPECT_EQ(Unsupported("package p\nimport foo.bar\n"),
            "rego: line 2, column 1: import of `foo.bar` is not supported: expected rego.v1, "
            "future.keywords[.<keyword>], or a path under input or data");
  EXPECT_EQ(Unsupported("package p\n  import future.keywords.when"),
            "rego: line 2, column 3: import of `future.keywords.when` is not supported: expected "
            "rego.v1, future.keywords[.<keyword>], or a path under input or data");
  EXPECT_EQ(Unsupported("package p\nimport rego.v1 as v"),
            "rego: line 2, column 1: import of `rego.v1 as v` is not supported: expected rego.v1, "
            "future.keywords[.<keyword>], or a path under input or data");
  EXPECT_EQ(Unsupported("package p\nimport data[\"x\"]"),
            "rego: line 2, column 12: a bracketed step in a package or import path is not "
            "supported");
}

TEST(RegoParser, ModuleStructureErrors) {
  EXPECT_EQ(Malformed(""), "rego: line 1, column 1: expected `package`, found end of input");
  EXPECT_EQ(Malformed("allow := true"),
            "rego: line 1, column 1: expected `package`, found identifier `allow`");
  EXPECT_EQ(Malformed("package p.\nx := 1"),
            "rego: line 2, column 1: expected a name directly after `.`, found identifier `x`");
  EXPECT_EQ(Malformed("package p\nx := 1 2"),
            "rego: line 2, column 8: expected a rule name, found number 2");
  EXPECT_EQ(Malformed("package p\nx := 1\nimport rego.v1"),
            "rego: line 3, column 1: expected a rule name, found `import`");
}

TEST(RegoParser, RuleKinds) {
  const Module module = Parse(R"(package p
default allow := false
allow if input.x
plugin = data.plugin
deny contains msg if { msg := "no" }
owners[name] := id if { some name; id := input.ids[name] }
f(a, b) := a + b
f(a, a) := 0 if a > 1
ok
  if true
)");
  ASSERT_EQ(module.rules.size(), 8u);
  const std::vector<RuleKind> kinds = {
      RuleKind::kDefault,       RuleKind::kComplete, RuleKind::kComplete, RuleKind::kPartialSet,
      RuleKind::kPartialObject, RuleKind::kFunction, RuleKind::kFunction, RuleKind::kComplete};
  for (std::size_t i = 0; i < kinds.size(); ++i) EXPECT_EQ(module.rules[i].kind, kinds[i]) << i;
  EXPECT_EQ(ToString(module.rules[1]), "allow := true if { input.x }");
  EXPECT_EQ(ToString(module.rules[3]), "deny contains msg if { msg := \"no\" }");
  EXPECT_FALSE(module.rules[3].value.has_value());
  EXPECT_EQ(ToString(module.rules[4]),
            "owners[name] := id if { some name; id := input.ids[name] }");
  EXPECT_EQ(ToString(module.rules[5]), "f(a, b) := (a + b)");
  EXPECT_EQ(ToString(module.rules[6]), "f(a, a) := 0 if { (a > 1) }");
  EXPECT_EQ(module.rules[6].position, (Position{8, 1}));
  EXPECT_EQ(module.rules[6].args[1].position, (Position{8, 6}));
  EXPECT_EQ(ToString(module.rules[7]), "ok := true if { true }");
}

TEST(RegoParser, ElseChains) {
  EXPECT_EQ(Rules("x := 1 if { a } else := 2 if { b } else := 3\n"
                  "f(y) if y > 1 else = false if { true }\n"
                  "z if { a } else if { b }\n"),
            (std::vector<std::string>{"x := 1 if { a } else := 2 if { b } else := 3",
                                      "f(y) := true if { (y > 1) } else := false if { true }",
                                      "z := true if { a } else := true if { b }"}));
  const Module module = Parse("package p\nx := 1 if { a }\nelse := 2 if { b }");
  EXPECT_EQ(module.rules[0].elses[0].position, (Position{3, 1}));
}

TEST(RegoParser, RuleErrorsSayWhatWasExpected) {
  EXPECT_EQ(Malformed("package p\nallow { true }"),
            "rego: line 2, column 7: expected `if` before a rule body (Rego v1), found `{`");
  EXPECT_EQ(Malformed("package p\np[x] if { x := 1 }"),
            "rego: line 2, column 6: expected `:=` or `=` after `p[key]` (a partial set rule is "
            "written `name contains key`), found `if`");
  EXPECT_EQ(Malformed("package p\nallow\nx := 1"),
            "rego: line 3, column 1: expected `:=`, `=`, `if`, `contains`, `(` or `[` after rule "
            "`allow`, found identifier `x`");
  EXPECT_EQ(Malformed("package p\ns contains 1 if true else := 2"),
            "rego: line 2, column 22: expected `else` only after a complete or function rule, "
            "found it after rule `s`");
  EXPECT_EQ(Malformed("package p\ndefault allow if true"),
            "rego: line 2, column 15: expected `:=` or `=` after `default allow`, found `if`");
  EXPECT_EQ(Malformed("package p\nallow if {}"),
            "rego: line 2, column 11: expected an expression, found `}`");
}

TEST(RegoParser, UnsupportedRuleShapesAreNamed) {
  EXPECT_EQ(Unsupported("package p\na.b.c := 1"),
            "rego: line 2, column 2: a rule head that is a reference (`a.`...) is not supported");
  EXPECT_EQ(Unsupported("package p\nq[x].y := 1 if x := 1"),
            "rego: line 2, column 5: a rule head that is a reference (`q[key]`...) is not "
            "supported");
  EXPECT_EQ(Unsupported("package p\ndefault f(_) := 1"),
            "rego: line 2, column 10: `default` for a function is not supported");
  EXPECT_EQ(Unsupported("package p\nallow if { a } { b }"),
            "rego: line 2, column 16: a rule with several bodies is not supported");
  EXPECT_EQ(Unsupported("package p\nallow if {\n  input.x == 1 with input as {\"x\": 1}\n}"),
            "rego: line 3, column 16: the `with` modifier is not supported");
}

TEST(RegoParser, LiteralsAreSeparatedByNewlinesOrSemicolons) {
  const Module module = Parse("package p\nr if {\n  a; b\n\n  c == 1\n  d;\n}");
  ASSERT_EQ(module.rules.size(), 1u);
  const Query& body = module.rules[0].body;
  ASSERT_EQ(body.literals.size(), 4u);
  EXPECT_EQ(body.position, (Position{2, 6}));  // the `{`
  EXPECT_EQ(body.literals[2].position, (Position{5, 3}));
  EXPECT_EQ(Malformed("package p\nr if { a b }"),
            "rego: line 2, column 10: expected `;`, a newline or `}` after a literal, found "
            "identifier `b`");
  // A reference continues only with nothing before `.`, `[` or `(`.
  EXPECT_EQ(Malformed("package p\nr if { input .x }"),
            "rego: line 2, column 14: expected `;`, a newline or `}` after a literal, found `.`");
}

TEST(RegoParser, WindowsLineEndingsSeparateLiteralsToo) {
  const Module module = Parse("package p\r\nallow if {\r\n  a\r\n  b\r\n}\r\n");
  ASSERT_EQ(module.rules.size(), 1u);
  EXPECT_EQ(module.rules[0].body.literals.size(), 2u);
  EXPECT_EQ(module.rules[0].body.literals[1].position, (Position{4, 3}));
}

TEST(RegoParser, OperatorPrecedenceFollowsOpa) {
  EXPECT_EQ(Literal1("a + b * c == d - e % f"), "((a + (b * c)) == (d - (e % f)))");
  EXPECT_EQ(Literal1("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(Literal1("x in s | t"), "(x in (s | t))");
  EXPECT_EQ(Literal1("a & b | c & d"), "((a & b) | (c & d))");
  EXPECT_EQ(Literal1("a | b == c"), "((a | b) == c)");
  EXPECT_EQ(Literal1("x := a + 1 < 2"), "x := ((a + 1) < 2)");
  EXPECT_EQ(Literal1("x = y"), "x = y");
  EXPECT_EQ(Literal1("(a + b) * c"), "((a + b) * c)");
  EXPECT_EQ(Literal1("-x * 2"), "((-x) * 2)");
  EXPECT_EQ(Literal1("x - -1"), "(x - -1)");
  EXPECT_EQ(Literal1("x-1"), "(x - 1)");
  EXPECT_EQ(Literal1("- 1"), "-1");
  EXPECT_EQ(Literal1("- -1"), "(--1)");
  EXPECT_EQ(Literal1("(k, v in coll)"), "(k, v in coll)");
  EXPECT_EQ(Literal1("(1).x"), "(1).x");
  EXPECT_EQ(Literal1("k, v in coll"), "(k, v in coll)");
  EXPECT_EQ(Literal1("\"a\" in [\"a\", \"b\"] == true"), "(\"a\" in ([\"a\", \"b\"] == true))");
  EXPECT_EQ(Literal1("not x in y"), "not (x in y)");
  EXPECT_EQ(Malformed("package p\nr if { a, b }"),
            "rego: line 2, column 13: expected `in` after `key, value`, found `}`");
}

TEST(RegoParser, NegativeNumbersAreLiterals) {
  const Module module = Parse("package p\nx := -18\ny := -input.n\n");
  ASSERT_EQ(module.rules.size(), 2u);
  const auto* number = std::get_if<Number>(&module.rules[0].value->node);
  ASSERT_NE(number, nullptr);
  EXPECT_EQ(number->text, "-18");
  const auto* negate = std::get_if<Unary>(&module.rules[1].value->node);
  ASSERT_NE(negate, nullptr);
  EXPECT_EQ(ToString(*negate->operand), "input.n");
}

TEST(RegoParser, ReferencesAndCalls) {
  const Module module = Parse(
      "package p\nr if {\n  input[\"a-b\"][i].c\n  object.get(input, \"k\", 1,)\n"
      "  f(x).y[0]\n  count(set())\n}");
  const Query& body = module.rules[0].body;
  ASSERT_EQ(body.literals.size(), 4u);
  const auto& ref = std::get<Ref>(std::get<ExprLiteral>(body.literals[0].node).expr.node);
  EXPECT_EQ(ToString(*ref.head), "input");
  ASSERT_EQ(ref.path.size(), 3u);
  EXPECT_EQ(std::get<String>(ref.path[0].node).value, "a-b");
  EXPECT_EQ(std::get<Var>(ref.path[1].node).name, "i");
  EXPECT_EQ(std::get<String>(ref.path[2].node).value, "c");
  EXPECT_EQ(ref.path[2].position, (Position{3, 19}));

  const auto& call = std::get<Call>(std::get<ExprLiteral>(body.literals[1].node).expr.node);
  EXPECT_EQ(call.name, (std::vector<std::string>{"object", "get"}));
  EXPECT_EQ(call.args.size(), 3u);

  const auto& on_call = std::get<Ref>(std::get<ExprLiteral>(body.literals[2].node).expr.node);
  EXPECT_TRUE(std::holds_alternative<Call>(on_call.head->node));
  EXPECT_EQ(ToString(body.literals[2]), "f(x).y[0]");
  EXPECT_EQ(ToString(body.literals[3]), "count(set())");
  // A string step prints as `.name` only when it reads back as one.
  EXPECT_EQ(Literal1("x[\"a\"][\"in\"][\"a-b\"][\"_9\"][\"9\"]"), "x.a[\"in\"][\"a-b\"]._9[\"9\"]");
  // `contains` is a keyword in rule heads only: elsewhere it names the string built-in.
  EXPECT_EQ(Literal1("contains(input.path, \"admin\")"), "contains(input.path, \"admin\")");

  EXPECT_EQ(Malformed("package p\nr if { input[0](1) }"),
            "rego: line 2, column 16: expected a function name before `(`, found `(`");
}

TEST(RegoParser, CollectionsAndComprehensions) {
  EXPECT_EQ(Literal1("x := [1, 2.5, \"s\", true, null,]"), "x := [1, 2.5, \"s\", true, null]");
  EXPECT_EQ(Literal1("x := {}"), "x := {}");
  EXPECT_EQ(Literal1("x := set()"), "x := set()");
  EXPECT_EQ(Literal1("x := {1, 2,}"), "x := {1, 2}");
  EXPECT_EQ(Literal1("x := {\"a\": 1, \"b\": [2],}"), "x := {\"a\": 1, \"b\": [2]}");
  EXPECT_EQ(Literal1("x := [y | y := input.a[_]; y > 1]"), "x := [y | y := input.a[_]; (y > 1)]");
  EXPECT_EQ(Literal1("x := {y | some y in input.a}"), "x := {y | some y in input.a}");
  EXPECT_EQ(Literal1("x := {k: v | v := input.m[k]}"), "x := {k: v | v := input.m[k]}");
  // After the first item `|` is a union again.
  EXPECT_EQ(Literal1("x := [a, b | c]"), "x := [a, (b | c)]");
  EXPECT_EQ(Literal1("x := [(a | b)]"), "x := [(a | b)]");
  EXPECT_EQ(Literal1("x := [a, b in c]"), "x := [a, (b in c)]");

  const Module module = Parse("package p\nx := {\"a\": 1}\ny := {1}\nz := [1 | true]\n");
  EXPECT_TRUE(std::holds_alternative<Object>(module.rules[0].value->node));
  EXPECT_TRUE(std::holds_alternative<Set>(module.rules[1].value->node));
  EXPECT_TRUE(std::holds_alternative<ArrayComprehension>(module.rules[2].value->node));
}

TEST(RegoParser, SomeAndEvery) {
  EXPECT_EQ(Literal1("some x, y"), "some x, y");
  EXPECT_EQ(Literal1("some x in input.xs"), "some x in input.xs");
  EXPECT_EQ(Literal1("some k, v in input.m"), "some k, v in input.m");
  EXPECT_EQ(Literal1("every x in input.xs { x > 0; x < 10 }"),
            "every x in input.xs { (x > 0); (x < 10) }");
  EXPECT_EQ(Literal1("every k, v in {\"a\": 1} { v == 1 }"),
            "every k, v in {\"a\": 1} { (v == 1) }");

  const Module module =
      Parse("package p\nr if {\n  some k, v in input.m\n  every i in [1] { i }\n}");
  const auto& some = std::get<SomeIn>(module.rules[0].body.literals[0].node);
  EXPECT_EQ(some.key->position, (Position{3, 8}));
  const auto& every = std::get<Every>(module.rules[0].body.literals[1].node);
  EXPECT_FALSE(every.key.has_value());
  EXPECT_EQ(every.value.name, "i");
  EXPECT_EQ(every.body.literals.size(), 1u);

  EXPECT_EQ(Malformed("package p\nr if { some 1 }"),
            "rego: line 2, column 15: expected `in` after `some` and its terms, found `}`");
  EXPECT_EQ(Malformed("package p\nr if { some a, b, c in d }"),
            "rego: line 2, column 19: expected `in` after at most two terms of `some`, found a "
            "third");
  EXPECT_EQ(Malformed("package p\nr if { every x { x } }"),
            "rego: line 2, column 16: expected `in` after the variables of `every`, found `{`");
}

TEST(RegoParser, UnterminatedInputSaysWhere) {
  EXPECT_EQ(Malformed("package p\nr if {\n  x == \"abc\n}"),
            "rego: line 3, column 12: expected `\"` to end the string that starts at line 3, "
            "column 8, found end of line");
  EXPECT_EQ(Malformed("package p\nr if {\n  x == 1\n"),
            "rego: line 4, column 1: expected `}` to end the query, found end of input");
  EXPECT_EQ(Malformed("package p\nr if { x == 1"),
            "rego: line 2, column 14: expected `}` to end the query, found end of input");
  EXPECT_EQ(Malformed("package p\nx := [1, 2"),
            "rego: line 2, column 11: expected `,` or `]`, found end of input");
  EXPECT_EQ(Malformed("package p\nx := {\"a\": 1"),
            "rego: line 2, column 13: expected `,` or `}` after an object item, found end of "
            "input");
  EXPECT_EQ(Malformed("package p\nx := f(1"),
            "rego: line 2, column 9: expected `,` or `)`, found end of input");
}

TEST(RegoParser, NestingIsBounded) {
  const auto nested = [](std::size_t depth) {
    return "package p\nx := " + std::string(depth, '[') + std::string(depth, ']');
  };
  EXPECT_TRUE(ParseModule(nested(kMaxNestingDepth)));
  EXPECT_EQ(Malformed(nested(kMaxNestingDepth + 1)),
            "rego: line 2, column 70: expected at most 64 levels of nesting, found more");
  std::string chain = "package p\nx := 1";
  for (int i = 0; i < 1000; ++i) chain += " + 1";
  EXPECT_NE(ParseError(chain).message.find("levels of nesting"), std::string::npos);
  EXPECT_FALSE(ParseModule("package p\nx := " + std::string(1000, '-') + "1"));
  EXPECT_FALSE(ParseModule("package p\nr if { " + std::string(1000, '(') + "x"));
  // A comma after the first term of a literal commits to `k, v in c`: no backtracking, whose
  // cost would double with each nested comprehension (this would take hours).
  std::string commas = "package p\nr if { a, ";
  for (int i = 0; i < 40; ++i) commas += "[x | b, ";
  EXPECT_FALSE(ParseModule(commas));
  std::string queries = "package p\nr if { ";
  for (int i = 0; i < 1000; ++i) queries += "every x in y { ";
  EXPECT_FALSE(ParseModule(queries));
}

TEST(RegoParser, EveryConstructTogether) {
  const Module module = Parse(R"(package veil.constructs
import future.keywords.every
import data.lists as l

deny contains msg if {
	some i, x in input.items; x.size > 10 * (2 + i) % 7
	msg := sprintf("item %d too big", [i])
}
owners[name] := count(ids) if {
	some name
	ids := {id | some id in input.owners[name]}
}
f(a, b) := a + -b if a != b
ok if every k, v in {"a": 1, "b": -2.5e3} { k != ""; v < 10 }
raw := `multi
line`
esc := "\"\u00e9\ud83d\ude00"
u := {1, 2} | {3} & set()
obj := {k: v | v := input.m[k]; not v == null}
)");
  std::vector<std::string> texts;
  for (const Rule& rule : module.rules) texts.push_back(ToString(rule));
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "deny contains msg if { some i, x in input.items; (x.size > ((10 * (2 + i)) "
                       "% 7)); msg := sprintf(\"item %d too big\", [i]) }",
                       "owners[name] := count(ids) if { some name; ids := {id | some id in "
                       "input.owners[name]} }",
                       "f(a, b) := (a + (-b)) if { (a != b) }",
                       "ok := true if { every k, v in {\"a\": 1, \"b\": -2.5e3} { (k != \"\"); (v "
                       "< 10) } }",
                       "raw := \"multi\\nline\"",
                       "esc := \"\\\"\xc3\xa9\xf0\x9f\x98\x80\"",
                       "u := ({1, 2} | ({3} & set()))",
                       "obj := {k: v | v := input.m[k]; not (v == null)}",
                   }));
}

}  // namespace
}  // namespace veil::policy::rego
