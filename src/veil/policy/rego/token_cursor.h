#pragma once
// A read position in the token list of one module, shared by the module and expression parsers:
// lookahead, expectations whose failures say what was expected and what was found, and the
// nesting bound that keeps hostile input from exhausting the stack.

#include <cstddef>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/policy/rego/token.h"

namespace veil::policy::rego {

// Levels of the tree, counted together: brackets, braces, parentheses, queries, unary minus and
// each binary operator of a chain. Deeper input is refused before it can exhaust the stack of
// the parser or of anything that walks the tree recursively.
inline constexpr std::size_t kMaxNestingDepth = 64;

class TokenCursor {
 public:
  // `tokens` ends with a kEnd token (as Tokenize returns them).
  explicit TokenCursor(std::vector<Token> tokens);

  const Token& Peek() const { return tokens_[index_]; }
  // The token after Peek(); kEnd at the end.
  const Token& PeekSecond() const;
  bool At(TokenKind kind) const { return Peek().kind == kind; }
  // At(kind) and nothing (no whitespace, no comment) before it: `.`, `[` and `(` that continue a
  // reference or call.
  bool AtAdjacent(TokenKind kind) const { return At(kind) && !Peek().space_before; }

  // Consumes and returns the current token; at kEnd it stays there.
  const Token& Advance();
  // Consumes the current token when it has `kind`.
  bool Accept(TokenKind kind);
  // Consumes a token of `kind` or fails with "expected <what>, found <current token>".
  Result<Token> Expect(TokenKind kind, std::string_view what);
  Status Expect(TokenKind kind) {
    return Expect(kind, TokenKindName(kind)).map([](const Token&) {});
  }
  // kMalformed "expected <what>, found <current token>" at the current token.
  tl::unexpected<Error> Unexpected(std::string_view what) const;
  // kUnsupported "<what> is not supported" at `position`.
  static tl::unexpected<Error> NotSupported(Position position, std::string_view what);

  // One level deeper in the tree being built, or an error past kMaxNestingDepth. A chain of
  // binary operators descends once per operator: its tree is as deep as the chain is long.
  Status Descend();
  void Ascend(std::size_t levels) { depth_ -= levels; }

  // Runs `parse` one nesting level deeper.
  template <class Parse>
  auto Nested(Parse&& parse) -> decltype(parse()) {
    VEIL_TRY(Descend());
    auto result = parse();
    Ascend(1);
    return result;
  }

 private:
  std::vector<Token> tokens_;
  std::size_t index_ = 0;
  std::size_t depth_ = 0;
};

}  // namespace veil::policy::rego
