#pragma once
// The syntax tree of a Rego v1 module (OPA policy language reference, "Grammar"), as the parser
// builds it and an evaluator walks it. Every node carries the Position of its first token.
//
// An Expr is one of the alternatives of Expr::Node. A Query (a rule body, a comprehension body,
// an `every` body) is a list of Literals, all of which must hold. The tree owns its children
// (std::unique_ptr, std::vector), so it is movable and not copyable.
//
// Choices that spare an evaluator special cases:
// - A reference `input.a["b"][i]` is a Ref whose head is an Expr (`input`) and whose path holds
//   one Expr per step: `.a` becomes the String "a", so `x.a` and `x["a"]` are the same Ref.
// - `x := v` and `x = v` are Binary nodes (kAssign, kUnify); the parser admits them only at the
//   top of a literal, where Rego allows them.
// - A rule head without a value (`allow if {...}`, `f(x) if {...}`, `else if {...}`) gets the
//   value `true`, as Rego defines it; a rule without a body gets an empty Query (always true).
// - A negative number literal `-18` is a Number with text "-18"; `-x` is a Unary kNegate.
// - `=` and `:=` in a rule head mean the same there and are not told apart.
//
// The parser checks syntax only. What OPA's compiler checks later is left to whoever compiles
// this tree: that variables are safe, that `:=` does not redeclare, that a default value is a
// constant, that the rules of one name agree on their kind.

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "veil/policy/rego/token.h"

namespace veil::policy::rego {

struct Expr;
struct Literal;
using ExprPtr = std::unique_ptr<Expr>;

struct Query {
  Position position;
  std::vector<Literal> literals;  // empty: always true
};

struct Null {};
struct Boolean {
  bool value = false;
};
// A JSON number, spelled as in the source (sign folded in): "-18", "1.5e3". An evaluator
// chooses its own representation (integer, double, decimal).
struct Number {
  std::string text;
};
// The decoded (UTF-8) value of a "..." or `...` string.
struct String {
  std::string value;
};
// A variable or a rule/package name at the head of a reference. `_` is a wildcard.
struct Var {
  std::string name;
};
// head.path[0].path[1]...: `input.sample.svn`, `input["az-snp-vtpm"].tpm`, `data.x[i]`.
struct Ref {
  ExprPtr head;
  std::vector<Expr> path;
};
// name(args...): a built-in (`count`, `object.get`) or a function rule (`query_reference_value`).
struct Call {
  std::vector<std::string> name;  // dotted: {"object", "union_n"}
  std::vector<Expr> args;
};
struct Array {
  std::vector<Expr> items;
};
struct Set {
  std::vector<Expr> items;  // `set()` is empty
};
struct ObjectItem;
struct Object {
  std::vector<ObjectItem> items;
};
struct ArrayComprehension {
  ExprPtr term;
  Query body;
};
struct SetComprehension {
  ExprPtr term;
  Query body;
};
struct ObjectComprehension {
  ExprPtr key;
  ExprPtr value;
  Query body;
};

enum class UnaryOp { kNegate };
struct Unary {
  UnaryOp op = UnaryOp::kNegate;
  ExprPtr operand;
};

// From the loosest binding to the tightest (as OPA parses them): kAssign/kUnify (literal level
// only), then comparisons, then `|`, then `&`, then `+ -`, then `* / %`. All associate left.
enum class BinaryOp {
  kAssign,  // :=
  kUnify,   // =
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kUnion,         // |
  kIntersection,  // &
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kModulo,
};
struct Binary {
  BinaryOp op = BinaryOp::kEqual;
  ExprPtr lhs;
  ExprPtr rhs;
};

// `value in collection` or `key, value in collection`; binds looser than comparisons.
struct Membership {
  ExprPtr key;  // null for `value in collection`
  ExprPtr value;
  ExprPtr collection;
};

struct Expr {
  using Node = std::variant<Null, Boolean, Number, String, Var, Ref, Call, Array, Set, Object,
                            ArrayComprehension, SetComprehension, ObjectComprehension, Unary,
                            Binary, Membership>;
  Position position;
  Node node;
};

struct ObjectItem {
  Expr key;
  Expr value;
};

// Literals: the statements of a query.
struct ExprLiteral {
  bool negated = false;  // `not expr`
  Expr expr;
};
// `some x, y`: declares local variables.
struct SomeDecl {
  std::vector<Var> vars;
};
// `some v in coll` or `some k, v in coll`: iterates, binding (or unifying) key and value.
struct SomeIn {
  std::optional<Expr> key;
  Expr value;
  Expr collection;
};
// `every v in coll { body }` or `every k, v in coll { body }`.
struct Every {
  std::optional<Var> key;
  Var value;
  Expr domain;
  Query body;
};

struct Literal {
  using Node = std::variant<ExprLiteral, SomeDecl, SomeIn, Every>;
  Position position;
  Node node;
};

enum class RuleKind {
  kDefault,        // default name := value
  kComplete,       // name := value if body (value `true` when absent)
  kPartialSet,     // name contains key if body
  kPartialObject,  // name[key] := value if body
  kFunction,       // name(args) := value if body
};

// `else := value if body`, tried in order when the rule's body (and earlier elses) fail.
struct ElseClause {
  Position position;
  Expr value;
  Query body;
};

struct Rule {
  Position position;
  RuleKind kind = RuleKind::kComplete;
  std::string name;
  std::vector<Expr> args;         // kFunction: the parameters (terms, usually vars)
  std::optional<Expr> key;        // kPartialSet: the element; kPartialObject: the key
  std::optional<Expr> value;      // absent only for kPartialSet
  Query body;                     // empty for kDefault and for a rule without a body
  std::vector<ElseClause> elses;  // kComplete and kFunction only
};

// `import rego.v1`, `import future.keywords.in`, `import input.x as y`, `import data.a.b`.
struct Import {
  Position position;
  std::vector<std::string> path;
  std::optional<std::string> alias;
};

struct Module {
  Position position;
  std::vector<std::string> package;  // `package a.b` -> {"a", "b"}
  std::vector<Import> imports;
  std::vector<Rule> rules;
};

// Rego text of a node, every operation parenthesized, for tests and diagnostics:
// `(input.sample.svn in query_reference_value("svn"))`, `executables := 3 if { ... }`.
// The text of rules parses back to the same text (the fuzzer checks it).
std::string ToString(const Expr& expr);
std::string ToString(const Literal& literal);
std::string ToString(const Query& query);
std::string ToString(const Rule& rule);

}  // namespace veil::policy::rego
