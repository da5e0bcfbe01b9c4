#pragma once
// Stop requests while the agent prepares a launch. From construction until launch, INT, TERM,
// HUP, QUIT, USR1 and USR2 neither kill the agent nor wait in a blocked mask: a handler records
// the first one and wakes whatever waits (a backoff pause, an HTTP exchange that polls
// `requested()`), so the agent unwinds at once — the secrets volume and environment wipe
// themselves in their destructors — and exits 125 with "nothing was launched". SIGPIPE is
// ignored meanwhile (a closed stderr is an error, not a death). Whatever dispositions the agent
// inherited (an ignored SIGTERM included) are replaced, and restored on destruction; the workload
// starts with every disposition at its default (child_process.h).
//
// One instance at a time per process (the handler has nowhere else to write); a second
// Install() is kInternal.

#include <signal.h>

#include <array>
#include <chrono>

#include "veil/base/result.h"
#include "veil/base/unique_fd.h"

namespace veil::agent {

// The signals that stop the agent before launch and are forwarded to the workload after it.
inline constexpr std::array kStopSignals = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

class StopSignals {
 public:
  // kInternal when another instance is live or a handler cannot be installed.
  static Result<StopSignals> Install();
  StopSignals(StopSignals&& other) noexcept;
  StopSignals& operator=(StopSignals&&) = delete;
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  ~StopSignals();

  // The first stop signal received, or 0. Async-signal-safe to read; cheap to poll.
  static int Received();
  bool requested() const { return Received() != 0; }
  // kUnavailable "interrupted by SIG<NAME> before the workload was launched" once a stop signal
  // arrived; success otherwise. The request stays recorded (every later check fails too).
  Status Check() const;
  // Waits `pause`, or less when a stop signal arrives (then Check()'s error).
  Status Sleep(std::chrono::milliseconds pause) const;

 private:
  StopSignals(UniqueFd wake_read, UniqueFd wake_write) noexcept
      : wake_read_(std::move(wake_read)), wake_write_(std::move(wake_write)) {}

  UniqueFd wake_read_;
  UniqueFd wake_write_;
  std::array<struct sigaction, kStopSignals.size()> original_{};
  struct sigaction original_pipe_ {};
  bool active_ = false;
};

}  // namespace veil::agent
