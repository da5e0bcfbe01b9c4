#include "veil/agent/launch/descendants.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace veil::agent {
namespace {

// The parent pid in /proc/<pid>/stat: the field after the command name, which is in parentheses
// and may itself hold ") " — so read from the last ')'.
pid_t ParentOf(const std::filesystem::path& stat_file) {
  std::ifstream in(stat_file);
  std::string line;
  if (!std::getline(in, line)) return -1;
  const std::size_t close = line.rfind(')');
  if (close == std::string::npos || close + 4 >= line.size()) return -1;
  const std::size_t ppid_at = line.find(' ', close + 3);  // ") S <ppid>"
  if (ppid_at == std::string::npos) return -1;
  return static_cast<pid_t>(std::strtol(line.c_str() + ppid_at + 1, nullptr, 10));
}

// Signals every child not in `spared`; returns how many there were.
int KillChildren(std::span<const pid_t> spared) {
  const pid_t self = getpid();
  int found = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (ParentOf(entry.path() / "stat") != self) continue;
    const auto child = static_cast<pid_t>(std::stol(name));
    if (std::find(spared.begin(), spared.end(), child) != spared.end()) continue;
    kill(child, SIGKILL);
    ++found;
  }
  return found;
}

}  // namespace

Status BecomeSubreaper() {
  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    return Fail(
        Unavailable(std::string("prctl(PR_SET_CHILD_SUBREAPER) failed: ") + std::strerror(errno)));
  }
  return {};
}

int EndDescendants(std::span<const pid_t> spared) {
  int ended = 0;
  while (true) {
    // Without spared children, waitpid's ECHILD below says when none is left, as before.
    if (KillChildren(spared) == 0 && !spared.empty()) return ended;
    // Each reaped child has handed its own children to us before it became waitable, so the
    // next round sees them.
    const pid_t reaped = waitpid(-1, nullptr, 0);
    if (reaped > 0) {
      ++ended;
      continue;
    }
    if (errno == EINTR) continue;
    return ended;  // ECHILD: nothing left
  }
}

}  // namespace veil::agent
