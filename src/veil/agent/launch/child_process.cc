#include "veil/agent/launch/child_process.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "veil/agent/launch/close_on_exec.h"
#include "veil/base/unique_fd.h"

namespace veil::agent {
namespace {

constexpr std::array kForwardedSignals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

// Why the child could not become the workload: the step and its errno, sent through a CLOEXEC
// pipe that closes silently when exec succeeds.
enum class ChildStep : int { kDescriptors = 1, kGroups, kGid, kUid, kChdir, kExec };
struct ChildFailure {
  ChildStep step;
  int error;
};

// The RLIMIT_NOFILE soft limit, read before fork for the close-on-exec fallback.
int DescriptorLimit() {
  const long limit = sysconf(_SC_OPEN_MAX);
  return limit > 0 && limit < (1L << 30) ? static_cast<int>(limit) : (1 << 20);
}

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (const std::string& text : strings) pointers.push_back(const_cast<char*>(text.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

[[noreturn]] void FailInChild(int fd, ChildStep step, int error = errno) {
  const ChildFailure failure{step, error};
  (void)!write(fd, &failure, sizeof failure);
  _exit(127);
}

// Between fork and exec: only async-signal-safe calls. The workload starts with the forwarded
// signals unblocked (whatever the agent blocked) and none of the agent's descriptors beyond
// stdin/stdout/stderr (a TPM or trustee connection must not outlive the privilege drop).
// The workload does not start when the descriptors cannot be closed.
[[noreturn]] void BecomeWorkload(const LaunchSpec& spec, char* const* argv, char* const* envp,
                                 const sigset_t& workload_mask, int fd_limit, int error_fd) {
  sigprocmask(SIG_SETMASK, &workload_mask, nullptr);
  // The error pipe is CLOEXEC already: it stays open until exec, as it must.
  if (const int error = MarkCloseOnExecFrom(3, fd_limit); error != 0)
    FailInChild(error_fd, ChildStep::kDescriptors, error);
  if (spec.user) {
    if (setgroups(spec.user->groups.size(), spec.user->groups.data()) != 0)
      FailInChild(error_fd, ChildStep::kGroups);
    if (setgid(spec.user->gid) != 0) FailInChild(error_fd, ChildStep::kGid);
    if (setuid(spec.user->uid) != 0) FailInChild(error_fd, ChildStep::kUid);
  }
  if (spec.working_directory && chdir(spec.working_directory->c_str()) != 0)
    FailInChild(error_fd, ChildStep::kChdir);
  execvpe(argv[0], argv, envp);
  FailInChild(error_fd, ChildStep::kExec);
}

Error LaunchError(const LaunchSpec& spec, const ChildFailure& failure) {
  const std::string reason = std::strerror(failure.error);
  switch (failure.step) {
    case ChildStep::kExec:
      if (failure.error == ENOENT)
        return NotFound("cannot run \"" + spec.argv[0] + "\": " + reason);
      return Unavailable("cannot run \"" + spec.argv[0] + "\": " + reason);
    case ChildStep::kChdir:
      return Unavailable("cannot enter " + spec.working_directory->string() + ": " + reason);
    case ChildStep::kDescriptors:
      return Unavailable("cannot close the agent's descriptors before starting \"" + spec.argv[0] +
                         "\": " + reason);
    default:
      return Unavailable("cannot switch to user " + (spec.user ? spec.user->name : "") + ": " +
                         reason);
  }
}

WorkloadExit DescribeExit(int status) {
  if (WIFEXITED(status))
    return {WEXITSTATUS(status), "exited with " + std::to_string(WEXITSTATUS(status))};
  const int signal = WTERMSIG(status);
  return {128 + signal,
          "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")"};
}

// Forwards signals until the child ends; returns its wait status.
Result<int> SuperviseChild(pid_t child, const sigset_t& watched) {
  while (true) {
    siginfo_t info{};
    const int signal = sigwaitinfo(&watched, &info);
    if (signal < 0) {
      if (errno == EINTR) continue;  // e.g. after SIGSTOP/SIGCONT
      return Fail(Internal(std::string("sigwaitinfo: ") + std::strerror(errno)));
    }
    if (signal != SIGCHLD) {
      kill(child, signal);
      continue;
    }
    int status = 0;
    const pid_t reaped = waitpid(child, &status, WNOHANG);
    if (reaped == child) return status;
    if (reaped < 0 && errno != EINTR)
      return Fail(Internal(std::string("waitpid: ") + std::strerror(errno)));
  }
}

// Restores the signal mask (and SIGCHLD's disposition) the caller had, on every path out.
class SignalScope {
 public:
  explicit SignalScope(const sigset_t& watched) {
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    // An inherited "ignore SIGCHLD" would reap the workload behind our back and never report it.
    sigaction(SIGCHLD, &default_action, &original_chld_);
    sigprocmask(SIG_BLOCK, &watched, &original_mask_);
    workload_mask_ = original_mask_;
    for (int signal : kForwardedSignals) sigdelset(&workload_mask_, signal);
    sigdelset(&workload_mask_, SIGCHLD);
  }
  ~SignalScope() {
    sigprocmask(SIG_SETMASK, &original_mask_, nullptr);
    sigaction(SIGCHLD, &original_chld_, nullptr);
  }
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;

  const sigset_t& workload_mask() const { return workload_mask_; }

 private:
  sigset_t original_mask_{};
  sigset_t workload_mask_{};
  struct sigaction original_chld_ {};
};

}  // namespace

Result<WorkloadExit> RunWorkload(const LaunchSpec& spec) {
  if (spec.argv.empty()) return Fail(InvalidArgument("no command to run"));
  const std::vector<char*> argv = CStrings(spec.argv);
  const std::vector<char*> envp = spec.env.ExecPointers();
  const int fd_limit = DescriptorLimit();
  sigset_t watched;
  sigemptyset(&watched);
  for (int signal : kForwardedSignals) sigaddset(&watched, signal);
  sigaddset(&watched, SIGCHLD);
  const SignalScope signals(watched);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return Fail(Unavailable(std::string("pipe: ") + std::strerror(errno)));
  UniqueFd error_read(fds[0]);
  UniqueFd error_write(fds[1]);
  const pid_t child = fork();
  if (child == 0)
    BecomeWorkload(spec, argv.data(), envp.data(), signals.workload_mask(), fd_limit,
                   error_write.get());
  error_write.Reset();
  if (child < 0) return Fail(Unavailable(std::string("fork: ") + std::strerror(errno)));
  ChildFailure failure{};
  ssize_t got;
  do {
    got = read(error_read.get(), &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  VEIL_ASSIGN_OR_RETURN(const int status, SuperviseChild(child, watched));
  if (got == static_cast<ssize_t>(sizeof failure)) return Fail(LaunchError(spec, failure));
  return DescribeExit(status);
}

}  // namespace veil::agent
