#include "veil/policy/rego/token.h"

#include <cstddef>
#include <string>

namespace veil::policy::rego {

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd:
      return "end of input";
    case TokenKind::kIdentifier:
      return "identifier";
    case TokenKind::kNumber:
      return "number";
    case TokenKind::kString:
      return "string";
    case TokenKind::kPackage:
      return "`package`";
    case TokenKind::kImport:
      return "`import`";
    case TokenKind::kAs:
      return "`as`";
    case TokenKind::kDefault:
      return "`default`";
    case TokenKind::kNot:
      return "`not`";
    case TokenKind::kWith:
      return "`with`";
    case TokenKind::kSome:
      return "`some`";
    case TokenKind::kEvery:
      return "`every`";
    case TokenKind::kIn:
      return "`in`";
    case TokenKind::kIf:
      return "`if`";
    case TokenKind::kContains:
      return "`contains`";
    case TokenKind::kElse:
      return "`else`";
    case TokenKind::kTrue:
      return "`true`";
    case TokenKind::kFalse:
      return "`false`";
    case TokenKind::kNull:
      return "`null`";
    case TokenKind::kAssign:
      return "`:=`";
    case TokenKind::kUnify:
      return "`=`";
    case TokenKind::kEqual:
      return "`==`";
    case TokenKind::kNotEqual:
      return "`!=`";
    case TokenKind::kLess:
      return "`<`";
    case TokenKind::kLessEqual:
      return "`<=`";
    case TokenKind::kGreater:
      return "`>`";
    case TokenKind::kGreaterEqual:
      return "`>=`";
    case TokenKind::kPlus:
      return "`+`";
    case TokenKind::kMinus:
      return "`-`";
    case TokenKind::kStar:
      return "`*`";
    case TokenKind::kSlash:
      return "`/`";
    case TokenKind::kPercent:
      return "`%`";
    case TokenKind::kAmpersand:
      return "`&`";
    case TokenKind::kPipe:
      return "`|`";
    case TokenKind::kDot:
      return "`.`";
    case TokenKind::kComma:
      return "`,`";
    case TokenKind::kSemicolon:
      return "`;`";
    case TokenKind::kColon:
      return "`:`";
    case TokenKind::kLeftBracket:
      return "`[`";
    case TokenKind::kRightBracket:
      return "`]`";
    case TokenKind::kLeftBrace:
      return "`{`";
    case TokenKind::kRightBrace:
      return "`}`";
    case TokenKind::kLeftParen:
      return "`(`";
    case TokenKind::kRightParen:
      return "`)`";
  }
  return "token";
}

namespace {

// Long values are cut so that a hostile 64 KiB string does not become a 64 KiB message.
constexpr std::size_t kMaxQuotedLength = 32;

// Cut at a UTF-8 character boundary, so that the message stays valid UTF-8.
std::string Shortened(std::string_view text) {
  if (text.size() <= kMaxQuotedLength) return std::string(text);
  std::size_t cut = kMaxQuotedLength;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::kIdentifier:
      return "identifier `" + Shortened(token.text) + "`";
    case TokenKind::kNumber:
      return "number " + Shortened(token.text);
    case TokenKind::kString:
      return "string \"" + Shortened(token.text) + "\"";
    default:
      return std::string(TokenKindName(token.kind));
  }
}

namespace {

std::string AtPosition(Position position, std::string_view what) {
  return "rego: line " + std::to_string(position.line) + ", column " +
         std::to_string(position.column) + ": " + std::string(what);
}

}  // namespace

Error SyntaxError(Position position, std::string_view what) {
  return Malformed(AtPosition(position, what));
}

Error UnsupportedError(Position position, std::string_view what) {
  return Unsupported(AtPosition(position, what));
}

}  // namespace veil::policy::rego
