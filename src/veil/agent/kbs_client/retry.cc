#include "veil/agent/kbs_client/retry.h"

#include <algorithm>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

namespace veil::agent {

Sleeper RealSleeper() {
  return [](std::chrono::milliseconds pause) -> Status {
    std::this_thread::sleep_for(pause);
    return {};
  };
}

std::chrono::milliseconds BackoffBefore(const RetryPolicy& policy, unsigned next_attempt) {
  std::chrono::milliseconds backoff = policy.first_backoff;
  for (unsigned attempt = 2; attempt < next_attempt && backoff < policy.max_backoff; ++attempt)
    backoff *= 2;
  return std::min(backoff, policy.max_backoff);
}

void LogRetry(std::string_view what, unsigned attempt, const RetryPolicy& policy,
              const Error& error, std::chrono::milliseconds backoff) {
  spdlog::warn("{} failed (attempt {}/{}): {}; retrying in {} ms", what, attempt, policy.attempts,
               error.ToString(), backoff.count());
}

Error GaveUp(std::string_view what, const RetryPolicy& policy, std::chrono::milliseconds waited,
             const Error& last) {
  return Unavailable(std::string(what) + ": gave up after " + std::to_string(policy.attempts) +
                     " attempt" + (policy.attempts == 1 ? "" : "s") + " over " +
                     std::to_string(waited.count()) + " ms: " + last.ToString());
}

}  // namespace veil::agent
