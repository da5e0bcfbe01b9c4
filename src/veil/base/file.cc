#include "veil/base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>

#include "veil/base/unique_fd.h"

namespace veil {
namespace {

constexpr std::size_t kChunkSize = 64 * 1024;

Error TooLarge(const std::filesystem::path& path, std::string_view found, std::size_t max_size) {
  return InvalidArgument(path.string() + " is " + std::string(found) + ", more than the " +
                         std::to_string(max_size) + "-byte limit");
}

// O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused by the type check.
Result<UniqueFd> OpenRegularFile(const std::filesystem::path& path, std::size_t max_size,
                                 std::size_t& expected_size) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!fd.valid())
    return Fail(Unavailable("cannot read " + path.string() + ": " + std::strerror(errno)));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0)
    return Fail(Unavailable("cannot inspect " + path.string() + ": " + std::strerror(errno)));
  if (!S_ISREG(info.st_mode))
    return Fail(InvalidArgument("cannot read " + path.string() + ": not a regular file"));
  const auto size = static_cast<std::uintmax_t>(info.st_size);
  if (size > max_size) return Fail(TooLarge(path, std::to_string(size) + " bytes", max_size));
  expected_size = static_cast<std::size_t>(size);
  return fd;
}

// Reads to end of file, refusing to read a byte past `max_size`.
template <class Buffer>
Status ReadBounded(int fd, const std::filesystem::path& path, std::size_t max_size, Buffer& out) {
  while (true) {
    const std::size_t room = max_size - out.size();
    // One byte beyond the limit tells "exactly max_size" from "more".
    const std::size_t want = room < kChunkSize ? room + 1 : kChunkSize;
    const std::size_t old_size = out.size();
    try {
      out.resize(old_size + want);
    } catch (const std::bad_alloc&) {
      return Fail(Unavailable("cannot read " + path.string() + ": out of memory"));
    } catch (const std::length_error&) {
      return Fail(Unavailable("cannot read " + path.string() + ": out of memory"));
    }
    const ssize_t got = ::read(fd, out.data() + old_size, want);
    if (got < 0 && errno == EINTR) {
      out.resize(old_size);
      continue;
    }
    if (got < 0) {
      const int error = errno;
      out.resize(old_size);
      return Fail(
          Unavailable("error while reading " + path.string() + ": " + std::strerror(error)));
    }
    out.resize(old_size + static_cast<std::size_t>(got));
    if (got == 0) return {};
    if (out.size() > max_size) return Fail(TooLarge(path, "growing", max_size));
  }
}

// One descriptor from the check to the last byte.
template <class Buffer>
Result<Buffer> ReadWholeFile(const std::filesystem::path& path, std::size_t max_size) {
  std::size_t expected_size = 0;
  VEIL_ASSIGN_OR_RETURN(UniqueFd fd, OpenRegularFile(path, max_size, expected_size));
  Buffer buffer;
  try {
    buffer.reserve(expected_size);
  } catch (const std::bad_alloc&) {
    return Fail(Unavailable("cannot read " + path.string() + ": out of memory"));
  }
  VEIL_TRY(ReadBounded(fd.get(), path, max_size, buffer));
  return buffer;
}

}  // namespace

Result<std::string> ReadFileText(const std::filesystem::path& path, std::size_t max_size) {
  return ReadWholeFile<std::string>(path, max_size);
}

Result<Bytes> ReadFileBytes(const std::filesystem::path& path, std::size_t max_size) {
  return ReadWholeFile<Bytes>(path, max_size);
}

}  // namespace veil
