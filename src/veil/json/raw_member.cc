#include "veil/json/raw_member.h"

#include <string>

namespace veil::json {
namespace {

// A cursor over JSON text that skips whole values without building them.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::size_t position() const { return position_; }

  void SkipWhitespace() {
    while (position_ < text_.size() && IsWhitespace(text_[position_])) ++position_;
  }

  bool Consume(char expected) {
    if (position_ >= text_.size() || text_[position_] != expected) return false;
    ++position_;
    return true;
  }

  // The raw characters between the quotes of a string (escapes left as they are).
  Result<std::string_view> String() {
    if (!Consume('"')) return Fail(Malformed("expected a JSON string at offset " + Offset()));
    const std::size_t start = position_;
    while (position_ < text_.size()) {
      const char c = text_[position_];
      if (c == '"') {
        ++position_;
        return text_.substr(start, position_ - 1 - start);
      }
      position_ += (c == '\\') ? 2 : 1;  // an escape's next character cannot end the string
    }
    return Fail(Malformed("unterminated JSON string"));
  }

  // Skips one value: a string, a nested object or array, or a literal/number.
  Status SkipValue() {
    if (position_ >= text_.size()) return Fail(Malformed("expected a JSON value at the end"));
    const char first = text_[position_];
    if (first == '"') return String().and_then([](std::string_view) { return Status{}; });
    if (first == '{' || first == '[') return SkipContainer();
    const std::size_t start = position_;
    while (position_ < text_.size() && !IsDelimiter(text_[position_])) ++position_;
    if (position_ == start) return Fail(Malformed("expected a JSON value at offset " + Offset()));
    return {};
  }

 private:
  static bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  static bool IsDelimiter(char c) { return IsWhitespace(c) || c == ',' || c == '}' || c == ']'; }

  std::string Offset() const { return std::to_string(position_); }

  Status SkipContainer() {
    std::size_t depth = 0;
    while (position_ < text_.size()) {
      const char c = text_[position_];
      if (c == '"') {
        VEIL_TRY(String());
        continue;
      }
      ++position_;
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (--depth == 0) return {};
      }
    }
    return Fail(Malformed("unterminated JSON object or array"));
  }

  std::string_view text_;
  std::size_t position_ = 0;
};

}  // namespace

Result<std::string_view> RawMemberText(std::string_view text, std::string_view name) {
  Scanner scanner(text);
  scanner.SkipWhitespace();
  if (!scanner.Consume('{')) return Fail(Malformed("JSON text is not an object"));
  scanner.SkipWhitespace();
  if (scanner.Consume('}')) return Fail(NotFound("no member \"" + std::string(name) + "\""));
  while (true) {
    scanner.SkipWhitespace();
    VEIL_ASSIGN_OR_RETURN(const std::string_view key, scanner.String());
    scanner.SkipWhitespace();
    if (!scanner.Consume(':')) return Fail(Malformed("expected ':' after a member name"));
    scanner.SkipWhitespace();
    const std::size_t start = scanner.position();
    VEIL_TRY(scanner.SkipValue());
    if (key == name) return text.substr(start, scanner.position() - start);
    scanner.SkipWhitespace();
    if (scanner.Consume(',')) continue;
    if (scanner.Consume('}')) return Fail(NotFound("no member \"" + std::string(name) + "\""));
    return Fail(Malformed("expected ',' or '}' after a member value"));
  }
}

}  // namespace veil::json
