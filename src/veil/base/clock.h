#pragma once
// Time is injected: code that checks validity periods asks a Clock, never the wall clock, so
// tests and `--at` can evaluate evidence at an explicit instant.

#include <chrono>
#include <cstdint>

namespace veil {

using TimePoint = std::chrono::system_clock::time_point;

// Whole seconds since the Unix epoch (JWT `iat`/`exp`, database columns).
inline std::int64_t UnixSeconds(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// Always answers the same instant (for `--at` and for tests).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint at) : at_(at) {}
  TimePoint Now() const override { return at_; }
  void Set(TimePoint at) { at_ = at; }

 private:
  TimePoint at_;
};

}  // namespace veil
