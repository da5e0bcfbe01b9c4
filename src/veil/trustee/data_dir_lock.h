#pragma once
// One trustee per data directory: two processes appending to one audit chain, or handing out
// sessions from one store with separate in-memory session tables, would each be consistent alone
// and wrong together. The first trustee holds an exclusive flock(2) on `<data_dir>/trustee.lock`
// (created 0600, its pid written inside) for as long as it runs; the kernel releases it when the
// process ends, however it ends, so a crash never leaves a stale lock behind.

#include <filesystem>

#include "veil/base/result.h"
#include "veil/base/unique_fd.h"

namespace veil::trustee {

inline constexpr std::string_view kLockFile = "trustee.lock";

class DataDirLock {
 public:
  // kUnavailable naming the directory and, when it can be read, the pid of the trustee that
  // holds the lock; kUnavailable when the lock file cannot be created.
  static Result<DataDirLock> Acquire(const std::filesystem::path& dir);

 private:
  explicit DataDirLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace veil::trustee
