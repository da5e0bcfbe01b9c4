#include "veil/base/unique_fd.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <utility>

namespace veil {
namespace {

bool IsOpen(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

int OpenDevNull() { return ::open("/dev/null", O_RDONLY | O_CLOEXEC); }

TEST(UniqueFd, ClosesWhenItGoesOutOfScope) {
  int raw = -1;
  {
    const UniqueFd fd(OpenDevNull());
    raw = fd.get();
    ASSERT_TRUE(fd.valid());
    EXPECT_TRUE(IsOpen(raw));
  }
  EXPECT_FALSE(IsOpen(raw));
}

TEST(UniqueFd, AFailedOpenOwnsNothing) {
  UniqueFd fd(::open("/nonexistent/veil", O_RDONLY | O_CLOEXEC));
  EXPECT_FALSE(fd.valid());
  EXPECT_EQ(fd.Close(), 0);
}

TEST(UniqueFd, MovingTransfersOwnership) {
  UniqueFd first(OpenDevNull());
  const int raw = first.get();
  UniqueFd second(std::move(first));
  EXPECT_FALSE(
      first.valid());  // NOLINT(bugprone-use-after-move): the moved-from state is the contract
  EXPECT_EQ(second.get(), raw);
  EXPECT_TRUE(IsOpen(raw));
}

TEST(UniqueFd, MoveAssignmentClosesWhatItHeld) {
  UniqueFd target(OpenDevNull());
  const int replaced = target.get();
  UniqueFd source(OpenDevNull());
  const int kept = source.get();
  target = std::move(source);
  EXPECT_FALSE(IsOpen(replaced));
  EXPECT_EQ(target.get(), kept);
  EXPECT_TRUE(IsOpen(kept));
}

TEST(UniqueFd, CloseReportsCloseResultAndForgetsTheDescriptor) {
  UniqueFd fd(OpenDevNull());
  const int raw = fd.get();
  EXPECT_EQ(fd.Close(), 0);
  EXPECT_FALSE(fd.valid());
  EXPECT_FALSE(IsOpen(raw));
  // A descriptor that is not open: close(2) fails with EBADF, and Close() says so.
  UniqueFd stale(raw);
  EXPECT_EQ(stale.Close(), -1);
  EXPECT_EQ(errno, EBADF);
}

TEST(UniqueFd, ReleaseGivesUpOwnership) {
  int raw = -1;
  {
    UniqueFd fd(OpenDevNull());
    raw = fd.Release();
    EXPECT_FALSE(fd.valid());
  }
  EXPECT_TRUE(IsOpen(raw));
  ::close(raw);
}

}  // namespace
}  // namespace veil
