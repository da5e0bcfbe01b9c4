#include "veil/agent/launch/stop_signals.h"

#include <fcntl.h>
#include <poll.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

namespace veil::agent {
namespace {

// Written by the handler, read anywhere: lock-free atomics are async-signal-safe.
std::atomic<int> g_received{0};
std::atomic<int> g_wake_fd{-1};
std::atomic<bool> g_installed{false};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void OnStopSignal(int signal) {
  const int saved_errno = errno;
  int none = 0;
  g_received.compare_exchange_strong(none, signal);
  const int fd = g_wake_fd.load();
  if (fd >= 0) (void)!write(fd, "s", 1);  // non-blocking: a full pipe already wakes the reader
  errno = saved_errno;
}

Error InstallError(std::string_view what) {
  return Internal("cannot install the stop-signal handlers: " + std::string(what) + ": " +
                  std::strerror(errno));
}

}  // namespace

Result<StopSignals> StopSignals::Install() {
  if (g_installed.exchange(true)) return Fail(Internal("stop-signal handlers installed twice"));
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    g_installed = false;
    return Fail(InstallError("pipe2"));
  }
  StopSignals stop{UniqueFd(fds[0]), UniqueFd(fds[1])};
  stop.active_ = true;  // from here the destructor undoes whatever was installed
  g_received = 0;
  g_wake_fd = stop.wake_write_.get();
  struct sigaction handler {};
  handler.sa_handler = &OnStopSignal;
  handler.sa_flags = SA_RESTART;  // read/write restart; poll and sleeps return EINTR and re-check
  sigfillset(&handler.sa_mask);
  for (std::size_t i = 0; i < kStopSignals.size(); ++i) {
    if (sigaction(kStopSignals[i], &handler, &stop.original_[i]) != 0)
      return Fail(InstallError("sigaction"));
  }
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  if (sigaction(SIGPIPE, &ignore, &stop.original_pipe_) != 0)
    return Fail(InstallError("sigaction"));
  // A stop signal the caller had blocked must still reach the handler.
  sigset_t stops;
  sigemptyset(&stops);
  for (int signal : kStopSignals) sigaddset(&stops, signal);
  sigprocmask(SIG_UNBLOCK, &stops, nullptr);
  return stop;
}

StopSignals::StopSignals(StopSignals&& other) noexcept
    : wake_read_(std::move(other.wake_read_)),
      wake_write_(std::move(other.wake_write_)),
      original_(other.original_),
      original_pipe_(other.original_pipe_),
      active_(std::exchange(other.active_, false)) {}

StopSignals::~StopSignals() {
  if (!active_) return;
  for (std::size_t i = 0; i < kStopSignals.size(); ++i)
    sigaction(kStopSignals[i], &original_[i], nullptr);
  sigaction(SIGPIPE, &original_pipe_, nullptr);
  g_wake_fd = -1;
  g_installed = false;
}

int StopSignals::Received() { return g_received.load(); }

Status StopSignals::Check() const {
  const int signal = Received();
  if (signal == 0) return {};
  return Fail(Unavailable(std::string("interrupted by SIG") + sigabbrev_np(signal) +
                          " before the workload was launched"));
}

Status StopSignals::Sleep(std::chrono::milliseconds pause) const {
  const auto deadline = std::chrono::steady_clock::now() + pause;
  while (true) {
    VEIL_TRY(Check());
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return {};
    pollfd wake{wake_read_.get(), POLLIN, 0};
    // EINTR and a wake-up both lead back to Check(); a wake byte is left for later sleeps.
    (void)poll(&wake, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1'000)));
  }
}

}  // namespace veil::agent
