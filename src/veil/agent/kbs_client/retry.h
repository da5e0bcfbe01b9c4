#pragma once
// Retries for calls to the trustee: a trustee that is restarting, overloaded (502/503/504) or
// briefly unreachable should not fail a workload launch, but an answer — a refusal, a missing
// resource — is final. Only kUnavailable errors are retried, with doubling backoff; after the last
// attempt the error says how often and for how long it was tried, and what the last failure was.

#include <chrono>
#include <functional>
#include <string_view>

#include "veil/base/result.h"

namespace veil::agent {

struct RetryPolicy {
  unsigned attempts = 5;                         // at least 1
  std::chrono::milliseconds first_backoff{250};  // before the 2nd attempt
  std::chrono::milliseconds max_backoff{4'000};  // backoff doubles up to this
};

// Pauses between attempts. A sleeper that fails (a stop request arrived) ends the retries with
// its error at once.
using Sleeper = std::function<Status(std::chrono::milliseconds)>;
Sleeper RealSleeper();  // an uninterruptible pause

// The pause before attempt number `next_attempt` (2, 3, ...).
std::chrono::milliseconds BackoffBefore(const RetryPolicy& policy, unsigned next_attempt);

// Logs one failed attempt that will be retried after `backoff`.
void LogRetry(std::string_view what, unsigned attempt, const RetryPolicy& policy,
              const Error& error, std::chrono::milliseconds backoff);

// The final error after `attempts` kUnavailable failures: "<what>: gave up after N attempts over
// T ms: <last error>" (still kUnavailable).
Error GaveUp(std::string_view what, const RetryPolicy& policy, std::chrono::milliseconds waited,
             const Error& last);

// Runs `attempt` until it succeeds, fails with anything but kUnavailable, the attempts are used
// up, or `sleep` fails (its error is returned).
template <class T>
Result<T> WithRetries(const RetryPolicy& policy, const Sleeper& sleep, std::string_view what,
                      const std::function<Result<T>()>& attempt) {
  std::chrono::milliseconds waited{0};
  for (unsigned number = 1;; ++number) {
    Result<T> result = attempt();
    if (result || result.error().code != ErrorCode::kUnavailable) return result;
    if (number >= policy.attempts) return Fail(GaveUp(what, policy, waited, result.error()));
    const auto backoff = BackoffBefore(policy, number + 1);
    LogRetry(what, number, policy, result.error(), backoff);
    VEIL_TRY(sleep(backoff));
    waited += backoff;
  }
}

}  // namespace veil::agent
