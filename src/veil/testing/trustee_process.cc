#include "veil/testing/trustee_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "veil/testing/command.h"

namespace veil::testing {
namespace {

// Waits for a child to exit, at most `timeout`; true when it did.
bool WaitFor(pid_t pid, std::chrono::milliseconds timeout, int& status) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) return true;
    poll(nullptr, 0, 10);
  }
  return false;
}

// Reads the child's stdout until the "listening on ...:PORT" line; 0 on timeout or EOF.
std::uint16_t ReadPort(int fd, std::chrono::milliseconds timeout) {
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{fd, POLLIN, 0};
    if (poll(&pfd, 1, 100) <= 0) continue;
    char buffer[256];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) return 0;
    seen.append(buffer, static_cast<std::size_t>(n));
    const auto marker = seen.find("listening on ");
    if (marker == std::string::npos) continue;
    const auto line_end = seen.find('\n', marker);
    if (line_end == std::string::npos) continue;
    const auto colon = seen.rfind(':', line_end);
    return static_cast<std::uint16_t>(std::stoul(seen.substr(colon + 1, line_end - colon - 1)));
  }
  return 0;
}

}  // namespace

TrusteeProcess::TrusteeProcess(pid_t pid, std::uint16_t port, std::filesystem::path log)
    : pid_(pid), port_(port), log_(std::move(log)) {}

TrusteeProcess::~TrusteeProcess() { Stop(); }

Result<std::unique_ptr<TrusteeProcess>> TrusteeProcess::Start(
    const std::filesystem::path& data_dir, const std::vector<std::string>& args) {
  const std::filesystem::path log =
      data_dir.parent_path() / (data_dir.filename().string() + ".trustee.log");
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return Fail(Unavailable("pipe failed"));
  std::vector<std::string> argv = {
      BuiltBinary("veil-trustee"), "--listen",    "127.0.0.1:0", "--data-dir",
      data_dir.string(),           "--log-level", "debug"};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (log_fd >= 0) dup2(log_fd, STDERR_FILENO);
    std::vector<char*> raw;
    raw.reserve(argv.size() + 1);
    for (auto& arg : argv) raw.push_back(arg.data());
    raw.push_back(nullptr);
    execv(raw[0], raw.data());
    _exit(127);
  }
  close(out_pipe[1]);
  const std::uint16_t port = ReadPort(out_pipe[0], std::chrono::seconds(20));
  close(out_pipe[0]);  // the trustee prints nothing else on stdout
  auto process = std::unique_ptr<TrusteeProcess>(new TrusteeProcess(pid, port, log));
  if (port == 0) {
    process->Stop();
    return Fail(Unavailable("veil-trustee did not start: " + process->Log()));
  }
  return process;
}

std::string TrusteeProcess::Log() const {
  std::ifstream in(log_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t TrusteeProcess::ResidentBytes() const {
  if (pid_ <= 0) return 0;
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    std::istringstream fields(line.substr(6));
    std::size_t kib = 0;
    fields >> kib;  // "VmRSS:	   12345 kB"
    return kib * 1024;
  }
  return 0;
}

int TrusteeProcess::Stop() {
  if (pid_ <= 0) return -1;
  int status = 0;
  kill(pid_, SIGTERM);
  if (!WaitFor(pid_, std::chrono::seconds(10), status)) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool TrusteeProcess::Kill() {
  if (pid_ <= 0) return false;
  int status = 0;
  kill(pid_, SIGKILL);
  const bool reaped = waitpid(pid_, &status, 0) == pid_;
  pid_ = -1;
  return reaped && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

}  // namespace veil::testing
