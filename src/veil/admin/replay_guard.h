#pragma once
// Admin tokens are single-use: the `jti` of every accepted token is remembered until the token
// could no longer be accepted anyway, and a second request with the same `jti` is refused. The
// memory is bounded: when it is full, new tokens are refused (fail closed) rather than old ones
// forgotten, which would let a captured token be replayed.

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "veil/base/result.h"

namespace veil::admin {

class ReplayGuard {
 public:
  explicit ReplayGuard(std::size_t capacity) : capacity_(capacity) {}

  // Records `jti` as used until Unix second `forget_after` (inclusive) and succeeds, after
  // forgetting every entry whose time has passed at `now`. kPolicyDenied when `jti` is still
  // remembered (a replay) or when `capacity` live entries leave no room. Thread-safe.
  Status Admit(std::string_view jti, std::int64_t forget_after, std::int64_t now);

  std::size_t size() const;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, std::int64_t, std::less<>> seen_;  // jti -> forget_after
};

}  // namespace veil::admin
