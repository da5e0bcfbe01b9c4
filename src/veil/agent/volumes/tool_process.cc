#include "veil/agent/volumes/tool_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <thread>

#include "veil/agent/launch/close_on_exec.h"
#include "veil/agent/launch/exec_arguments.h"

namespace veil::agent {
namespace {

constexpr std::size_t kMaxCapturedStderr = 16 * 1024;
constexpr const char* kToolPath = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";

// What the child needs, prepared before fork so that it only makes async-signal-safe calls.
struct ChildPlan {
  std::vector<char*> argv;
  std::array<char*, 2> envp;
  int stdin_fd;
  int stdout_fd;
  int stderr_fd;  // -1: keep the agent's
  int fd_limit;
  pid_t agent;
};

[[noreturn]] void BecomeTool(const ChildPlan& plan) {
  if (dup2(plan.stdin_fd, STDIN_FILENO) < 0 || dup2(plan.stdout_fd, STDOUT_FILENO) < 0) _exit(126);
  if (plan.stderr_fd >= 0 && dup2(plan.stderr_fd, STDERR_FILENO) < 0) _exit(126);
  if (MarkCloseOnExecFrom(STDERR_FILENO + 1, plan.fd_limit) != 0) _exit(126);
  if (setsid() < 0) _exit(126);
  if (prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) != 0 || getppid() != plan.agent) _exit(126);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(plan.argv[0], plan.argv.data(), plan.envp.data());
  _exit(127);
}

Status SendInput(int fd, ByteSpan input) {
  std::size_t sent = 0;
  while (sent < input.size()) {
    const ssize_t n = send(fd, input.data() + sent, input.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return Fail(Unavailable(std::string("writing to the tool: ") + std::strerror(errno)));
    sent += static_cast<std::size_t>(n);
  }
  return {};
}

std::string ReadAll(int fd) {
  std::string text;
  char buffer[4096];
  while (true) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > kMaxCapturedStderr) text.erase(0, text.size() - kMaxCapturedStderr);
  }
}

}  // namespace

Result<ToolProcess> ToolProcess::Start(const std::vector<std::string>& argv, ByteSpan input,
                                       ToolOutput output) {
  if (argv.empty() || access(argv[0].c_str(), F_OK) != 0) {
    return Fail(NotFound(argv.empty() ? "no tool to run" : argv[0] + " is not installed"));
  }
  int sockets[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0)
    return Fail(Unavailable(std::string("socketpair: ") + std::strerror(errno)));
  UniqueFd input_write(sockets[0]);
  UniqueFd input_read(sockets[1]);
  UniqueFd null_fd(open("/dev/null", O_WRONLY | O_CLOEXEC));
  if (!null_fd.valid()) return Fail(Unavailable(std::string("/dev/null: ") + std::strerror(errno)));
  UniqueFd stderr_read;
  UniqueFd stderr_write;
  if (output != ToolOutput::kInheritStderr) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
      return Fail(Unavailable(std::string("pipe: ") + std::strerror(errno)));
    stderr_read = UniqueFd(fds[0]);
    stderr_write = UniqueFd(fds[1]);
  }
  std::string path_variable = kToolPath;
  const ChildPlan plan{
      .argv = CStrings(argv),
      .envp = {path_variable.data(), nullptr},
      .stdin_fd = input_read.get(),
      .stdout_fd = output == ToolOutput::kCaptureBoth ? stderr_write.get() : null_fd.get(),
      .stderr_fd = stderr_write.valid() ? stderr_write.get() : -1,
      .fd_limit = DescriptorLimit(),
      .agent = getpid(),
  };
  const pid_t child = fork();
  if (child == 0) BecomeTool(plan);
  if (child < 0) return Fail(Unavailable(std::string("fork: ") + std::strerror(errno)));
  input_read.Reset();
  stderr_write.Reset();
  ToolProcess process(child, std::move(stderr_read));
  // A tool that exits before reading its input is reported by its exit status, not by this.
  (void)SendInput(input_write.get(), input);
  return process;
}

ToolProcess::ToolProcess(ToolProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), stderr_read_(std::move(other.stderr_read_)) {}

ToolProcess::~ToolProcess() {
  if (pid_ > 0) Terminate();
}

ToolExit ToolProcess::Finish(int status) {
  pid_ = -1;
  ToolExit exit;
  if (stderr_read_.valid()) exit.output = ReadAll(stderr_read_.get());
  stderr_read_.Reset();
  if (WIFEXITED(status)) {
    exit.code = WEXITSTATUS(status);
    exit.description = "exited with " + std::to_string(exit.code);
  } else {
    const int signal = WTERMSIG(status);
    exit.description =
        "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  }
  return exit;
}

// The agent reaps every child of a finished workload (launch/descendants.h); a tool that ended
// in that window has no status left to read.
ToolExit ToolProcess::AlreadyReaped() {
  pid_ = -1;
  stderr_read_.Reset();
  return ToolExit{-1, "ended, reaped with the workload's children", ""};
}

std::optional<ToolExit> ToolProcess::Poll() {
  if (pid_ <= 0) return ToolExit{-1, "not running", ""};
  int status = 0;
  const pid_t reaped = waitpid(pid_, &status, WNOHANG);
  if (reaped == pid_) return Finish(status);
  if (reaped < 0 && errno == ECHILD) return AlreadyReaped();
  return std::nullopt;
}

ToolExit ToolProcess::Wait() {
  if (pid_ <= 0) return ToolExit{-1, "not running", ""};
  // Drain stderr first: a tool blocked on a full pipe would never exit.
  std::string captured;
  if (stderr_read_.valid()) captured = ReadAll(stderr_read_.get());
  while (true) {
    int status = 0;
    const pid_t reaped = waitpid(pid_, &status, 0);
    if (reaped < 0 && errno == EINTR) continue;
    if (reaped < 0) return AlreadyReaped();
    stderr_read_.Reset();
    ToolExit exit = Finish(status);
    exit.output = std::move(captured);
    return exit;
  }
}

ToolExit ToolProcess::Terminate(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return ToolExit{-1, "not running", ""};
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto exit = Poll()) return *exit;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  return Wait();
}

Result<ToolExit> RunTool(const std::vector<std::string>& argv, ByteSpan input, ToolOutput output) {
  VEIL_ASSIGN_OR_RETURN(ToolProcess process, ToolProcess::Start(argv, input, output));
  return process.Wait();
}

}  // namespace veil::agent
