#include "veil/base/process_hardening.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace veil {
namespace {

// Runs in a forked child so the test binary itself stays dumpable (gtest death tests, debuggers).
TEST(ProcessHardeningTest, DisableCoreDumpsMakesTheProcessNonDumpable) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 1) ::_exit(2);
    if (!DisableCoreDumps()) ::_exit(3);
    ::_exit(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0 ? 0 : 4);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "2: dumpable was not 1 before, 3: DisableCoreDumps failed, "
                                       "4: still dumpable after";
}

}  // namespace
}  // namespace veil
