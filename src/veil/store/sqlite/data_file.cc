#include "veil/store/sqlite/data_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace veil::store::sqlite {
namespace {

Error OsError(const std::string& what, const std::filesystem::path& path, int error_number) {
  return Unavailable(what + " " + path.string() + ": " + std::strerror(error_number));
}

// std::filesystem::create_directories cannot set the mode atomically; mkdir(2) can.
Status EnsurePrivateDirectory(const std::filesystem::path& dir) {
  if (dir.empty()) return {};
  std::error_code error;
  const auto status = std::filesystem::status(dir, error);
  if (std::filesystem::exists(status)) {
    if (!std::filesystem::is_directory(status))
      return Fail(Unavailable(dir.string() + " exists but is not a directory"));
    return {};
  }
  VEIL_TRY(EnsurePrivateDirectory(dir.parent_path() == dir ? std::filesystem::path()
                                                           : dir.parent_path()));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return Fail(OsError("cannot create directory", dir, errno));
  return {};
}

}  // namespace

Status EnsurePrivateFile(const std::filesystem::path& file) {
  VEIL_TRY(EnsurePrivateDirectory(file.parent_path()));
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(OsError("cannot create or open", file, errno));
  ::close(fd);
  return {};
}

}  // namespace veil::store::sqlite
