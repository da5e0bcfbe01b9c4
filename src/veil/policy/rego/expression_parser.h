#pragma once
// Recursive descent over queries, literals and expressions (OPA policy language reference,
// "Grammar"), on a TokenCursor that the module parser shares. Precedence, loosest first:
//
//   literal     := "some" ... | "every" ... | ["not"] expr
//   expr        := membership [(":=" | "=") membership]    (literal level only)
//   membership  := relation ["," relation] {"in" relation}  (`k, v in c`: see below)
//   relation    := union {("==" | "!=" | "<" | "<=" | ">" | ">=") union}
//   union       := intersection {"|" intersection}
//   intersection:= sum {"&" sum}
//   sum         := product {("+" | "-") product}
//   product     := unary {("*" | "/" | "%") unary}
//   unary       := "-" unary | postfix
//   postfix     := primary {"." name | "[" membership "]" | "(" args ")"}   (nothing between)
//   primary     := scalar | var | array | object | set | comprehension | "(" membership ")"
//
// `k, v in c` stands only at the top of a literal or within parentheses. A var may be spelled
// `contains`, a keyword only in rule heads (the string built-in keeps its name). Literals in a
// query are separated by ";" or a newline. `with` modifiers are refused (kUnsupported). The
// first item of `[`...`]` or `{`...`}` stops before a top-level "|", which then starts a
// comprehension body, as in Rego.

#include "veil/base/result.h"
#include "veil/policy/rego/ast.h"
#include "veil/policy/rego/token_cursor.h"

namespace veil::policy::rego {

class ExpressionParser {
 public:
  explicit ExpressionParser(TokenCursor& cursor) : cursor_(cursor) {}

  // "{" query "}"
  Result<Query> ParseBlock();
  // One literal (a rule body written `if literal`, without braces).
  Result<Query> ParseSingleLiteralQuery();
  // A value, key or argument: `membership` without the key-value form.
  Result<Expr> ParseValue();
  // The element of `name contains element`: `union` (so that a following `if` is not consumed).
  Result<Expr> ParseUnion();
  // "(" [value {"," value} [","]] ")": call arguments and function rule parameters.
  Result<std::vector<Expr>> ParseArguments();

 private:
  // Whether a top-level `|` ends the expression (the first item of a collection) or is a union.
  enum class Pipe { kUnion, kStop };

  Result<Query> ParseQuery(TokenKind end);
  Result<Literal> ParseLiteral();
  Status RefuseWith() const;
  Result<Literal> ParseSome();
  Result<Literal> ParseEvery();
  Result<Var> ParseVar(std::string_view what);
  Result<Expr> ParseLiteralExpr();
  Result<Expr> ParseMembership(bool allow_key_value, Pipe pipe);
  Result<Expr> ParseKeyValueMembership(Expr key);  // after `key`, at `,`
  Result<Expr> ParseRelation(Pipe pipe);
  Result<Expr> ParseUnion(Pipe pipe);
  Result<Expr> ParseIntersection();
  Result<Expr> ParseSum();
  Result<Expr> ParseProduct();
  Result<Expr> ParseUnary();
  Result<Expr> ParsePostfix();
  Result<Expr> ParsePrimary();
  Result<Expr> ParseVarOrEmptySet();
  Result<Expr> ParseParenthesized();
  Result<Expr> ParseArrayOrComprehension();
  Result<Expr> ParseBraced();
  Result<Expr> ParseObjectRest(Position start, ObjectItem first);
  Result<Expr> ParseSetRest(Position start, Expr first);
  Result<Expr> ParseCall(Position start, std::vector<std::string> name);
  // Items separated by "," (a trailing one allowed) up to and including `close`.
  Result<std::vector<Expr>> ParseItemsUntil(TokenKind close, std::vector<Expr> items);

  TokenCursor& cursor_;
};

}  // namespace veil::policy::rego
