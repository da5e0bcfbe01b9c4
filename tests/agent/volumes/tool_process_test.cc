#include "veil/agent/volumes/tool_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "killed_parent.h"

namespace veil::agent {
namespace {

ByteSpan AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::vector<std::string> Shell(const std::string& script) { return {"/bin/sh", "-c", script}; }

bool Running(pid_t pid) { return kill(pid, 0) == 0; }

TEST(ToolProcess, GivesTheInputOnStdinAndReportsTheExitAndStderr) {
  auto exit = RunTool(Shell("read line; echo \"got $line\" >&2; echo 'not kept'; exit 3"),
                      AsBytes("k3y\n"));
  ASSERT_TRUE(exit) << exit.error().ToString();
  EXPECT_EQ(exit->code, 3);
  EXPECT_EQ(exit->description, "exited with 3");
  // Standard output goes to /dev/null; standard error is captured.
  EXPECT_EQ(exit->output, "got k3y\n");
}

TEST(ToolProcess, TheInputReachesNeitherArgvNorTheEnvironment) {
  const std::string script =
      "read line; cat /proc/self/cmdline /proc/self/environ | tr '\\0' '\\n' >&2";
  auto exit = RunTool(Shell(script), AsBytes("SECRET-INPUT\n"));
  ASSERT_TRUE(exit) << exit.error().ToString();
  EXPECT_EQ(exit->code, 0);
  EXPECT_EQ(exit->output.find("SECRET-INPUT"), std::string::npos) << exit->output;
  // A fixed environment, not the agent's.
  EXPECT_NE(exit->output.find("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), std::string::npos);
  EXPECT_EQ(exit->output.find("HOME="), std::string::npos) << exit->output;
}

TEST(ToolProcess, AToolThatIgnoresItsInputDoesNotStopTheAgent) {
  // The input socket's reader is gone before it is written: no SIGPIPE, just the exit status.
  std::string big(1 << 20, 'x');
  auto exit = RunTool(Shell("exit 7"), AsBytes(big));
  ASSERT_TRUE(exit) << exit.error().ToString();
  EXPECT_EQ(exit->code, 7);
}

TEST(ToolProcess, GetsNoneOfTheAgentsDescriptors) {
  const int fd = dup(STDOUT_FILENO);
  ASSERT_GE(fd, 3);
  auto exit = RunTool(Shell("ls /proc/self/fd >&2"), {});
  close(fd);
  ASSERT_TRUE(exit) << exit.error().ToString();
  std::istringstream listed(exit->output);
  std::string entry;
  while (std::getline(listed, entry)) {
    // 0, 1, 2 and the descriptor ls itself opens on /proc/self/fd.
    EXPECT_LE(std::stoi(entry), 3) << exit->output;
  }
}

TEST(ToolProcess, AMissingToolIsNotFound) {
  auto exit = RunTool({"/nonexistent/gocryptfs"}, {});
  ASSERT_FALSE(exit);
  EXPECT_EQ(exit.error().code, ErrorCode::kNotFound);
  EXPECT_NE(exit.error().message.find("/nonexistent/gocryptfs is not installed"),
            std::string::npos);
}

TEST(ToolProcess, TerminateEndsALongRunningToolAndTheDestructorDoesToo) {
  auto daemon = ToolProcess::Start(Shell("exec sleep 60"), {}, ToolOutput::kInheritStderr);
  ASSERT_TRUE(daemon) << daemon.error().ToString();
  const pid_t pid = daemon->pid();
  EXPECT_FALSE(daemon->Poll().has_value());
  const ToolExit exit = daemon->Terminate();
  EXPECT_EQ(exit.code, -1);
  EXPECT_NE(exit.description.find("killed by signal 15"), std::string::npos) << exit.description;
  EXPECT_FALSE(Running(pid));
  pid_t second = -1;
  {
    auto other = ToolProcess::Start(Shell("exec sleep 60"), {}, ToolOutput::kInheritStderr);
    ASSERT_TRUE(other) << other.error().ToString();
    second = other->pid();
  }
  EXPECT_FALSE(Running(second));
}

TEST(ToolProcess, AToolDiesWithItsParent) {
  const pid_t tool = testing::StartInAParentThatIsKilled([] {
    auto daemon = ToolProcess::Start(Shell("exec sleep 60"), {}, ToolOutput::kInheritStderr);
    return daemon ? daemon->pid() : -1;
  });
  ASSERT_GT(tool, 0);
  // The tool is re-parented (to init or a subreaper) and gets SIGTERM: it must be gone soon.
  EXPECT_TRUE(testing::EndsSoon(tool)) << "the tool outlived the process that started it";
}

}  // namespace
}  // namespace veil::agent
