#include "veil/policy/rego/lexer.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace veil::policy::rego {
namespace {

struct Keyword {
  std::string_view spelling;
  TokenKind kind;
};

constexpr std::array<Keyword, 15> kKeywords = {{
    {"package", TokenKind::kPackage},
    {"import", TokenKind::kImport},
    {"as", TokenKind::kAs},
    {"default", TokenKind::kDefault},
    {"not", TokenKind::kNot},
    {"with", TokenKind::kWith},
    {"some", TokenKind::kSome},
    {"every", TokenKind::kEvery},
    {"in", TokenKind::kIn},
    {"if", TokenKind::kIf},
    {"contains", TokenKind::kContains},
    {"else", TokenKind::kElse},
    {"true", TokenKind::kTrue},
    {"false", TokenKind::kFalse},
    {"null", TokenKind::kNull},
}};

struct Operator {
  std::string_view spelling;
  TokenKind kind;
};

// Two-character operators come first, so that the first match is the longest.
constexpr std::array<Operator, 25> kOperators = {{
    {":=", TokenKind::kAssign},       {"==", TokenKind::kEqual},
    {"!=", TokenKind::kNotEqual},     {"<=", TokenKind::kLessEqual},
    {">=", TokenKind::kGreaterEqual}, {"=", TokenKind::kUnify},
    {"<", TokenKind::kLess},          {">", TokenKind::kGreater},
    {"+", TokenKind::kPlus},          {"-", TokenKind::kMinus},
    {"*", TokenKind::kStar},          {"/", TokenKind::kSlash},
    {"%", TokenKind::kPercent},       {"&", TokenKind::kAmpersand},
    {"|", TokenKind::kPipe},          {".", TokenKind::kDot},
    {",", TokenKind::kComma},         {";", TokenKind::kSemicolon},
    {":", TokenKind::kColon},         {"[", TokenKind::kLeftBracket},
    {"]", TokenKind::kRightBracket},  {"{", TokenKind::kLeftBrace},
    {"}", TokenKind::kRightBrace},    {"(", TokenKind::kLeftParen},
    {")", TokenKind::kRightParen},
}};

TokenKind IdentifierOrKeyword(std::string_view word) {
  for (const Keyword& keyword : kKeywords) {
    if (keyword.spelling == word) return keyword.kind;
  }
  return TokenKind::kIdentifier;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsIdentifierPart(char c) { return IsIdentifierStart(c) || IsDigit(c); }

std::optional<std::uint32_t> HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return static_cast<std::uint32_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<std::uint32_t>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<std::uint32_t>(c - 'A' + 10);
  return std::nullopt;
}

std::string DescribeChar(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x21 && byte < 0x7f) return std::string("`") + c + "`";
  constexpr std::string_view kHex = "0123456789abcdef";
  return std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 0xf];
}

// The length of the UTF-8 sequence (RFC 3629 section 4) at the start of `rest`, or 0 when it is
// not one: overlong forms, surrogates and code points past U+10FFFF are refused.
std::size_t Utf8SequenceLength(std::string_view rest) {
  const auto lead = static_cast<unsigned char>(rest[0]);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) min_second = 0xa0;  // overlong
    if (lead == 0xed) max_second = 0x9f;  // surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) min_second = 0x90;  // overlong
    if (lead == 0xf4) max_second = 0x8f;  // past U+10FFFF
  } else {
    return 0;
  }
  if (length > rest.size()) return 0;
  const auto second = static_cast<unsigned char>(rest[1]);
  if (second < min_second || second > max_second) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if ((static_cast<unsigned char>(rest[i]) & 0xc0) != 0x80) return 0;
  }
  return length;
}

void AppendUtf8(std::uint32_t code_point, std::string& out) {
  auto byte = [](std::uint32_t value) { return static_cast<char>(value); };
  if (code_point < 0x80) {
    out += byte(code_point);
  } else if (code_point < 0x800) {
    out += byte(0xc0 | (code_point >> 6));
    out += byte(0x80 | (code_point & 0x3f));
  } else if (code_point < 0x10000) {
    out += byte(0xe0 | (code_point >> 12));
    out += byte(0x80 | ((code_point >> 6) & 0x3f));
    out += byte(0x80 | (code_point & 0x3f));
  } else {
    out += byte(0xf0 | (code_point >> 18));
    out += byte(0x80 | ((code_point >> 12) & 0x3f));
    out += byte(0x80 | ((code_point >> 6) & 0x3f));
    out += byte(0x80 | (code_point & 0x3f));
  }
}

// What a one-letter JSON escape (RFC 8259 section 7) stands for: `\n` is a newline.
std::optional<char> OneLetterEscape(char letter) {
  constexpr std::string_view kLetters = "\"\\/bfnrt";
  constexpr std::string_view kMeanings = "\"\\/\b\f\n\r\t";
  const std::size_t index = kLetters.find(letter);
  if (index == std::string_view::npos) return std::nullopt;
  return kMeanings[index];
}

bool IsHighSurrogate(std::uint32_t unit) { return unit >= 0xd800 && unit <= 0xdbff; }
bool IsLowSurrogate(std::uint32_t unit) { return unit >= 0xdc00 && unit <= 0xdfff; }

tl::unexpected<Error> ErrorAt(Position position, std::string_view what) {
  return Fail(SyntaxError(position, what));
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      Token token;
      VEIL_TRY(SkipSpaceAndComments(token));
      token.position = position_;
      if (AtEnd()) {
        tokens.push_back(std::move(token));
        return tokens;
      }
      VEIL_TRY(ScanToken(token));
      tokens.push_back(std::move(token));
    }
  }

 private:
  bool AtEnd() const { return offset_ >= text_.size(); }
  char Current() const { return text_[offset_]; }
  bool NextIs(char c) const { return offset_ + 1 < text_.size() && text_[offset_ + 1] == c; }
  std::string_view Rest() const { return text_.substr(offset_); }

  void Advance() {
    if (Current() == '\n') {
      ++position_.line;
      position_.column = 1;
    } else {
      ++position_.column;
    }
    ++offset_;
  }

  tl::unexpected<Error> UnexpectedChar(std::string_view expected) const {
    const std::string found = AtEnd() ? "end of input" : DescribeChar(Current());
    return ErrorAt(position_, "expected " + std::string(expected) + ", found " + found);
  }

  Status SkipSpaceAndComments(Token& token) {
    while (!AtEnd()) {
      const char c = Current();
      if (c == '#') {
        while (!AtEnd() && Current() != '\n') Advance();
        token.space_before = true;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        if (c == '\n') token.newline_before = true;
        token.space_before = true;
        Advance();
      } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        return UnexpectedChar("a token");
      } else {
        return {};
      }
    }
    return {};
  }

  Status ScanToken(Token& token) {
    const char c = Current();
    if (IsIdentifierStart(c)) return ScanWord(token);
    if (IsDigit(c)) return ScanNumber(token);
    if (c == '"') return ScanString(token);
    if (c == '`') return ScanRawString(token);
    return ScanOperator(token);
  }

  Status ScanWord(Token& token) {
    const std::size_t start = offset_;
    while (!AtEnd() && IsIdentifierPart(Current())) Advance();
    token.text = std::string(text_.substr(start, offset_ - start));
    token.kind = IdentifierOrKeyword(token.text);
    return {};
  }

  void SkipDigits() {
    while (!AtEnd() && IsDigit(Current())) Advance();
  }

  // JSON number grammar (RFC 8259 section 6) without the sign.
  Status ScanNumber(Token& token) {
    const std::size_t start = offset_;
    const bool leading_zero = Current() == '0';
    Advance();
    if (leading_zero && !AtEnd() && IsDigit(Current())) {
      return UnexpectedChar("a number without leading zeros");
    }
    SkipDigits();
    if (!AtEnd() && Current() == '.') {
      Advance();
      if (AtEnd() || !IsDigit(Current())) return UnexpectedChar("a digit after the decimal point");
      SkipDigits();
    }
    if (!AtEnd() && (Current() == 'e' || Current() == 'E')) {
      Advance();
      if (!AtEnd() && (Current() == '+' || Current() == '-')) Advance();
      if (AtEnd() || !IsDigit(Current())) return UnexpectedChar("a digit in the exponent");
      SkipDigits();
    }
    if (!AtEnd() && (IsIdentifierPart(Current()) || Current() == '.')) {
      return UnexpectedChar("an operator or delimiter after a number");
    }
    if (offset_ - start > kMaxNumberBytes) {
      return ErrorAt(token.position, "expected a number of at most " +
                                         std::to_string(kMaxNumberBytes) + " characters");
    }
    token.kind = TokenKind::kNumber;
    token.text = std::string(text_.substr(start, offset_ - start));
    return {};
  }

  Status CheckStringLength(const Token& token) const {
    if (token.text.size() <= kMaxStringBytes) return {};
    return ErrorAt(token.position,
                   "expected a string of at most " + std::to_string(kMaxStringBytes) + " bytes");
  }

  // Copies one UTF-8 character (one byte for ASCII) into `out`.
  Status CopyUtf8Char(std::string& out) {
    const std::size_t length = Utf8SequenceLength(Rest());
    if (length == 0) return UnexpectedChar("UTF-8 text");
    out += text_.substr(offset_, length);
    for (std::size_t i = 0; i < length; ++i) Advance();
    return {};
  }

  Status ScanString(Token& token) {
    token.kind = TokenKind::kString;
    Advance();  // the opening quote
    while (true) {
      if (AtEnd() || Current() == '\n') {
        return ErrorAt(position_, "expected `\"` to end the string that starts at line " +
                                      std::to_string(token.position.line) + ", column " +
                                      std::to_string(token.position.column) + ", found " +
                                      (AtEnd() ? "end of input" : "end of line"));
      }
      const char c = Current();
      if (c == '"') break;
      if (c == '\\') {
        VEIL_TRY(ScanEscape(token.text));
      } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
        return UnexpectedChar("an escape sequence for a control character in a string");
      } else {
        VEIL_TRY(CopyUtf8Char(token.text));
      }
      VEIL_TRY(CheckStringLength(token));
    }
    Advance();  // the closing quote
    return {};
  }

  // A JSON escape (RFC 8259 section 7), the backslash included.
  Status ScanEscape(std::string& out) {
    Advance();  // the backslash
    if (!AtEnd() && Current() == 'u') return ScanUnicodeEscape(out);
    const std::optional<char> meaning = AtEnd() ? std::nullopt : OneLetterEscape(Current());
    if (!meaning) return UnexpectedChar("an escape (one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)");
    out += *meaning;
    Advance();
    return {};
  }

  // The four hex digits after `\u`; the cursor is on the `u`.
  Result<std::uint32_t> ScanHexQuad() {
    Advance();  // the `u`
    std::uint32_t unit = 0;
    for (int i = 0; i < 4; ++i) {
      const auto digit = AtEnd() ? std::nullopt : HexDigitValue(Current());
      if (!digit) return UnexpectedChar("a hex digit");
      unit = unit * 16 + *digit;
      Advance();
    }
    return unit;
  }

  Status ScanUnicodeEscape(std::string& out) {
    const Position start = position_;
    VEIL_ASSIGN_OR_RETURN(const std::uint32_t unit, ScanHexQuad());
    if (IsLowSurrogate(unit)) {
      return ErrorAt(start,
                     "expected a high surrogate before a low surrogate, found a lone "
                     "low surrogate");
    }
    if (!IsHighSurrogate(unit)) {
      AppendUtf8(unit, out);
      return {};
    }
    if (AtEnd() || Current() != '\\' || !NextIs('u')) {
      return ErrorAt(position_, "expected `\\u` and a low surrogate after a high surrogate");
    }
    Advance();  // the backslash
    const Position low_start = position_;
    VEIL_ASSIGN_OR_RETURN(const std::uint32_t low, ScanHexQuad());
    if (!IsLowSurrogate(low)) {
      return ErrorAt(low_start, "expected a low surrogate (dc00-dfff) after a high surrogate");
    }
    AppendUtf8(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00), out);
    return {};
  }

  Status ScanRawString(Token& token) {
    token.kind = TokenKind::kString;
    Advance();  // the opening backtick
    while (true) {
      if (AtEnd()) {
        return ErrorAt(position_, "expected ``` to end the raw string that starts at line " +
                                      std::to_string(token.position.line) + ", column " +
                                      std::to_string(token.position.column) +
                                      ", found end of input");
      }
      if (Current() == '`') break;
      VEIL_TRY(CopyUtf8Char(token.text));
      VEIL_TRY(CheckStringLength(token));
    }
    Advance();  // the closing backtick
    return {};
  }

  // Operators and punctuation, the longest spelling first.
  Status ScanOperator(Token& token) {
    for (const Operator& op : kOperators) {
      if (!Rest().starts_with(op.spelling)) continue;
      token.kind = op.kind;
      token.text = std::string(op.spelling);
      for (std::size_t i = 0; i < op.spelling.size(); ++i) Advance();
      return {};
    }
    return UnexpectedChar("a token");
  }

  std::string_view text_;
  std::size_t offset_ = 0;
  Position position_;
};

}  // namespace

bool IsIdentifier(std::string_view text) {
  if (text.empty() || !IsIdentifierStart(text[0])) return false;
  for (const char c : text) {
    if (!IsIdentifierPart(c)) return false;
  }
  return IdentifierOrKeyword(text) == TokenKind::kIdentifier;
}

Result<std::vector<Token>> Tokenize(std::string_view text) {
  if (text.size() > kMaxSourceBytes) {
    return ErrorAt(Position{}, "expected at most " + std::to_string(kMaxSourceBytes) +
                                   " bytes of policy, found " + std::to_string(text.size()));
  }
  return Lexer(text).Run();
}

}  // namespace veil::policy::rego
