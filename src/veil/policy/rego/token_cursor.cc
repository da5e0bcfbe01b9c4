#include "veil/policy/rego/token_cursor.h"

#include <string>
#include <utility>

namespace veil::policy::rego {

TokenCursor::TokenCursor(std::vector<Token> tokens) : tokens_(std::move(tokens)) {
  VEIL_CHECK(!tokens_.empty() && tokens_.back().kind == TokenKind::kEnd);
}

const Token& TokenCursor::PeekSecond() const {
  return index_ + 1 < tokens_.size() ? tokens_[index_ + 1] : tokens_.back();
}

const Token& TokenCursor::Advance() {
  const Token& current = tokens_[index_];
  if (index_ + 1 < tokens_.size()) ++index_;
  return current;
}

bool TokenCursor::Accept(TokenKind kind) {
  if (!At(kind)) return false;
  Advance();
  return true;
}

Result<Token> TokenCursor::Expect(TokenKind kind, std::string_view what) {
  if (!At(kind)) return Unexpected(what);
  return Advance();
}

tl::unexpected<Error> TokenCursor::Unexpected(std::string_view what) const {
  return Fail(SyntaxError(Peek().position,
                          "expected " + std::string(what) + ", found " + DescribeToken(Peek())));
}

tl::unexpected<Error> TokenCursor::NotSupported(Position position, std::string_view what) {
  return Fail(UnsupportedError(position, std::string(what) + " is not supported"));
}

Status TokenCursor::Descend() {
  if (depth_ >= kMaxNestingDepth) {
    return Fail(SyntaxError(
        Peek().position,
        "expected at most " + std::to_string(kMaxNestingDepth) + " levels of nesting, found more"));
  }
  ++depth_;
  return {};
}

}  // namespace veil::policy::rego
