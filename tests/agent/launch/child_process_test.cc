#include "veil/agent/launch/child_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "veil/agent/launch/termination_guard.h"

namespace veil::agent {
namespace {

std::filesystem::path Scratch(const std::string& name) {
  const auto dir =
      std::filesystem::path(::testing::TempDir()) / ("launch-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

LaunchSpec Shell(const std::string& script,
                 const std::vector<std::string>& entries = {"PATH=/usr/bin:/bin"}) {
  Environment env;
  for (const std::string& entry : entries) env.AddEntry(entry);
  return {{"sh", "-c", script}, std::move(env), std::nullopt, std::nullopt};
}

TEST(RunWorkload, PropagatesTheExitStatus) {
  for (int code : {0, 1, 42, 255}) {
    auto exit = RunWorkload(Shell("exit " + std::to_string(code)));
    ASSERT_TRUE(exit) << exit.error().ToString();
    EXPECT_EQ(exit->code, code);
    EXPECT_EQ(exit->description, "exited with " + std::to_string(code));
  }
}

TEST(RunWorkload, ReportsDeathBySignalAsShellsDo) {
  auto exit = RunWorkload(Shell("kill -KILL $$"));
  ASSERT_TRUE(exit);
  EXPECT_EQ(exit->code, 128 + SIGKILL);
  EXPECT_NE(exit->description.find("killed by signal 9"), std::string::npos) << exit->description;
}

TEST(RunWorkload, ForwardsSignalsSentToTheAgent) {
  // The workload signals its parent (this process); the parent must pass SIGTERM on to it.
  const auto marker = Scratch("forwarded");
  std::filesystem::remove(marker);
  auto exit =
      RunWorkload(Shell("trap 'echo got-term > " + marker.string() +
                        "; exit 7' TERM; kill -TERM $PPID; "
                        "i=0; while [ $i -lt 200 ]; do i=$((i+1)); sleep 0.05; done; exit 1"));
  ASSERT_TRUE(exit) << exit.error().ToString();
  EXPECT_EQ(exit->code, 7);
  EXPECT_EQ(Slurp(marker), "got-term\n");
}

TEST(RunWorkload, PassesExactlyTheGivenEnvironmentAndDirectory) {
  const auto out = Scratch("env");
  LaunchSpec spec = Shell("echo \"$GREETING|$HOME|$SECRET|$(pwd)\" > " + out.string(),
                          {"PATH=/usr/bin:/bin", "GREETING=hi"});
  ASSERT_TRUE(spec.env.Add("SECRET", std::string_view("s3 cr=t")));
  spec.working_directory = out.parent_path();
  auto exit = RunWorkload(spec);
  ASSERT_TRUE(exit);
  EXPECT_EQ(exit->code, 0);
  EXPECT_EQ(Slurp(out), "hi||s3 cr=t|" + out.parent_path().string() + "\n");
}

TEST(RunWorkload, MissingCommandIsAnErrorAndNothingRan) {
  auto exit = RunWorkload({{"/nonexistent/veil-workload"}, {}, std::nullopt, std::nullopt});
  ASSERT_FALSE(exit);
  EXPECT_EQ(exit.error().code, ErrorCode::kNotFound);
  EXPECT_NE(exit.error().message.find("/nonexistent/veil-workload"), std::string::npos);
  const auto not_executable = Scratch("not-executable");
  std::ofstream(not_executable) << "#!/bin/sh\n";
  std::filesystem::permissions(not_executable, std::filesystem::perms::owner_read);
  auto denied = RunWorkload({{not_executable.string()}, {}, std::nullopt, std::nullopt});
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kUnavailable);
}

TEST(RunWorkload, DropsToTheWorkloadUser) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to switch users";
  auto nobody = ResolveUser("nobody");
  ASSERT_TRUE(nobody) << nobody.error().ToString();
  const auto out = Scratch("whoami");
  std::filesystem::remove(out);
  std::ofstream(out).close();
  std::filesystem::permissions(out, std::filesystem::perms::all);
  LaunchSpec spec = Shell("echo \"$(id -u):$(id -g)\" > " + out.string());
  spec.user = *nobody;
  auto exit = RunWorkload(spec);
  ASSERT_TRUE(exit) << exit.error().ToString();
  EXPECT_EQ(exit->code, 0);
  EXPECT_EQ(Slurp(out), std::to_string(nobody->uid) + ":" + std::to_string(nobody->gid) + "\n");
}

TEST(RunWorkload, ReportsTheExitEvenWhenSigchldWasIgnored) {
  // An agent started with SIGCHLD ignored must still see its workload's exit status.
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGCHLD, &ignore, &previous);
  auto exit = RunWorkload(Shell("exit 5"));
  sigaction(SIGCHLD, &previous, nullptr);
  ASSERT_TRUE(exit) << exit.error().ToString();
  EXPECT_EQ(exit->code, 5);
}

TEST(RunWorkload, StartsTheWorkloadWithSignalsUnblockedAndNoExtraDescriptors) {
  sigset_t term, previous;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  sigprocmask(SIG_BLOCK, &term, &previous);  // as the agent holds it while preparing
  const int opened = open("/dev/null", O_RDONLY);
  const int leaked = dup2(opened, 57);  // not CLOEXEC: must still not reach the workload
  close(opened);
  const auto out = Scratch("fds");
  auto exit = RunWorkload(Shell("grep SigBlk /proc/self/status > " + out.string() +
                                "; ls /proc/self/fd >> " + out.string()));
  close(leaked);
  sigprocmask(SIG_SETMASK, &previous, nullptr);
  ASSERT_TRUE(exit) << exit.error().ToString();
  const std::string report = Slurp(out);
  EXPECT_NE(report.find("SigBlk:\t0000000000000000"), std::string::npos) << report;
  EXPECT_EQ(report.find("\n" + std::to_string(leaked) + "\n"), std::string::npos) << report;
}

TEST(TerminationGuard, AStopRequestWhilePreparingIsReportedNotFatal) {
  {
    const TerminationGuard guard;
    EXPECT_TRUE(guard.CheckNotInterrupted());
    raise(SIGTERM);  // held: this process survives
    auto interrupted = guard.CheckNotInterrupted();
    ASSERT_FALSE(interrupted);
    EXPECT_EQ(interrupted.error().message,
              "interrupted by SIGTERM before the workload was launched");
    EXPECT_TRUE(guard.CheckNotInterrupted()) << "the signal is consumed";
  }
  sigset_t blocked;
  sigprocmask(SIG_BLOCK, nullptr, &blocked);
  EXPECT_FALSE(sigismember(&blocked, SIGTERM)) << "the guard restores the mask";
}

TEST(ResolveUser, UnknownUserIsNotFound) {
  EXPECT_EQ(ResolveUser("no-such-user-veil").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace veil::agent
