#pragma once
// Test-only: the permission bits of a path (not following a final symlink) and a process umask
// set for the length of a scope, for the tests of files that must be created private.

#include <sys/stat.h>

#include <filesystem>

namespace veil::testing {

// st_mode & 07777 of `path` itself (lstat); aborts when the path cannot be examined.
unsigned FileMode(const std::filesystem::path& path);

class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : previous_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(previous_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t previous_;
};

}  // namespace veil::testing
