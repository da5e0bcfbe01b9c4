#include "veil/http/message/headers.h"

#include <gtest/gtest.h>

namespace veil::http {
namespace {

TEST(Headers, LooksUpNamesCaseInsensitively) {
  Headers headers{{"Content-Type", "application/json"}};
  EXPECT_EQ(headers.Get("content-type"), "application/json");
  EXPECT_EQ(headers.Get("CONTENT-TYPE"), "application/json");
  EXPECT_TRUE(headers.Contains("Content-type"));
  EXPECT_FALSE(headers.Get("Content-Length").has_value());
  EXPECT_FALSE(headers.Contains("Content-Typ"));
}

TEST(Headers, KeepsRepeatedFieldsInOrder) {
  Headers headers;
  headers.Add("Set-Cookie", "a=1; Path=/");
  headers.Add("X-Other", "x");
  headers.Add("set-cookie", "b=2; HttpOnly");
  EXPECT_EQ(headers.GetAll("SET-COOKIE"),
            (std::vector<std::string_view>{"a=1; Path=/", "b=2; HttpOnly"}));
  EXPECT_EQ(headers.Get("Set-Cookie"), "a=1; Path=/");
  EXPECT_EQ(headers.size(), 3u);
  std::vector<std::string> names;
  for (const HeaderField& field : headers) names.push_back(field.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Set-Cookie", "X-Other", "set-cookie"}));
}

TEST(Headers, SetReplacesEveryFieldOfThatName) {
  Headers headers{{"Accept", "a"}, {"X-Keep", "k"}, {"accept", "b"}};
  headers.Set("ACCEPT", "c");
  EXPECT_EQ(headers.GetAll("Accept"), (std::vector<std::string_view>{"c"}));
  EXPECT_EQ(headers.Get("X-Keep"), "k");
  headers.Remove("x-keep");
  EXPECT_FALSE(headers.Contains("X-Keep"));
  EXPECT_EQ(headers.size(), 1u);
}

TEST(Headers, ComparesAsciiCaseOnly) {
  EXPECT_TRUE(EqualsIgnoreCase("100-Continue", "100-continue"));
  EXPECT_FALSE(EqualsIgnoreCase("abc", "abcd"));
  EXPECT_FALSE(EqualsIgnoreCase("\xc3\x84", "\xc3\xa4"));  // no Unicode folding
}

TEST(Headers, AcceptsTokensAndSafeValues) {
  EXPECT_TRUE(IsToken("X-Custom_Header.1~"));
  EXPECT_TRUE(IsToken("GET"));
  EXPECT_TRUE(IsValidFieldValue("text/plain; charset=\"utf-8\"\t\x80"));
  EXPECT_TRUE(IsValidFieldValue(""));
  EXPECT_TRUE(ValidateHeaders({{"Set-Cookie", "a=b"}, {"X-Empty", ""}}));
}

TEST(Headers, RejectsNamesThatAreNotTokens) {
  for (const std::string& name : std::vector<std::string>{"", "Bad Name", "Bad:Name", "Bad\r\nName",
                                                          "Bad(Name)", std::string("N\0", 2)}) {
    EXPECT_FALSE(IsToken(name)) << name;
    auto valid = ValidateHeaders({{name, "v"}});
    ASSERT_FALSE(valid) << name;
    EXPECT_EQ(valid.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(
        valid.error().message.starts_with("expected a header name made of token characters, got '"))
        << valid.error().message;
  }
}

TEST(Headers, RejectsValuesThatWouldBreakFraming) {
  for (const std::string& value :
       std::vector<std::string>{"a\r\nInjected: 1", "a\nb", "a\rb", std::string("a\0b", 3)}) {
    EXPECT_FALSE(IsValidFieldValue(value));
    auto valid = ValidateHeaders({{"X-Ok", "fine"}, {"X-Evil", value}});
    ASSERT_FALSE(valid);
    EXPECT_EQ(valid.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(valid.error().message.find(
                  "expected the value of header X-Evil without CR, LF or NUL, got 'a\\x"),
              std::string::npos)
        << valid.error().message;
  }
}

}  // namespace
}  // namespace veil::http
