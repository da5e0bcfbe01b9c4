#include "veil/agent/launch/child_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "veil/agent/launch/stop_signals.h"

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
  return {{"sh", "-c", script}, std::move(env), std::nullopt, std::nullopt, {}};
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
  auto exit = RunWorkload({{"/nonexistent/veil-workload"}, {}, std::nullopt, std::nullopt, {}});
  ASSERT_FALSE(exit);
  EXPECT_EQ(exit.error().code, ErrorCode::kNotFound);
  EXPECT_NE(exit.error().message.find("/nonexistent/veil-workload"), std::string::npos);
  const auto not_executable = Scratch("not-executable");
  std::ofstream(not_executable) << "#!/bin/sh\n";
  std::filesystem::permissions(not_executable, std::filesystem::perms::owner_read);
  auto denied = RunWorkload({{not_executable.string()}, {}, std::nullopt, std::nullopt, {}});
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

TEST(StopSignals, AStopRequestWhilePreparingIsReportedNotFatal) {
  {
    auto stop = StopSignals::Install();
    ASSERT_TRUE(stop) << stop.error().ToString();
    EXPECT_FALSE(StopSignals::Install()) << "one instance at a time";
    EXPECT_TRUE(stop->Check());
    raise(SIGTERM);  // handled: this process survives
    auto interrupted = stop->Check();
    ASSERT_FALSE(interrupted);
    EXPECT_EQ(interrupted.error().message,
              "interrupted by SIGTERM before the workload was launched");
    EXPECT_FALSE(stop->Check()) << "the request stays recorded";
  }
  struct sigaction now {};
  sigaction(SIGTERM, nullptr, &now);
  EXPECT_EQ(now.sa_handler, SIG_DFL) << "the disposition is restored";
}

TEST(StopSignals, ASleepEndsWhenAStopSignalArrives) {
  auto stop = StopSignals::Install();
  ASSERT_TRUE(stop);
  EXPECT_TRUE(stop->Sleep(std::chrono::milliseconds(1)));
  const pid_t self = getpid();
  const pid_t sender = fork();
  if (sender == 0) {
    usleep(100'000);
    kill(self, SIGHUP);
    _exit(0);
  }
  const auto started = std::chrono::steady_clock::now();
  auto slept = stop->Sleep(std::chrono::seconds(60));
  const auto took = std::chrono::steady_clock::now() - started;
  waitpid(sender, nullptr, 0);
  ASSERT_FALSE(slept);
  EXPECT_EQ(slept.error().message, "interrupted by SIGHUP before the workload was launched");
  EXPECT_LT(took, std::chrono::seconds(10));
}

TEST(StopSignals, AnInheritedIgnoreDoesNotHideAStopRequest) {
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGTERM, &ignore, &previous);
  {
    auto stop = StopSignals::Install();
    ASSERT_TRUE(stop);
    raise(SIGTERM);
    EXPECT_FALSE(stop->Check());
  }
  struct sigaction now {};
  sigaction(SIGTERM, &previous, &now);
  EXPECT_EQ(now.sa_handler, SIG_IGN) << "the inherited disposition is restored";
}

TEST(RunWorkload, AStopBeforeForkStartsNothing) {
  auto stop = StopSignals::Install();
  ASSERT_TRUE(stop);
  raise(SIGINT);
  const auto marker = Scratch("stopped-before-fork");
  std::filesystem::remove(marker);
  auto exit = RunWorkload(Shell("touch " + marker.string()), [&] { return stop->Check(); });
  ASSERT_FALSE(exit);
  EXPECT_EQ(exit.error().message, "interrupted by SIGINT before the workload was launched");
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST(RunWorkload, InheritedIgnoredSignalsAreDefaultForTheWorkload) {
  // The agent started with SIGTERM and SIGHUP ignored (nohup, some init systems): the workload
  // must not inherit that.
  struct sigaction ignore {
  }, old_term{}, old_hup{};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGTERM, &ignore, &old_term);
  sigaction(SIGHUP, &ignore, &old_hup);
  const auto out = Scratch("sigign");
  auto exit = RunWorkload(Shell("grep -E 'SigIgn|SigBlk' /proc/self/status > " + out.string()));
  sigaction(SIGTERM, &old_term, nullptr);
  sigaction(SIGHUP, &old_hup, nullptr);
  ASSERT_TRUE(exit) << exit.error().ToString();
  const std::string report = Slurp(out);
  // sh ignores nothing by itself when run with -c; the agent's ignores must be gone.
  EXPECT_NE(report.find("SigIgn:\t0000000000000000"), std::string::npos) << report;
  EXPECT_NE(report.find("SigBlk:\t0000000000000000"), std::string::npos) << report;
}

TEST(RunWorkload, LooksTheCommandUpInTheWorkloadsPath) {
  const auto tools = Scratch("workload-tools");
  std::filesystem::create_directories(tools);
  const auto tool = tools / "veil-only-here";
  std::ofstream(tool) << "#!/bin/sh\nexit 23\n";
  std::filesystem::permissions(tool, std::filesystem::perms::owner_all);
  // Not on the agent's PATH, only on the workload's.
  Environment env;
  env.AddEntry("PATH=/nonexistent:" + tools.string());
  auto exit = RunWorkload({{"veil-only-here"}, std::move(env), std::nullopt, std::nullopt, {}});
  ASSERT_TRUE(exit) << exit.error().ToString();
  EXPECT_EQ(exit->code, 23);
  // And the agent's PATH is not consulted: "sh" is not found on a workload PATH without it.
  Environment bare;
  bare.AddEntry("PATH=/nonexistent");
  auto missing =
      RunWorkload({{"sh", "-c", "exit 0"}, std::move(bare), std::nullopt, std::nullopt, {}});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(RunWorkload, WhatTheWorkloadLeavesRunningEndsWithIt) {
  // A grandchild in its own session (as a daemon detaches) outlives the workload's exit...
  const auto pid_file = Scratch("leftover-pid");
  std::filesystem::remove(pid_file);
  auto exit = RunWorkload(Shell("setsid sleep 300 & echo $! > " + pid_file.string() + "; exit 0"));
  ASSERT_TRUE(exit) << exit.error().ToString();
  EXPECT_EQ(exit->code, 0);
  const pid_t leftover = static_cast<pid_t>(std::stol(Slurp(pid_file)));
  ASSERT_GT(leftover, 1);
  // ...but not the agent's return: it was killed and reaped.
  EXPECT_EQ(kill(leftover, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST(RunWorkload, TheWorkloadDiesWithTheAgentEvenBySigkill) {
  const auto pid_file = Scratch("orphan-pid");
  std::filesystem::remove(pid_file);
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t agent = fork();
  if (agent == 0) {
    // A stand-in agent: runs a workload that reports its pid, then waits to be killed.
    close(ready[0]);
    auto exit =
        RunWorkload(Shell("echo $$ > " + pid_file.string() + ".tmp; mv " + pid_file.string() +
                          ".tmp " + pid_file.string() + "; exec sleep 300"));
    _exit(exit ? 0 : 1);
  }
  close(ready[1]);
  close(ready[0]);
  for (int i = 0; i < 200 && !std::filesystem::exists(pid_file); ++i) usleep(25'000);
  ASSERT_TRUE(std::filesystem::exists(pid_file));
  const pid_t workload = static_cast<pid_t>(std::stol(Slurp(pid_file)));
  ASSERT_EQ(kill(workload, 0), 0);
  kill(agent, SIGKILL);
  waitpid(agent, nullptr, 0);
  // The workload is now gone (or a zombie of whoever reaps orphans): never still sleeping.
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    std::ifstream status("/proc/" + std::to_string(workload) + "/status");
    std::string line;
    gone = true;
    while (std::getline(status, line)) {
      if (line.starts_with("State:") && line.find('Z') == std::string::npos) gone = false;
    }
    if (!gone) usleep(25'000);
  }
  EXPECT_TRUE(gone) << "the workload outlived a SIGKILLed agent";
}

TEST(ResolveUser, UnknownUserIsNotFound) {
  EXPECT_EQ(ResolveUser("no-such-user-veil").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace veil::agent
