#pragma once
// Holds termination signals (INT, TERM, HUP, QUIT) while the agent prepares a launch, so that a
// stop request cannot kill it halfway through writing secrets — it unwinds instead, and the
// secrets volume is cleaned up by its destructor. The workload starts with them unblocked.

#include <signal.h>

#include "veil/base/result.h"

namespace veil::agent {

class TerminationGuard {
 public:
  TerminationGuard();
  ~TerminationGuard();
  TerminationGuard(const TerminationGuard&) = delete;
  TerminationGuard& operator=(const TerminationGuard&) = delete;

  // Consumes a pending termination signal: kUnavailable ("interrupted by SIGTERM before the
  // workload was launched") when one arrived, so the caller stops before launching.
  Status CheckNotInterrupted() const;

 private:
  sigset_t held_{};
  sigset_t original_{};
};

}  // namespace veil::agent
