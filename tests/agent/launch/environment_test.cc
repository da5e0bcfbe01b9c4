#include "veil/agent/launch/environment.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace veil::agent {
namespace {

ByteSpan AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

TEST(Environment, BuildsNameEqualsValueEntriesInOrder) {
  Environment env;
  env.AddEntry("PATH=/usr/bin:/bin");
  ASSERT_TRUE(env.Add("API_TOKEN", AsBytes("t0k=en")));
  ASSERT_TRUE(env.Add("EMPTY", std::string_view()));
  const std::vector<std::string_view> entries = env.Entries();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0], "PATH=/usr/bin:/bin");
  EXPECT_EQ(entries[1], "API_TOKEN=t0k=en");
  EXPECT_EQ(entries[2], "EMPTY=");
}

TEST(Environment, ExecPointersAreNulTerminatedStringsEndingInNull) {
  Environment env;
  ASSERT_TRUE(env.Add("A", std::string_view("1")));
  ASSERT_TRUE(env.Add("B", std::string_view("22")));
  const std::vector<char*> pointers = env.ExecPointers();
  ASSERT_EQ(pointers.size(), 3u);
  EXPECT_STREQ(pointers[0], "A=1");
  EXPECT_STREQ(pointers[1], "B=22");
  EXPECT_EQ(pointers[2], nullptr);
}

TEST(Environment, EntriesSurviveGrowthWithoutCopies) {
  // Many entries force the list to reallocate: every entry must still read back whole.
  Environment env;
  for (int i = 0; i < 100; ++i)
    ASSERT_TRUE(env.Add("V" + std::to_string(i), std::string_view("value-" + std::to_string(i))));
  const std::vector<char*> pointers = env.ExecPointers();
  for (int i = 0; i < 100; ++i) {
    EXPECT_STREQ(pointers[static_cast<std::size_t>(i)],
                 ("V" + std::to_string(i) + "=value-" + std::to_string(i)).c_str());
  }
}

TEST(Environment, RefusesAValueWithANulByte) {
  Environment env;
  const std::string value("ab\0cd", 5);
  auto added = env.Add("TOKEN", AsBytes(value));
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(added.error().message,
            "the value of TOKEN holds a NUL byte and cannot be an environment variable");
  EXPECT_EQ(env.size(), 0u);
}

TEST(Environment, RefusesNamesThatCannotBeVariables) {
  Environment env;
  EXPECT_FALSE(env.Add("", std::string_view("x")));
  EXPECT_FALSE(env.Add("A=B", std::string_view("x")));
  EXPECT_FALSE(env.Add(std::string_view("A\0B", 3), std::string_view("x")));
  EXPECT_EQ(env.size(), 0u);
}

TEST(Environment, MovingLeavesTheSourceEmpty) {
  Environment env;
  ASSERT_TRUE(env.Add("SECRET", std::string_view("x")));
  Environment moved = std::move(env);
  EXPECT_EQ(moved.size(), 1u);
  EXPECT_EQ(env.size(), 0u);  // NOLINT(bugprone-use-after-move): the moved-from state is checked
}

}  // namespace
}  // namespace veil::agent
