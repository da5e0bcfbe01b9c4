#pragma once
// Test-only: collects AccessLogEntry values from server threads and lets a test wait for them
// (the hook runs after the response is written, so possibly after the client has read it).

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "veil/http/server/server_options.h"

namespace veil::http::test {

class AccessLogRecorder {
 public:
  std::function<void(const AccessLogEntry&)> Hook() {
    return [this](const AccessLogEntry& entry) {
      const std::lock_guard lock(mutex_);
      entries_.push_back(entry);
      changed_.notify_all();
    };
  }

  // The first `count` entries, or fewer if they did not arrive within `limit`.
  std::vector<AccessLogEntry> WaitFor(std::size_t count,
                                      std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, limit, [&] { return entries_.size() >= count; });
    return entries_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<AccessLogEntry> entries_;
};

}  // namespace veil::http::test
