#include "veil/testing/file_mode.h"

#include "veil/base/result.h"

namespace veil::testing {

unsigned FileMode(const std::filesystem::path& path) {
  struct stat info {};
  VEIL_CHECK(::lstat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

}  // namespace veil::testing
