#include "killed_parent.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace veil::agent::testing {

pid_t StartInAParentThatIsKilled(const std::function<pid_t()>& start) {
  int report[2];
  if (pipe(report) != 0) return -1;
  const pid_t parent = fork();
  if (parent == 0) {
    close(report[0]);
    const pid_t started = start();
    (void)!write(report[1], &started, sizeof started);
    pause();
    _exit(0);
  }
  close(report[1]);
  pid_t started = -1;
  if (parent > 0 && read(report[0], &started, sizeof started) != sizeof started) started = -1;
  close(report[0]);
  if (parent > 0) {
    kill(parent, SIGKILL);
    waitpid(parent, nullptr, 0);
  }
  return started;
}

bool EndsSoon(pid_t pid) {
  for (int i = 0; i < 500; ++i) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line) || line.find(") Z ") != std::string::npos) return true;
    usleep(10'000);
  }
  return false;
}

}  // namespace veil::agent::testing
