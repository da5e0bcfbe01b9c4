#include "veil/agent/launch/termination_guard.h"

#include <cstring>
#include <ctime>
#include <string>

namespace veil::agent {

TerminationGuard::TerminationGuard() {
  sigemptyset(&held_);
  for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&held_, signal);
  sigprocmask(SIG_BLOCK, &held_, &original_);
}

TerminationGuard::~TerminationGuard() { sigprocmask(SIG_SETMASK, &original_, nullptr); }

Status TerminationGuard::CheckNotInterrupted() const {
  const timespec no_wait{0, 0};
  const int signal = sigtimedwait(&held_, nullptr, &no_wait);
  if (signal <= 0) return {};
  return Fail(Unavailable(std::string("interrupted by SIG") + sigabbrev_np(signal) +
                          " before the workload was launched"));
}

}  // namespace veil::agent
