#include "veil/base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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

// read(2) that retries on EINTR.
ssize_t ReadSome(int fd, void* data, std::size_t size) {
  while (true) {
    const ssize_t got = ::read(fd, data, size);
    if (got >= 0 || errno != EINTR) return got;
  }
}

Error ReadError(const std::filesystem::path& path) {
  return Unavailable("error while reading " + path.string() + ": " + std::strerror(errno));
}

// Reads to end of file into the capacity reserved from fstat, refusing to read a byte past
// `max_size`. The buffer grows only when the file holds more than fstat said, one byte of proof
// at a time, so an exact-size file is never copied into a larger allocation.
template <class Buffer>
Status ReadBounded(int fd, const std::filesystem::path& path, std::size_t max_size, Buffer& out) {
  while (true) {
    if (out.size() == out.capacity() || out.size() == max_size) {
      typename Buffer::value_type probe{};
      const ssize_t got = ReadSome(fd, &probe, 1);
      if (got < 0) return Fail(ReadError(path));
      if (got == 0) return {};
      if (out.size() == max_size) return Fail(TooLarge(path, "growing", max_size));
      try {
        out.push_back(probe);
      } catch (const std::exception&) {  // bad_alloc, length_error
        return Fail(Unavailable("cannot read " + path.string() + ": out of memory"));
      }
      continue;
    }
    const std::size_t old_size = out.size();
    const std::size_t want = std::min({kChunkSize, max_size - old_size, out.capacity() - old_size});
    out.resize(old_size + want);  // within the capacity: no allocation
    const ssize_t got = ReadSome(fd, out.data() + old_size, want);
    out.resize(old_size + (got > 0 ? static_cast<std::size_t>(got) : 0));
    if (got < 0) return Fail(ReadError(path));
    if (got == 0) return {};
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
