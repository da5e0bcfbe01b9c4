// Entry paths: relative, inside the extraction directory, quoted safely in messages.

#include "veil/payload/tar/entry_path.h"

#include <gtest/gtest.h>

namespace veil::payload::tar {
namespace {

TEST(EntryPath, NormalizesDotsAndTrailingSlash) {
  const struct {
    std::string_view name, path;
  } cases[] = {
      {"a.txt", "a.txt"}, {"./a.txt", "a.txt"}, {"./sub/", "sub"},  {"sub/./run.sh", "sub/run.sh"},
      {"./", "."},        {".", "."},           {"a/b/c", "a/b/c"}, {"..a/b..", "..a/b.."}};
  for (const auto& c : cases) {
    const auto path = ParseEntryPath(c.name);
    ASSERT_TRUE(path) << c.name << ": " << path.error().ToString();
    EXPECT_EQ(path->str(), c.path) << c.name;
  }
  EXPECT_TRUE(ParseEntryPath("./")->is_root());
}

TEST(EntryPath, RejectsPathsThatLeaveTheDirectoryOrCannotBeWritten) {
  const struct {
    std::string name;
    std::string_view message;
  } cases[] = {
      {"", "empty name"},
      {"/etc/passwd", "absolute paths are not allowed"},
      {"/", "absolute paths are not allowed"},
      {"..", "\"..\" components are not allowed"},
      {"../a", "\"..\" components are not allowed"},
      {"a/../../b", "\"..\" components are not allowed"},
      {"a/..", "\"..\" components are not allowed"},
      {"a//b", "empty path component"},
      {"a//", "empty path component"},
      {std::string("a\0b", 3), "the name contains a NUL byte"},
      {"d/" + std::string(256, 'n'), "a path component of 256 bytes, more than 255"},
  };
  for (const auto& c : cases) {
    const auto path = ParseEntryPath(c.name);
    ASSERT_FALSE(path) << c.name;
    EXPECT_EQ(path.error().code, ErrorCode::kMalformed);
    EXPECT_EQ(path.error().message, c.message);
  }
}

TEST(EntryPath, QuoteNameEscapesWhatCouldFoolATerminal) {
  EXPECT_EQ(QuoteName("a/b.txt"), "\"a/b.txt\"");
  EXPECT_EQ(QuoteName("x\x1b[2J\"\\\n\xc3\xa9"), "\"x\\x1b[2J\\x22\\x5c\\x0a\\xc3\\xa9\"");
  EXPECT_EQ(QuoteName(std::string(300, 'a')), "\"" + std::string(256, 'a') + "\"...");
}

}  // namespace
}  // namespace veil::payload::tar

namespace veil::payload::tar {
namespace {

TEST(EntryPath, LimitsTheNameSizeAndDepth) {
  std::string at_depth_limit;
  for (std::size_t i = 0; i < kMaxPathDepth; ++i) at_depth_limit += "d/";
  EXPECT_TRUE(ParseEntryPath(at_depth_limit));  // the trailing '/' adds no component
  const auto deeper = ParseEntryPath(at_depth_limit + "f");
  ASSERT_FALSE(deeper);
  EXPECT_EQ(deeper.error().message, "a path deeper than 128 components");
  std::string at_size_limit;
  for (int i = 0; i < 20; ++i) at_size_limit += std::string(200, 'x') + "/";
  at_size_limit += std::string(kMaxPathSize - at_size_limit.size(), 'y');
  EXPECT_TRUE(ParseEntryPath(at_size_limit));
  const auto longer = ParseEntryPath(at_size_limit + "y");
  ASSERT_FALSE(longer);
  EXPECT_EQ(longer.error().message, "a name of 4097 bytes, more than 4096");
}

}  // namespace
}  // namespace veil::payload::tar
