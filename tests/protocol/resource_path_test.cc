#include "veil/protocol/resource_path.h"

#include <gtest/gtest.h>

namespace veil::protocol {
namespace {

TEST(ResourcePath, ParsesThreeSegments) {
  auto path = ResourcePath::Parse("default/key-Store_1/tag.v2").value();
  EXPECT_EQ(path.repository(), "default");
  EXPECT_EQ(path.type(), "key-Store_1");
  EXPECT_EQ(path.tag(), "tag.v2");
  EXPECT_EQ(path.str(), "default/key-Store_1/tag.v2");
  auto single = ResourcePath::Parse("a/b/c").value();
  EXPECT_EQ(single.repository(), "a");
  EXPECT_EQ(single.type(), "b");
  EXPECT_EQ(single.tag(), "c");
}

TEST(ResourcePath, OrdersAndComparesByText) {
  EXPECT_EQ(ResourcePath::Parse("a/b/c").value(), ResourcePath::Parse("a/b/c").value());
  EXPECT_LT(ResourcePath::Parse("a/b/c").value(), ResourcePath::Parse("a/b/d").value());
}

TEST(ResourcePath, RefusesTheWrongNumberOfSegments) {
  for (const char* text : {"", "a", "a/b", "a/b/c/d", "/a/b/c", "a/b/c/"}) {
    auto result = ResourcePath::Parse(text);
    ASSERT_FALSE(result) << text;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(result.error().message.find("expected 3 segments"), std::string::npos)
        << result.error().message;
  }
}

TEST(ResourcePath, RefusesEmptySegments) {
  EXPECT_EQ(ResourcePath::Parse("/b/c").error().message,
            "resource path repository: must not be empty");
  EXPECT_EQ(ResourcePath::Parse("a//c").error().message, "resource path type: must not be empty");
  EXPECT_EQ(ResourcePath::Parse("a/b/").error().message, "resource path tag: must not be empty");
}

TEST(ResourcePath, RefusesCharactersOutsideTheAlphabet) {
  for (const char* text :
       {"a b/c/d", "a/b%2f/c", "a/b/c\n", "a/b/\xc3\xa9", "a/b/c?x=1", "a\\b/c/d", "a/b/*"}) {
    auto result = ResourcePath::Parse(text);
    ASSERT_FALSE(result) << text;
    EXPECT_NE(result.error().message.find("expected [A-Za-z0-9._-]+"), std::string::npos)
        << result.error().message;
  }
}

TEST(ResourcePath, RefusesDotSegments) {
  EXPECT_EQ(ResourcePath::Parse("a/../c").error().message,
            "resource path type: \"..\" is not allowed");
  EXPECT_EQ(ResourcePath::Parse("./b/c").error().message,
            "resource path repository: \".\" is not allowed");
  EXPECT_TRUE(ResourcePath::Parse(".../b/c"));
}

TEST(ResourcePath, LimitsSegmentLength) {
  const std::string longest(kMaxResourceSegmentSize, 'x');
  EXPECT_TRUE(ResourcePath::Parse("a/b/" + longest));
  auto result = ResourcePath::Parse("a/b/" + longest + "x");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "resource path tag: expected at most 128 characters, got 129");
}

}  // namespace
}  // namespace veil::protocol
