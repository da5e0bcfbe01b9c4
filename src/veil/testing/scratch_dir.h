#pragma once
// A fresh private directory for one test (mkdtemp, mode 0700), removed with its contents
// afterwards — even when a test took away its own permissions.

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "veil/base/result.h"

namespace veil::testing {

class ScratchDir {
 public:
  // The directory is named veil-<purpose>-XXXXXX under the system temporary directory.
  explicit ScratchDir(std::string_view purpose = "test") {
    std::string pattern =
        (std::filesystem::temp_directory_path() / ("veil-" + std::string(purpose) + "-XXXXXX"))
            .string();
    VEIL_CHECK(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace veil::testing
