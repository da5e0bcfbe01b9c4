#include "veil/testing/command.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>

namespace veil::testing {
namespace {

void DrainPipes(int out_fd, int err_fd, CommandResult& result) {
  std::array<pollfd, 2> fds{{{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}}};
  int open_count = 2;
  char buffer[4096];
  while (open_count > 0) {
    if (poll(fds.data(), fds.size(), -1) < 0) break;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
        continue;
      }
      (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
    }
  }
}

}  // namespace

namespace {

// Runs argv with its output captured; with `input`, that text is its standard input.
CommandResult Run(const std::vector<std::string>& argv, const std::string_view* input) {
  CommandResult result;
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (argv.empty() || pipe2(out_pipe, O_CLOEXEC) != 0) return result;
  if (pipe2(err_pipe, O_CLOEXEC) != 0) return result;
  if (input != nullptr && (input->size() > (64u << 10) || pipe2(in_pipe, O_CLOEXEC) != 0))
    return result;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    if (input != nullptr) dup2(in_pipe[0], STDIN_FILENO);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (input != nullptr) {
    close(in_pipe[0]);
    (void)!write(in_pipe[1], input->data(), input->size());  // fits the pipe: checked above
    close(in_pipe[1]);
  }
  DrainPipes(out_pipe[0], err_pipe[0], result);
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
    result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv) { return Run(argv, nullptr); }

CommandResult RunCommand(const std::vector<std::string>& argv, std::string_view input) {
  return Run(argv, &input);
}

std::string BuiltBinary(const std::string& name) {
#ifdef VEIL_BINARY_DIR
  return std::string(VEIL_BINARY_DIR) + "/bin/" + name;
#else
  return "build/bin/" + name;
#endif
}

}  // namespace veil::testing
