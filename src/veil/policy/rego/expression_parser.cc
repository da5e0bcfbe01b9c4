#include "veil/policy/rego/expression_parser.h"

#include <optional>
#include <string>
#include <utility>

namespace veil::policy::rego {
namespace {

ExprPtr Boxed(Expr expr) { return std::make_unique<Expr>(std::move(expr)); }

Expr MakeBinary(BinaryOp op, Expr lhs, Expr rhs) {
  const Position position = lhs.position;
  return Expr{position, Binary{op, Boxed(std::move(lhs)), Boxed(std::move(rhs))}};
}

Expr MakeMembership(ExprPtr key, Expr value, Expr collection) {
  const Position position = key ? key->position : value.position;
  return Expr{position,
              Membership{std::move(key), Boxed(std::move(value)), Boxed(std::move(collection))}};
}

std::optional<BinaryOp> ComparisonOp(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEqual:
      return BinaryOp::kEqual;
    case TokenKind::kNotEqual:
      return BinaryOp::kNotEqual;
    case TokenKind::kLess:
      return BinaryOp::kLess;
    case TokenKind::kLessEqual:
      return BinaryOp::kLessEqual;
    case TokenKind::kGreater:
      return BinaryOp::kGreater;
    case TokenKind::kGreaterEqual:
      return BinaryOp::kGreaterEqual;
    default:
      return std::nullopt;
  }
}

std::optional<BinaryOp> SumOp(TokenKind kind) {
  if (kind == TokenKind::kPlus) return BinaryOp::kAdd;
  if (kind == TokenKind::kMinus) return BinaryOp::kSubtract;
  return std::nullopt;
}

std::optional<BinaryOp> ProductOp(TokenKind kind) {
  if (kind == TokenKind::kStar) return BinaryOp::kMultiply;
  if (kind == TokenKind::kSlash) return BinaryOp::kDivide;
  if (kind == TokenKind::kPercent) return BinaryOp::kModulo;
  return std::nullopt;
}

// operand {op operand}, building a left-deep tree; each operator is one level of nesting.
template <class ParseOperand, class OperatorOf>
Result<Expr> LeftAssociative(TokenCursor& cursor, ParseOperand parse_operand,
                             OperatorOf operator_of) {
  VEIL_ASSIGN_OR_RETURN(Expr lhs, parse_operand());
  std::size_t levels = 0;
  while (const std::optional<BinaryOp> op = operator_of(cursor.Peek().kind)) {
    VEIL_TRY(cursor.Descend());
    ++levels;
    cursor.Advance();
    VEIL_ASSIGN_OR_RETURN(Expr rhs, parse_operand());
    lhs = MakeBinary(*op, std::move(lhs), std::move(rhs));
  }
  cursor.Ascend(levels);
  return lhs;
}

Expr WithPath(Expr head, std::vector<Expr> path) {
  if (path.empty()) return head;
  const Position position = head.position;
  return Expr{position, Ref{Boxed(std::move(head)), std::move(path)}};
}

}  // namespace

Result<Query> ExpressionParser::ParseBlock() {
  VEIL_ASSIGN_OR_RETURN(const Token open, cursor_.Expect(TokenKind::kLeftBrace, "`{`"));
  VEIL_ASSIGN_OR_RETURN(Query query, ParseQuery(TokenKind::kRightBrace));
  query.position = open.position;
  VEIL_TRY(cursor_.Expect(TokenKind::kRightBrace));
  return query;
}

Result<Query> ExpressionParser::ParseSingleLiteralQuery() {
  Query query{cursor_.Peek().position, {}};
  VEIL_ASSIGN_OR_RETURN(Literal literal, ParseLiteral());
  query.literals.push_back(std::move(literal));
  return query;
}

Result<Expr> ExpressionParser::ParseValue() { return ParseMembership(false, Pipe::kUnion); }

Result<Expr> ExpressionParser::ParseUnion() { return ParseUnion(Pipe::kUnion); }

// Literals separated by `;` or a newline, up to (not including) `end`.
Result<Query> ExpressionParser::ParseQuery(TokenKind end) {
  return cursor_.Nested([&]() -> Result<Query> {
    Query query{cursor_.Peek().position, {}};
    while (true) {
      VEIL_ASSIGN_OR_RETURN(Literal literal, ParseLiteral());
      query.literals.push_back(std::move(literal));
      const bool semicolon = cursor_.Accept(TokenKind::kSemicolon);
      if (cursor_.At(end)) return query;
      if (cursor_.At(TokenKind::kEnd)) {
        return cursor_.Unexpected(std::string(TokenKindName(end)) + " to end the query");
      }
      if (!semicolon && !cursor_.Peek().newline_before) {
        return cursor_.Unexpected("`;`, a newline or " + std::string(TokenKindName(end)) +
                                  " after a literal");
      }
    }
  });
}

Result<Literal> ExpressionParser::ParseLiteral() {
  const Position position = cursor_.Peek().position;
  Literal literal{position, {}};
  if (cursor_.At(TokenKind::kSome)) {
    VEIL_ASSIGN_OR_RETURN(literal, ParseSome());
  } else if (cursor_.At(TokenKind::kEvery)) {
    VEIL_ASSIGN_OR_RETURN(literal, ParseEvery());
  } else {
    const bool negated = cursor_.Accept(TokenKind::kNot);
    VEIL_ASSIGN_OR_RETURN(Expr expr, ParseLiteralExpr());
    literal.node = ExprLiteral{negated, std::move(expr)};
  }
  VEIL_TRY(RefuseWith());
  return literal;
}

// `with` replaces input, data or a function while one literal is evaluated: an evaluator
// feature for tests that a policy decision point does not need.
Status ExpressionParser::RefuseWith() const {
  if (!cursor_.At(TokenKind::kWith)) return {};
  return TokenCursor::NotSupported(cursor_.Peek().position, "the `with` modifier");
}

// `some x, y` declares; `some v in c` and `some k, v in c` iterate.
Result<Literal> ExpressionParser::ParseSome() {
  const Position position = cursor_.Advance().position;
  std::vector<Expr> terms;
  do {
    VEIL_ASSIGN_OR_RETURN(Expr term, ParseRelation(Pipe::kUnion));
    terms.push_back(std::move(term));
  } while (cursor_.Accept(TokenKind::kComma));
  if (cursor_.Accept(TokenKind::kIn)) {
    if (terms.size() > 2) {
      return Fail(SyntaxError(terms[2].position,
                              "expected `in` after at most two terms of `some`, found a third"));
    }
    VEIL_ASSIGN_OR_RETURN(Expr collection, ParseRelation(Pipe::kUnion));
    SomeIn some{std::nullopt, std::move(terms.back()), std::move(collection)};
    if (terms.size() == 2) some.key = std::move(terms.front());
    return Literal{position, std::move(some)};
  }
  SomeDecl decl;
  for (const Expr& term : terms) {
    const auto* var = std::get_if<Var>(&term.node);
    if (var == nullptr) return cursor_.Unexpected("`in` after `some` and its terms");
    decl.vars.push_back(*var);
  }
  return Literal{position, std::move(decl)};
}

Result<Literal> ExpressionParser::ParseEvery() {
  const Position position = cursor_.Advance().position;
  VEIL_ASSIGN_OR_RETURN(Var first, ParseVar("a variable name after `every`"));
  std::optional<Var> key;
  Var value = std::move(first);
  if (cursor_.Accept(TokenKind::kComma)) {
    key = std::move(value);
    VEIL_ASSIGN_OR_RETURN(value, ParseVar("a variable name after `every k,`"));
  }
  VEIL_TRY(cursor_.Expect(TokenKind::kIn, "`in` after the variables of `every`"));
  VEIL_ASSIGN_OR_RETURN(Expr domain, ParseRelation(Pipe::kUnion));
  VEIL_ASSIGN_OR_RETURN(Query body, ParseBlock());
  return Literal{position,
                 Every{std::move(key), std::move(value), std::move(domain), std::move(body)}};
}

Result<Var> ExpressionParser::ParseVar(std::string_view what) {
  VEIL_ASSIGN_OR_RETURN(const Token name, cursor_.Expect(TokenKind::kIdentifier, what));
  return Var{name.text};
}

// The expression of a literal: the only place for `:=` and `=` and for `k, v in c`.
Result<Expr> ExpressionParser::ParseLiteralExpr() {
  VEIL_ASSIGN_OR_RETURN(Expr lhs, ParseMembership(true, Pipe::kUnion));
  std::optional<BinaryOp> op;
  if (cursor_.At(TokenKind::kAssign)) op = BinaryOp::kAssign;
  if (cursor_.At(TokenKind::kUnify)) op = BinaryOp::kUnify;
  if (!op) return lhs;
  cursor_.Advance();
  VEIL_ASSIGN_OR_RETURN(Expr rhs, ParseValue());
  return MakeBinary(*op, std::move(lhs), std::move(rhs));
}

Result<Expr> ExpressionParser::ParseMembership(bool allow_key_value, Pipe pipe) {
  VEIL_ASSIGN_OR_RETURN(Expr lhs, ParseRelation(pipe));
  if (allow_key_value && cursor_.At(TokenKind::kComma)) {
    VEIL_ASSIGN_OR_RETURN(lhs, ParseKeyValueMembership(std::move(lhs)));
  }
  std::size_t levels = 0;
  while (cursor_.At(TokenKind::kIn)) {
    VEIL_TRY(cursor_.Descend());
    ++levels;
    cursor_.Advance();
    VEIL_ASSIGN_OR_RETURN(Expr collection, ParseRelation(pipe));
    lhs = MakeMembership(nullptr, std::move(lhs), std::move(collection));
  }
  cursor_.Ascend(levels);
  return lhs;
}

// `key, value in collection`. Nothing else puts a comma after the first term of a literal, so
// the comma commits to this form: no backtracking, whose cost would double with each nested
// comprehension.
Result<Expr> ExpressionParser::ParseKeyValueMembership(Expr key) {
  cursor_.Advance();  // the comma
  VEIL_ASSIGN_OR_RETURN(Expr value, ParseRelation(Pipe::kUnion));
  VEIL_TRY(cursor_.Expect(TokenKind::kIn, "`in` after `key, value`"));
  VEIL_ASSIGN_OR_RETURN(Expr collection, ParseRelation(Pipe::kUnion));
  return MakeMembership(Boxed(std::move(key)), std::move(value), std::move(collection));
}

Result<Expr> ExpressionParser::ParseRelation(Pipe pipe) {
  return LeftAssociative(
      cursor_, [&] { return ParseUnion(pipe); }, ComparisonOp);
}

Result<Expr> ExpressionParser::ParseUnion(Pipe pipe) {
  const auto union_op = [pipe](TokenKind kind) -> std::optional<BinaryOp> {
    if (pipe == Pipe::kUnion && kind == TokenKind::kPipe) return BinaryOp::kUnion;
    return std::nullopt;
  };
  return LeftAssociative(
      cursor_, [&] { return ParseIntersection(); }, union_op);
}

Result<Expr> ExpressionParser::ParseIntersection() {
  const auto intersection_op = [](TokenKind kind) -> std::optional<BinaryOp> {
    if (kind == TokenKind::kAmpersand) return BinaryOp::kIntersection;
    return std::nullopt;
  };
  return LeftAssociative(
      cursor_, [&] { return ParseSum(); }, intersection_op);
}

Result<Expr> ExpressionParser::ParseSum() {
  return LeftAssociative(
      cursor_, [&] { return ParseProduct(); }, SumOp);
}

Result<Expr> ExpressionParser::ParseProduct() {
  return LeftAssociative(
      cursor_, [&] { return ParseUnary(); }, ProductOp);
}

// `-` before a number is part of the literal (`-18`); before anything else it negates.
Result<Expr> ExpressionParser::ParseUnary() {
  if (!cursor_.At(TokenKind::kMinus)) return ParsePostfix();
  const Position position = cursor_.Advance().position;
  if (cursor_.At(TokenKind::kNumber)) {
    return Expr{position, Number{"-" + cursor_.Advance().text}};
  }
  return cursor_.Nested([&]() -> Result<Expr> {
    VEIL_ASSIGN_OR_RETURN(Expr operand, ParseUnary());
    return Expr{position, Unary{UnaryOp::kNegate, Boxed(std::move(operand))}};
  });
}

// A primary followed by `.name`, `[term]` and `(args)` with nothing in between. Only a variable
// followed by `.name` steps (`count`, `object.get`) can be called.
Result<Expr> ExpressionParser::ParsePostfix() {
  VEIL_ASSIGN_OR_RETURN(Expr head, ParsePrimary());
  std::optional<std::vector<std::string>> call_name;
  if (const auto* var = std::get_if<Var>(&head.node)) call_name = std::vector{var->name};
  std::vector<Expr> path;
  while (true) {
    if (cursor_.AtAdjacent(TokenKind::kDot)) {
      cursor_.Advance();
      if (!cursor_.AtAdjacent(TokenKind::kIdentifier)) {
        return cursor_.Unexpected("a name directly after `.`");
      }
      const Token& name = cursor_.Advance();
      if (call_name) call_name->push_back(name.text);
      path.push_back(Expr{name.position, String{name.text}});
    } else if (cursor_.AtAdjacent(TokenKind::kLeftBracket)) {
      cursor_.Advance();
      VEIL_ASSIGN_OR_RETURN(Expr step, ParseValue());
      VEIL_TRY(cursor_.Expect(TokenKind::kRightBracket, "`]` after a reference step"));
      call_name.reset();
      path.push_back(std::move(step));
    } else if (cursor_.AtAdjacent(TokenKind::kLeftParen)) {
      if (!call_name) return cursor_.Unexpected("a function name before `(`");
      VEIL_ASSIGN_OR_RETURN(head, ParseCall(head.position, std::move(*call_name)));
      call_name.reset();
      path.clear();
    } else {
      return WithPath(std::move(head), std::move(path));
    }
  }
}

Result<Expr> ExpressionParser::ParseCall(Position start, std::vector<std::string> name) {
  VEIL_ASSIGN_OR_RETURN(std::vector<Expr> args, ParseArguments());
  return Expr{start, Call{std::move(name), std::move(args)}};
}

Result<std::vector<Expr>> ExpressionParser::ParseArguments() {
  VEIL_TRY(cursor_.Expect(TokenKind::kLeftParen));
  std::vector<Expr> args;
  if (cursor_.Accept(TokenKind::kRightParen)) return args;
  VEIL_ASSIGN_OR_RETURN(Expr first, ParseValue());
  args.push_back(std::move(first));
  return ParseItemsUntil(TokenKind::kRightParen, std::move(args));
}

Result<Expr> ExpressionParser::ParsePrimary() {
  return cursor_.Nested([&]() -> Result<Expr> {
    const Position position = cursor_.Peek().position;
    switch (cursor_.Peek().kind) {
      case TokenKind::kNull:
        cursor_.Advance();
        return Expr{position, Null{}};
      case TokenKind::kTrue:
        cursor_.Advance();
        return Expr{position, Boolean{true}};
      case TokenKind::kFalse:
        cursor_.Advance();
        return Expr{position, Boolean{false}};
      case TokenKind::kNumber:
        return Expr{position, Number{cursor_.Advance().text}};
      case TokenKind::kString:
        return Expr{position, String{cursor_.Advance().text}};
      case TokenKind::kIdentifier:
        return ParseVarOrEmptySet();
      case TokenKind::kContains:
        // A keyword only in a rule head; elsewhere the name of the string built-in, as in OPA.
        return Expr{position, Var{cursor_.Advance().text}};
      case TokenKind::kLeftParen:
        return ParseParenthesized();
      case TokenKind::kLeftBracket:
        return ParseArrayOrComprehension();
      case TokenKind::kLeftBrace:
        return ParseBraced();
      default:
        return cursor_.Unexpected("an expression");
    }
  });
}

// `set()` is the empty set (`{}` is the empty object); any other name is a variable.
Result<Expr> ExpressionParser::ParseVarOrEmptySet() {
  const Token& name = cursor_.Advance();
  if (name.text == "set" && cursor_.AtAdjacent(TokenKind::kLeftParen) &&
      cursor_.PeekSecond().kind == TokenKind::kRightParen) {
    cursor_.Advance();
    cursor_.Advance();
    return Expr{name.position, Set{}};
  }
  return Expr{name.position, Var{name.text}};
}

Result<Expr> ExpressionParser::ParseParenthesized() {
  cursor_.Advance();  // `(`
  VEIL_ASSIGN_OR_RETURN(Expr inner, ParseMembership(true, Pipe::kUnion));
  VEIL_TRY(cursor_.Expect(TokenKind::kRightParen, "`)` to close `(`"));
  return inner;
}

// `[]`, `[a, b]` or `[term | query]`.
Result<Expr> ExpressionParser::ParseArrayOrComprehension() {
  const Position start = cursor_.Advance().position;
  if (cursor_.Accept(TokenKind::kRightBracket)) return Expr{start, Array{}};
  VEIL_ASSIGN_OR_RETURN(Expr first, ParseMembership(false, Pipe::kStop));
  if (cursor_.Accept(TokenKind::kPipe)) {
    VEIL_ASSIGN_OR_RETURN(Query body, ParseQuery(TokenKind::kRightBracket));
    VEIL_TRY(cursor_.Expect(TokenKind::kRightBracket));
    return Expr{start, ArrayComprehension{Boxed(std::move(first)), std::move(body)}};
  }
  std::vector<Expr> items;
  items.push_back(std::move(first));
  VEIL_ASSIGN_OR_RETURN(items, ParseItemsUntil(TokenKind::kRightBracket, std::move(items)));
  return Expr{start, Array{std::move(items)}};
}

// `{}` (an empty object), `{k: v, ...}`, `{a, b}`, `{k: v | query}` or `{term | query}`.
Result<Expr> ExpressionParser::ParseBraced() {
  const Position start = cursor_.Advance().position;
  if (cursor_.Accept(TokenKind::kRightBrace)) return Expr{start, Object{}};
  VEIL_ASSIGN_OR_RETURN(Expr first, ParseMembership(false, Pipe::kStop));
  if (cursor_.Accept(TokenKind::kColon)) {
    VEIL_ASSIGN_OR_RETURN(Expr value, ParseMembership(false, Pipe::kStop));
    if (cursor_.Accept(TokenKind::kPipe)) {
      VEIL_ASSIGN_OR_RETURN(Query body, ParseQuery(TokenKind::kRightBrace));
      VEIL_TRY(cursor_.Expect(TokenKind::kRightBrace));
      return Expr{start, ObjectComprehension{Boxed(std::move(first)), Boxed(std::move(value)),
                                             std::move(body)}};
    }
    return ParseObjectRest(start, ObjectItem{std::move(first), std::move(value)});
  }
  if (cursor_.Accept(TokenKind::kPipe)) {
    VEIL_ASSIGN_OR_RETURN(Query body, ParseQuery(TokenKind::kRightBrace));
    VEIL_TRY(cursor_.Expect(TokenKind::kRightBrace));
    return Expr{start, SetComprehension{Boxed(std::move(first)), std::move(body)}};
  }
  return ParseSetRest(start, std::move(first));
}

Result<Expr> ExpressionParser::ParseObjectRest(Position start, ObjectItem first) {
  Object object;
  object.items.push_back(std::move(first));
  while (!cursor_.Accept(TokenKind::kRightBrace)) {
    VEIL_TRY(cursor_.Expect(TokenKind::kComma, "`,` or `}` after an object item"));
    if (cursor_.Accept(TokenKind::kRightBrace)) break;
    VEIL_ASSIGN_OR_RETURN(Expr key, ParseValue());
    VEIL_TRY(cursor_.Expect(TokenKind::kColon, "`:` after an object key"));
    VEIL_ASSIGN_OR_RETURN(Expr value, ParseValue());
    object.items.push_back(ObjectItem{std::move(key), std::move(value)});
  }
  return Expr{start, std::move(object)};
}

Result<Expr> ExpressionParser::ParseSetRest(Position start, Expr first) {
  std::vector<Expr> items;
  items.push_back(std::move(first));
  VEIL_ASSIGN_OR_RETURN(items, ParseItemsUntil(TokenKind::kRightBrace, std::move(items)));
  return Expr{start, Set{std::move(items)}};
}

Result<std::vector<Expr>> ExpressionParser::ParseItemsUntil(TokenKind close,
                                                            std::vector<Expr> items) {
  const std::string separator = "`,` or " + std::string(TokenKindName(close));
  while (!cursor_.Accept(close)) {
    VEIL_TRY(cursor_.Expect(TokenKind::kComma, separator));
    if (cursor_.Accept(close)) break;
    VEIL_ASSIGN_OR_RETURN(Expr item, ParseValue());
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace veil::policy::rego
