#include "veil/admin/replay_guard.h"

#include "veil/base/log_safe.h"

namespace veil::admin {
namespace {

Error Refused(std::string message) {
  return Error{ErrorCode::kPolicyDenied, std::move(message), "admin"};
}

}  // namespace

Status ReplayGuard::Admit(std::string_view jti, std::int64_t forget_after, std::int64_t now) {
  std::lock_guard lock(mutex_);
  std::erase_if(seen_, [now](const auto& entry) { return entry.second < now; });
  if (seen_.contains(jti)) {
    return Fail(Refused("admin token refused: its \"jti\" " + LogSafe(jti, 64) +
                        " was already used (tokens are single-use)"));
  }
  if (seen_.size() >= capacity_) {
    return Fail(Refused("admin token refused: " + std::to_string(capacity_) +
                        " recently used tokens are remembered, no room for another; retry "
                        "when the oldest expire"));
  }
  seen_.emplace(std::string(jti), forget_after);
  return {};
}

std::size_t ReplayGuard::size() const {
  std::lock_guard lock(mutex_);
  return seen_.size();
}

}  // namespace veil::admin
