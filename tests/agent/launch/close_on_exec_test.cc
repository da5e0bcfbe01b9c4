#include "veil/agent/launch/close_on_exec.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <vector>

#include "veil/base/result.h"
#include "veil/base/unique_fd.h"

namespace veil::agent {
namespace {

bool CloseOnExec(int fd) { return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }

// Three descriptors without FD_CLOEXEC, as an inherited one would be, with a gap between them.
std::vector<UniqueFd> InheritableDescriptors() {
  std::vector<UniqueFd> fds;
  for (int i = 0; i < 4; ++i) fds.emplace_back(open("/dev/null", O_RDONLY));  // no O_CLOEXEC
  fds.erase(fds.begin() + 1);                                                 // leaves a hole
  for (const UniqueFd& fd : fds) VEIL_CHECK(fd.valid() && !CloseOnExec(fd.get()));
  return fds;
}

TEST(MarkCloseOnExec, TheFallbackMarksEveryOpenDescriptorFromFirstAndSkipsHoles) {
  const std::vector<UniqueFd> fds = InheritableDescriptors();
  EXPECT_EQ(MarkCloseOnExecBelow(fds.front().get(), fds.back().get() + 1), 0);
  for (const UniqueFd& fd : fds) EXPECT_TRUE(CloseOnExec(fd.get())) << fd.get();
}

TEST(MarkCloseOnExec, TheFallbackLeavesDescriptorsBelowFirstAlone) {
  const std::vector<UniqueFd> fds = InheritableDescriptors();
  EXPECT_EQ(MarkCloseOnExecBelow(fds.back().get(), fds.back().get() + 1), 0);
  EXPECT_FALSE(CloseOnExec(fds.front().get()));
  EXPECT_TRUE(CloseOnExec(fds.back().get()));
}

TEST(MarkCloseOnExec, TheFallbackStopsAtTheLimit) {
  const std::vector<UniqueFd> fds = InheritableDescriptors();
  EXPECT_EQ(MarkCloseOnExecBelow(fds.front().get(), fds.back().get()), 0);
  EXPECT_TRUE(CloseOnExec(fds.front().get()));
  EXPECT_FALSE(CloseOnExec(fds.back().get()));
}

TEST(MarkCloseOnExec, MarksEveryDescriptorFromFirstWhateverTheKernel) {
  const std::vector<UniqueFd> fds = InheritableDescriptors();
  EXPECT_EQ(MarkCloseOnExecFrom(fds.front().get(), fds.back().get() + 1), 0);
  for (const UniqueFd& fd : fds) EXPECT_TRUE(CloseOnExec(fd.get())) << fd.get();
}

}  // namespace
}  // namespace veil::agent
