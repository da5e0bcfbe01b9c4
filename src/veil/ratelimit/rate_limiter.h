#pragma once
// Request rate per client: one token bucket per key (the peer address). A bucket holds at most
// `burst` tokens, gains `per_second` tokens a second, and each admitted request takes one; a
// request that finds less than one token is refused with the time until one is there.
//
// Memory is bounded: at most `max_clients` buckets are kept. Buckets that have refilled
// completely carry no information and are forgotten (swept at most once a second); when
// `max_clients` partly drained buckets remain, a client without a bucket is refused until the
// next sweep (no bucket is reset early, which would hand its client a fresh burst).
//
// Thread-safe. The clock is injected; a clock that goes backwards adds no tokens.

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "veil/base/clock.h"

namespace veil::ratelimit {

struct RateLimit {
  double per_second = 20;           // > 0
  double burst = 40;                // >= 1
  std::size_t max_clients = 10000;  // >= 1
};

struct Decision {
  bool admitted = false;
  std::chrono::seconds retry_after{0};  // when refused: whole seconds until a token is there, >= 1
};

class RateLimiter {
 public:
  // `limit` must satisfy the bounds above (checked: a violation is a programming error).
  RateLimiter(const Clock& clock, RateLimit limit);

  Decision Admit(std::string_view client);
  // Buckets kept now (for tests and bounds).
  std::size_t size() const;
  const RateLimit& limit() const { return limit_; }

 private:
  struct Bucket {
    double tokens = 0;
    TimePoint updated;
  };
  void RefillLocked(Bucket& bucket, TimePoint now) const;
  void SweepLocked(TimePoint now);
  std::chrono::seconds WaitForOneToken(double tokens) const;

  const Clock& clock_;
  RateLimit limit_;
  mutable std::mutex mutex_;
  std::map<std::string, Bucket, std::less<>> buckets_;
  TimePoint next_sweep_{};
};

}  // namespace veil::ratelimit
