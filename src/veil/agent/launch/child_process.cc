#include "veil/agent/launch/child_process.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace veil::agent {
namespace {

constexpr std::array kForwardedSignals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

// Why the child could not become the workload: the step and its errno, sent through a CLOEXEC
// pipe that closes silently when exec succeeds.
enum class ChildStep : int { kGroups = 1, kGid, kUid, kChdir, kExec };
struct ChildFailure {
  ChildStep step;
  int error;
};

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (const std::string& text : strings) pointers.push_back(const_cast<char*>(text.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

[[noreturn]] void FailInChild(int fd, ChildStep step) {
  const ChildFailure failure{step, errno};
  (void)!write(fd, &failure, sizeof failure);
  _exit(127);
}

// Between fork and exec: only async-signal-safe calls.
[[noreturn]] void BecomeWorkload(const LaunchSpec& spec, char* const* argv, char* const* envp,
                                 const sigset_t& original_mask, int error_fd) {
  sigprocmask(SIG_SETMASK, &original_mask, nullptr);
  if (spec.user) {
    if (setgroups(spec.user->groups.size(), spec.user->groups.data()) != 0) FailInChild(error_fd, ChildStep::kGroups);
    if (setgid(spec.user->gid) != 0) FailInChild(error_fd, ChildStep::kGid);
    if (setuid(spec.user->uid) != 0) FailInChild(error_fd, ChildStep::kUid);
  }
  if (spec.working_directory && chdir(spec.working_directory->c_str()) != 0) FailInChild(error_fd, ChildStep::kChdir);
  execvpe(argv[0], argv, envp);
  FailInChild(error_fd, ChildStep::kExec);
}

Error LaunchError(const LaunchSpec& spec, const ChildFailure& failure) {
  const std::string reason = std::strerror(failure.error);
  switch (failure.step) {
    case ChildStep::kExec:
      if (failure.error == ENOENT) return NotFound("cannot run \"" + spec.argv[0] + "\": " + reason);
      return Unavailable("cannot run \"" + spec.argv[0] + "\": " + reason);
    case ChildStep::kChdir:
      return Unavailable("cannot enter " + spec.working_directory->string() + ": " + reason);
    default:
      return Unavailable("cannot switch to user " + (spec.user ? spec.user->name : "") + ": " + reason);
  }
}

WorkloadExit DescribeExit(int status) {
  if (WIFEXITED(status)) return {WEXITSTATUS(status), "exited with " + std::to_string(WEXITSTATUS(status))};
  const int signal = WTERMSIG(status);
  return {128 + signal, "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")"};
}

// Forwards signals until the child ends; returns its wait status.
int SuperviseChild(pid_t child, const sigset_t& watched) {
  while (true) {
    siginfo_t info{};
    const int signal = sigwaitinfo(&watched, &info);
    if (signal == SIGCHLD || signal < 0) {
      int status = 0;
      const pid_t reaped = waitpid(child, &status, signal < 0 ? 0 : WNOHANG);
      if (reaped == child) return status;
      continue;
    }
    kill(child, signal);
  }
}

}  // namespace

Result<WorkloadExit> RunWorkload(const LaunchSpec& spec) {
  if (spec.argv.empty()) return Fail(InvalidArgument("no command to run"));
  const std::vector<char*> argv = CStrings(spec.argv);
  const std::vector<char*> envp = CStrings(spec.env);
  sigset_t watched;
  sigemptyset(&watched);
  for (int signal : kForwardedSignals) sigaddset(&watched, signal);
  sigaddset(&watched, SIGCHLD);
  sigset_t original_mask;
  sigprocmask(SIG_BLOCK, &watched, &original_mask);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    sigprocmask(SIG_SETMASK, &original_mask, nullptr);
    return Fail(Unavailable(std::string("pipe: ") + std::strerror(errno)));
  }
  Fd error_read(fds[0]);
  Fd error_write(fds[1]);
  const pid_t child = fork();
  if (child == 0) BecomeWorkload(spec, argv.data(), envp.data(), original_mask, error_write.get());
  error_write.Reset();
  if (child < 0) {
    sigprocmask(SIG_SETMASK, &original_mask, nullptr);
    return Fail(Unavailable(std::string("fork: ") + std::strerror(errno)));
  }
  ChildFailure failure{};
  ssize_t got;
  do {
    got = read(error_read.get(), &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  const int status = SuperviseChild(child, watched);
  sigprocmask(SIG_SETMASK, &original_mask, nullptr);
  if (got == static_cast<ssize_t>(sizeof failure)) return Fail(LaunchError(spec, failure));
  return DescribeExit(status);
}

}  // namespace veil::agent
