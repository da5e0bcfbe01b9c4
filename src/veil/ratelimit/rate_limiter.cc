#include "veil/ratelimit/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include "veil/base/result.h"

namespace veil::ratelimit {
namespace {

constexpr std::chrono::seconds kSweepInterval{1};

}  // namespace

RateLimiter::RateLimiter(const Clock& clock, RateLimit limit) : clock_(clock), limit_(limit) {
  VEIL_CHECK(limit_.per_second > 0 && limit_.burst >= 1 && limit_.max_clients >= 1);
}

void RateLimiter::RefillLocked(Bucket& bucket, TimePoint now) const {
  if (now <= bucket.updated) return;  // the clock went backwards (or stood still): nothing gained
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  bucket.tokens = std::min(limit_.burst, bucket.tokens + elapsed * limit_.per_second);
  bucket.updated = now;
}

void RateLimiter::SweepLocked(TimePoint now) {
  if (now < next_sweep_) return;
  next_sweep_ = now + kSweepInterval;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    RefillLocked(it->second, now);
    it = it->second.tokens >= limit_.burst ? buckets_.erase(it) : std::next(it);
  }
}

std::chrono::seconds RateLimiter::WaitForOneToken(double tokens) const {
  const double seconds = std::ceil((1.0 - tokens) / limit_.per_second);
  return std::chrono::seconds(std::max<std::int64_t>(1, static_cast<std::int64_t>(seconds)));
}

Decision RateLimiter::Admit(std::string_view client) {
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mutex_);
  SweepLocked(now);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    if (buckets_.size() >= limit_.max_clients) {
      const auto until_sweep = std::chrono::ceil<std::chrono::seconds>(
          std::max(next_sweep_ - now, TimePoint::duration{}));
      return {false, std::max(std::chrono::seconds(1), until_sweep)};
    }
    it = buckets_.emplace(std::string(client), Bucket{limit_.burst, now}).first;
  }
  Bucket& bucket = it->second;
  RefillLocked(bucket, now);
  if (bucket.tokens < 1.0) return {false, WaitForOneToken(bucket.tokens)};
  bucket.tokens -= 1.0;
  return {true, std::chrono::seconds(0)};
}

std::size_t RateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace veil::ratelimit
