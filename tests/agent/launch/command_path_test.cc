#include "veil/agent/launch/command_path.h"

#include <gtest/gtest.h>

namespace veil::agent {
namespace {

Environment With(std::initializer_list<const char*> entries) {
  Environment env;
  for (const char* entry : entries) env.AddEntry(entry);
  return env;
}

TEST(CommandCandidates, SearchesTheWorkloadsPathInOrder) {
  EXPECT_EQ(CommandCandidates("app", With({"HOME=/x", "PATH=/opt/app/bin::/usr/bin"})),
            (std::vector<std::string>{"/opt/app/bin/app", "./app", "/usr/bin/app"}));
}

TEST(CommandCandidates, APathWithASlashIsTakenAsItIs) {
  EXPECT_EQ(CommandCandidates("./run.sh", With({"PATH=/usr/bin"})),
            std::vector<std::string>{"./run.sh"});
  EXPECT_EQ(CommandCandidates("/bin/sh", With({})), std::vector<std::string>{"/bin/sh"});
}

TEST(CommandCandidates, WithoutPathTheDefaultIsUsedNotTheAgents) {
  EXPECT_EQ(CommandCandidates("sh", With({"HOME=/"})),
            (std::vector<std::string>{"/bin/sh", "/usr/bin/sh"}));
}

}  // namespace
}  // namespace veil::agent
