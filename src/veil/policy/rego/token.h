#pragma once
// The tokens of Rego v1 source text (OPA policy language reference, "Grammar"). The keywords are
// those of Rego v1: `in`, `if`, `contains` and `every` are always keywords, as under
// `import rego.v1` or `future.keywords`.

#include <cstdint>
#include <string>
#include <string_view>

#include "veil/base/error.h"

namespace veil::policy::rego {

// 1-based line and column; the column counts bytes from the start of the line.
struct Position {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  bool operator==(const Position&) const = default;
};

enum class TokenKind {
  kEnd,  // after the last token
  kIdentifier,
  kNumber,  // unsigned JSON number text; a leading `-` is a separate kMinus token
  kString,  // "..." or `...`; Token::text holds the decoded value
  // Keywords, kPackage to kNull in one run (the parser relies on it).
  kPackage,
  kImport,
  kAs,
  kDefault,
  kNot,
  kWith,
  kSome,
  kEvery,
  kIn,
  kIf,
  kContains,
  kElse,
  kTrue,
  kFalse,
  kNull,
  // Operators.
  kAssign,        // :=
  kUnify,         // =
  kEqual,         // ==
  kNotEqual,      // !=
  kLess,          // <
  kLessEqual,     // <=
  kGreater,       // >
  kGreaterEqual,  // >=
  kPlus,          // +
  kMinus,         // -
  kStar,          // *
  kSlash,         // /
  kPercent,       // %
  kAmpersand,     // &
  kPipe,          // |
  // Punctuation.
  kDot,
  kComma,
  kSemicolon,
  kColon,
  kLeftBracket,
  kRightBracket,
  kLeftBrace,
  kRightBrace,
  kLeftParen,
  kRightParen,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  // Identifier name, number text or decoded string value; the spelling of anything else.
  std::string text;
  Position position;
  // A newline (possibly inside a comment's line) separates this token from the previous one:
  // newlines end a literal in a rule body.
  bool newline_before = false;
  // Any whitespace or comment separates this token from the previous one: `.`, `[` and `(`
  // continue a reference or a call only when nothing separates them from what they follow.
  bool space_before = false;
};

// How a message names a token kind: "`:=`", "identifier", "end of input".
std::string_view TokenKindName(TokenKind kind);
// How a message names a token that was found: "identifier `allow`", "string \"a-b\"", "`{`".
std::string DescribeToken(const Token& token);

// kMalformed "rego: line L, column C: <what>": the form of every lexer and parser error.
Error SyntaxError(Position position, std::string_view what);
// The same form with kUnsupported: Rego that is well formed but that Veil does not accept.
Error UnsupportedError(Position position, std::string_view what);

}  // namespace veil::policy::rego
