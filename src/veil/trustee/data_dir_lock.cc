#include "veil/trustee/data_dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>

namespace veil::trustee {
namespace {

// The pid the holder wrote, as text ("" when it cannot be read).
std::string HolderPid(int fd) {
  std::array<char, 32> buffer{};
  const ssize_t read = ::pread(fd, buffer.data(), buffer.size() - 1, 0);
  if (read <= 0) return "";
  std::string pid(buffer.data(), static_cast<std::size_t>(read));
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid;
}

Status WritePid(int fd) {
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    return Fail(Unavailable(std::string("cannot write the pid into the lock file: ") +
                            std::strerror(errno)));
  }
  return {};
}

}  // namespace

Result<DataDirLock> DataDirLock::Acquire(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / kLockFile;
  UniqueFd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) {
    return Fail(Unavailable("cannot open " + file.string() + ": " + std::strerror(errno)));
  }
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK)
      return Fail(Unavailable("cannot lock " + file.string() + ": " + std::strerror(errno)));
    const std::string pid = HolderPid(fd.get());
    return Fail(Unavailable("another veil-trustee" + (pid.empty() ? "" : " (pid " + pid + ")") +
                            " is using the data directory " + dir.string() +
                            "; stop it first, or give this one another --data-dir"));
  }
  VEIL_TRY(WritePid(fd.get()));
  return DataDirLock(std::move(fd));
}

}  // namespace veil::trustee
