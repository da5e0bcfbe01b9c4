#include "veil/policy/rego/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace veil::policy::rego {
namespace {

std::vector<Token> Lex(std::string_view text) {
  auto tokens = Tokenize(text);
  EXPECT_TRUE(tokens) << text << ": " << tokens.error().ToString();
  return tokens ? std::move(*tokens) : std::vector<Token>{};
}

std::vector<TokenKind> Kinds(const std::vector<Token>& tokens) {
  std::vector<TokenKind> kinds;
  for (const Token& token : tokens) kinds.push_back(token.kind);
  return kinds;
}

std::string LexError(std::string_view text) {
  auto tokens = Tokenize(text);
  EXPECT_FALSE(tokens) << text;
  if (tokens) return "";
  EXPECT_EQ(tokens.error().code, ErrorCode::kMalformed);
  return tokens.error().message;
}

std::string StringValue(std::string_view text) {
  const std::vector<Token> tokens = Lex(text);
  EXPECT_EQ(tokens.size(), 2u) << text;
  if (tokens.size() != 2) return "";
  EXPECT_EQ(tokens[0].kind, TokenKind::kString) << text;
  return tokens[0].text;
}

TEST(RegoLexer, KeywordsOfRegoV1AreKeywordsWithoutAnImport) {
  using K = TokenKind;
  EXPECT_EQ(Kinds(Lex("package import as default not with some every in if contains else true "
                      "false null input _x9")),
            (std::vector<K>{K::kPackage, K::kImport, K::kAs, K::kDefault, K::kNot, K::kWith,
                            K::kSome, K::kEvery, K::kIn, K::kIf, K::kContains, K::kElse, K::kTrue,
                            K::kFalse, K::kNull, K::kIdentifier, K::kIdentifier, K::kEnd}));
}

TEST(RegoLexer, OperatorsAndPunctuation) {
  using K = TokenKind;
  EXPECT_EQ(Kinds(Lex(":= = == != < <= > >= + - * / % & | . , ; : [ ] { } ( )")),
            (std::vector<K>{K::kAssign,       K::kUnify,     K::kEqual,      K::kNotEqual,
                            K::kLess,         K::kLessEqual, K::kGreater,    K::kGreaterEqual,
                            K::kPlus,         K::kMinus,     K::kStar,       K::kSlash,
                            K::kPercent,      K::kAmpersand, K::kPipe,       K::kDot,
                            K::kComma,        K::kSemicolon, K::kColon,      K::kLeftBracket,
                            K::kRightBracket, K::kLeftBrace, K::kRightBrace, K::kLeftParen,
                            K::kRightParen,   K::kEnd}));
  // Longest match without spaces.
  EXPECT_EQ(Kinds(Lex("a:=b==c<=d>=e!=f")),
            (std::vector<K>{K::kIdentifier, K::kAssign, K::kIdentifier, K::kEqual, K::kIdentifier,
                            K::kLessEqual, K::kIdentifier, K::kGreaterEqual, K::kIdentifier,
                            K::kNotEqual, K::kIdentifier, K::kEnd}));
}

TEST(RegoLexer, PositionsAreOneBasedLineAndByteColumn) {
  const std::vector<Token> tokens = Lex("package p\n\n\tallow := input.x # note\n  \"s\"");
  ASSERT_EQ(tokens.size(), 9u);
  EXPECT_EQ(tokens[0].position, (Position{1, 1}));   // package
  EXPECT_EQ(tokens[1].position, (Position{1, 9}));   // p
  EXPECT_EQ(tokens[2].position, (Position{3, 2}));   // allow, after a tab
  EXPECT_EQ(tokens[3].position, (Position{3, 8}));   // :=
  EXPECT_EQ(tokens[4].position, (Position{3, 11}));  // input
  EXPECT_EQ(tokens[5].position, (Position{3, 16}));  // .
  EXPECT_EQ(tokens[7].position, (Position{4, 3}));   // "s"
  EXPECT_EQ(tokens[8].kind, TokenKind::kEnd);
  EXPECT_EQ(tokens[8].position, (Position{4, 6}));
}

TEST(RegoLexer, NewlineAndSpaceBeforeAreRecorded) {
  const std::vector<Token> tokens = Lex("a.b [c]\n# comment\nd(e) ;f");
  ASSERT_EQ(tokens.size(), 13u);
  EXPECT_FALSE(tokens[0].space_before);
  EXPECT_FALSE(tokens[1].space_before);  // .
  EXPECT_FALSE(tokens[2].space_before);  // b
  EXPECT_TRUE(tokens[3].space_before);   // [
  EXPECT_FALSE(tokens[3].newline_before);
  EXPECT_TRUE(tokens[6].newline_before);  // d, after a comment line
  EXPECT_FALSE(tokens[7].space_before);   // (
  EXPECT_TRUE(tokens[10].space_before);   // ;
  EXPECT_FALSE(tokens[10].newline_before);
}

TEST(RegoLexer, NumbersAreUnsignedJsonNumbers) {
  const std::vector<Token> tokens = Lex("0 12 1.5 2e-3 1E+10 -7 0.25");
  ASSERT_EQ(tokens.size(), 9u);
  std::vector<std::string> texts;
  for (const Token& token : tokens) texts.push_back(token.text);
  EXPECT_EQ(texts,
            (std::vector<std::string>{"0", "12", "1.5", "2e-3", "1E+10", "-", "7", "0.25", ""}));
  EXPECT_EQ(tokens[5].kind, TokenKind::kMinus);
  EXPECT_EQ(tokens[6].kind, TokenKind::kNumber);
}

TEST(RegoLexer, MalformedNumbersSayWhere) {
  EXPECT_EQ(LexError("x := 01"),
            "rego: line 1, column 7: expected a number without leading zeros, found `1`");
  EXPECT_EQ(LexError("1."),
            "rego: line 1, column 3: expected a digit after the decimal point, "
            "found end of input");
  EXPECT_EQ(LexError("1e+"),
            "rego: line 1, column 4: expected a digit in the exponent, found end of input");
  EXPECT_EQ(LexError("\n 12abc"),
            "rego: line 2, column 4: expected an operator or delimiter "
            "after a number, found `a`");
  EXPECT_EQ(LexError(std::string(kMaxNumberBytes + 1, '1')),
            "rego: line 1, column 1: expected a number of at most 1024 characters");
}

TEST(RegoLexer, StringEscapesAreJson) {
  EXPECT_EQ(StringValue(R"("a\"b\\c\/d\be\ff\ng\rh\ti")"), "a\"b\\c/d\be\ff\ng\rh\ti");
  EXPECT_EQ(StringValue(R"("\u0041\u00e9\u20AC")"), "A\xc3\xa9\xe2\x82\xac");
  // A surrogate pair is one code point: U+1F600 in UTF-8.
  EXPECT_EQ(StringValue(R"("\ud83d\ude00")"), "\xf0\x9f\x98\x80");
  EXPECT_EQ(StringValue("\"caf\xc3\xa9 \xf0\x9f\x98\x80\""), "caf\xc3\xa9 \xf0\x9f\x98\x80");
  EXPECT_EQ(StringValue("\"tab\there\""), "tab\there");  // OPA accepts a raw tab
  EXPECT_EQ(StringValue("\"\""), "");
}

TEST(RegoLexer, MalformedStringsSayWhere) {
  EXPECT_EQ(LexError(R"(x := "a\x")"),
            "rego: line 1, column 9: expected an escape (one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
            "\\u), found `x`");
  EXPECT_EQ(LexError(R"("\)"),
            "rego: line 1, column 3: expected an escape (one of \\\" \\\\ \\/ \\b \\f \\n \\r "
            "\\t \\u), found end of input");
  EXPECT_EQ(LexError(R"("\u12")"), "rego: line 1, column 6: expected a hex digit, found `\"`");
  EXPECT_EQ(LexError(R"("\u12g4")"), "rego: line 1, column 6: expected a hex digit, found `g`");
  EXPECT_EQ(LexError(R"("\udc00")"),
            "rego: line 1, column 3: expected a high surrogate before a "
            "low surrogate, found a lone low surrogate");
  EXPECT_EQ(LexError(R"("\ud83d")"),
            "rego: line 1, column 8: expected `\\u` and a low surrogate "
            "after a high surrogate");
  EXPECT_EQ(LexError(R"("\ud83d\u0041")"),
            "rego: line 1, column 9: expected a low surrogate (dc00-dfff) after a high surrogate");
  EXPECT_EQ(LexError("a := \"open\nb"),
            "rego: line 1, column 11: expected `\"` to end the string "
            "that starts at line 1, column 6, found end of line");
  EXPECT_EQ(LexError("\"open"),
            "rego: line 1, column 6: expected `\"` to end the string that "
            "starts at line 1, column 1, found end of input");
  EXPECT_EQ(LexError("\"a\x01\""),
            "rego: line 1, column 3: expected an escape sequence for a "
            "control character in a string, found byte 0x01");
  EXPECT_EQ(LexError("\"\xc3\x28\""),
            "rego: line 1, column 2: expected UTF-8 text, found byte 0xc3");
  EXPECT_EQ(LexError("\"\xed\xa0\x80\""),  // an encoded surrogate is not UTF-8
            "rego: line 1, column 2: expected UTF-8 text, found byte 0xed");
  EXPECT_EQ(LexError("\"\xc0\xaf\""),
            "rego: line 1, column 2: expected UTF-8 text, found byte 0xc0");
}

TEST(RegoLexer, RawStringsTakeNoEscapesAndMaySpanLines) {
  const std::vector<Token> tokens = Lex("x := `a\\n\"b\nc` y");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[2].kind, TokenKind::kString);
  EXPECT_EQ(tokens[2].text, "a\\n\"b\nc");
  EXPECT_EQ(tokens[3].position, (Position{2, 4}));
  EXPECT_FALSE(tokens[3].newline_before);  // the newline is inside the string
  EXPECT_EQ(LexError("x := `open\n"),
            "rego: line 2, column 1: expected ``` to end the raw "
            "string that starts at line 1, column 6, found end of input");
}

TEST(RegoLexer, CommentsRunToTheEndOfTheLine) {
  using K = TokenKind;
  EXPECT_EQ(Kinds(Lex("a # b \"c` @ $\nd")),
            (std::vector<K>{K::kIdentifier, K::kIdentifier, K::kEnd}));
  EXPECT_EQ(Kinds(Lex("# only a comment")), (std::vector<K>{K::kEnd}));
  EXPECT_EQ(Kinds(Lex("")), (std::vector<K>{K::kEnd}));
}

TEST(RegoLexer, StraySymbolsSayWhere) {
  EXPECT_EQ(LexError("a\n  @"), "rego: line 2, column 3: expected a token, found `@`");
  EXPECT_EQ(LexError("a ! b"), "rego: line 1, column 3: expected a token, found `!`");
  EXPECT_EQ(LexError(std::string("a\0b", 3)),
            "rego: line 1, column 2: expected a token, found "
            "byte 0x00");
  EXPECT_EQ(LexError("caf\xc3\xa9"), "rego: line 1, column 4: expected a token, found byte 0xc3");
}

Token MakeToken(TokenKind kind, std::string text) {
  Token token;
  token.kind = kind;
  token.text = std::move(text);
  return token;
}

TEST(RegoLexer, FoundTokensAreDescribedShortlyAndInValidUtf8) {
  EXPECT_EQ(DescribeToken(MakeToken(TokenKind::kIdentifier, "allow")), "identifier `allow`");
  EXPECT_EQ(DescribeToken(MakeToken(TokenKind::kNumber, "-1.5")), "number -1.5");
  EXPECT_EQ(DescribeToken(MakeToken(TokenKind::kAssign, ":=")), "`:=`");
  EXPECT_EQ(DescribeToken(MakeToken(TokenKind::kEnd, "")), "end of input");
  // Cut at 32 bytes, backing off to the start of the two-byte e-acute that straddles the cut.
  const std::string long_value = std::string(31, 'a') + "\xc3\xa9" + std::string(40, 'b');
  EXPECT_EQ(DescribeToken(MakeToken(TokenKind::kString, long_value)),
            "string \"" + std::string(31, 'a') + "...\"");
}

TEST(RegoLexer, SizesAreBounded) {
  const std::string longest(kMaxStringBytes, 'a');
  EXPECT_EQ(StringValue("\"" + longest + "\""), longest);
  EXPECT_EQ(LexError("\"" + longest + "a\""),
            "rego: line 1, column 1: expected a string of at most 65536 bytes");
  EXPECT_EQ(LexError("`" + longest + "a`"),
            "rego: line 1, column 1: expected a string of at most 65536 bytes");
  EXPECT_EQ(LexError(std::string(kMaxSourceBytes + 1, ' ')),
            "rego: line 1, column 1: expected at most 1048576 bytes of policy, found 1048577");
  EXPECT_TRUE(Tokenize(std::string(kMaxSourceBytes, ' ')));
}

}  // namespace
}  // namespace veil::policy::rego
