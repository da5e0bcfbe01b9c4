#include "veil/agent/launch/child_process.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "veil/agent/launch/close_on_exec.h"
#include "veil/agent/launch/command_path.h"
#include "veil/agent/launch/descendants.h"
#include "veil/agent/launch/exec_arguments.h"
#include "veil/agent/launch/stop_signals.h"
#include "veil/base/unique_fd.h"

namespace veil::agent {
namespace {

// Why the child could not become the workload: the step and its errno, sent through a CLOEXEC
// pipe that closes silently when exec succeeds.
enum class ChildStep : int { kDescriptors = 1, kGroups, kGid, kUid, kParent, kChdir, kExec };
struct ChildFailure {
  ChildStep step;
  int error;
};

[[noreturn]] void FailInChild(int fd, ChildStep step, int error = errno) {
  const ChildFailure failure{step, error};
  (void)!write(fd, &failure, sizeof failure);
  _exit(127);
}

// What the child needs, prepared before fork so that it only makes async-signal-safe calls.
struct ChildPlan {
  const LaunchSpec* spec;
  std::vector<std::string> candidates;  // exec tries these paths in order (command_path.h)
  std::vector<char*> argv;
  std::vector<char*> envp;
  int fd_limit;
  pid_t agent;  // the parent the workload must still have after arming PR_SET_PDEATHSIG
};

// Every disposition back to SIG_DFL (an ignored SIGTERM or SIGHUP the agent inherited, or the
// agent's own handlers, must not reach the workload) and nothing blocked.
void ResetSignals() {
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  for (int signal = 1; signal < NSIG; ++signal) {
    if (signal != SIGKILL && signal != SIGSTOP) sigaction(signal, &default_action, nullptr);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

void DropToUser(const WorkloadUser& user, int error_fd) {
  if (setgroups(user.groups.size(), user.groups.data()) != 0)
    FailInChild(error_fd, ChildStep::kGroups);
  if (setgid(user.gid) != 0) FailInChild(error_fd, ChildStep::kGid);
  if (setuid(user.uid) != 0) FailInChild(error_fd, ChildStep::kUid);
}

// The workload dies with the agent (even by SIGKILL). Armed after the uid change, which clears
// it; if the agent died before it was armed, the workload is already orphaned: do not start.
void DieWithTheAgent(pid_t agent, int error_fd) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) FailInChild(error_fd, ChildStep::kParent);
  if (getppid() != agent) FailInChild(error_fd, ChildStep::kParent, ESRCH);
}

// execve on each candidate, as execvp does: a missing or non-directory entry moves on, EACCES is
// remembered (reported when nothing else ran), any other error stops the search.
[[noreturn]] void Exec(const ChildPlan& plan, int error_fd) {
  bool denied = false;
  for (const std::string& path : plan.candidates) {
    execve(path.c_str(), plan.argv.data(), plan.envp.data());
    if (errno == EACCES) {
      denied = true;
    } else if (errno != ENOENT && errno != ENOTDIR) {
      FailInChild(error_fd, ChildStep::kExec);
    }
  }
  FailInChild(error_fd, ChildStep::kExec, denied ? EACCES : ENOENT);
}

// Between fork and exec: only async-signal-safe calls. The workload starts with default signal
// dispositions, nothing blocked, none of the agent's descriptors beyond stdin/stdout/stderr (a
// TPM or trustee connection must not outlive the privilege drop), and bound to die with the
// agent. It does not start when any of that fails.
[[noreturn]] void BecomeWorkload(const ChildPlan& plan, int error_fd) {
  ResetSignals();
  // The error pipe is CLOEXEC already: it stays open until exec, as it must.
  if (const int error = MarkCloseOnExecFrom(3, plan.fd_limit); error != 0)
    FailInChild(error_fd, ChildStep::kDescriptors, error);
  if (plan.spec->user) DropToUser(*plan.spec->user, error_fd);
  DieWithTheAgent(plan.agent, error_fd);
  if (plan.spec->working_directory && chdir(plan.spec->working_directory->c_str()) != 0)
    FailInChild(error_fd, ChildStep::kChdir);
  Exec(plan, error_fd);
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
    case ChildStep::kParent:
      return Unavailable("cannot bind \"" + spec.argv[0] + "\" to the agent's lifetime: " + reason);
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
    // As a subreaper the agent also inherits the workload's orphans: reap them as they end.
    while (true) {
      int status = 0;
      const pid_t reaped = waitpid(-1, &status, WNOHANG);
      if (reaped == child) return status;
      if (reaped > 0) continue;
      if (reaped < 0 && errno == EINTR) continue;
      if (reaped < 0 && errno != ECHILD)
        return Fail(Internal(std::string("waitpid: ") + std::strerror(errno)));
      break;
    }
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
  }
  ~SignalScope() {
    sigprocmask(SIG_SETMASK, &original_mask_, nullptr);
    sigaction(SIGCHLD, &original_chld_, nullptr);
  }
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;

 private:
  sigset_t original_mask_{};
  struct sigaction original_chld_ {};
};

}  // namespace

Result<WorkloadExit> RunWorkload(const LaunchSpec& spec, const std::function<Status()>& may_start) {
  if (spec.argv.empty()) return Fail(InvalidArgument("no command to run"));
  const ChildPlan plan{&spec,
                       CommandCandidates(spec.argv[0], spec.env),
                       CStrings(spec.argv),
                       spec.env.ExecPointers(),
                       DescriptorLimit(),
                       getpid()};
  sigset_t watched;
  sigemptyset(&watched);
  for (int signal : kStopSignals) sigaddset(&watched, signal);
  sigaddset(&watched, SIGCHLD);
  const SignalScope signals(watched);
  // From here a stop signal waits in the mask and is forwarded; one that came before is ours.
  if (may_start) VEIL_TRY(may_start());
  VEIL_TRY(BecomeSubreaper());
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return Fail(Unavailable(std::string("pipe: ") + std::strerror(errno)));
  UniqueFd error_read(fds[0]);
  UniqueFd error_write(fds[1]);
  const pid_t child = fork();
  if (child == 0) BecomeWorkload(plan, error_write.get());
  error_write.Reset();
  if (child < 0) return Fail(Unavailable(std::string("fork: ") + std::strerror(errno)));
  ChildFailure failure{};
  ssize_t got;
  do {
    got = read(error_read.get(), &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  auto status = SuperviseChild(child, watched);
  EndDescendants(spec.spared_children);  // what the workload left running ends with it
  if (!status) return Fail(std::move(status).error());
  if (got == static_cast<ssize_t>(sizeof failure)) return Fail(LaunchError(spec, failure));
  return DescribeExit(*status);
}

}  // namespace veil::agent
