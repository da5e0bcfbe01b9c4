#include "veil/agent/attester/tsm/attribute_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "veil/base/unique_fd.h"

namespace veil::agent::tsm {
namespace {

constexpr std::size_t kMaxTextSize = 256;

Error IoError(std::string_view action, const std::filesystem::path& path, int error) {
  return Error{ErrorCode::kUnavailable,
               std::string(action) + " " + path.string() + ": " + std::strerror(error),
               "configfs-tsm"};
}

Result<UniqueFd> Open(const std::filesystem::path& path, int flags) {
  UniqueFd fd(::open(path.c_str(), flags | O_CLOEXEC));
  if (!fd.valid()) return Fail(IoError("cannot open", path, errno));
  return fd;
}

}  // namespace

Result<Bytes> ReadAttribute(const std::filesystem::path& path, std::size_t max_size) {
  VEIL_ASSIGN_OR_RETURN(const UniqueFd fd, Open(path, O_RDONLY));
  Bytes content;
  std::uint8_t chunk[4096];
  while (true) {
    const ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(IoError("cannot read", path, errno));
    if (n == 0) return content;
    content.insert(content.end(), chunk, chunk + n);
    if (content.size() > max_size) {
      return Fail(Error{
          ErrorCode::kMalformed,
          path.string() + " holds more than the " + std::to_string(max_size) + " bytes allowed",
          "configfs-tsm"});
    }
  }
}

Status WriteAttribute(const std::filesystem::path& path, ByteSpan bytes) {
  VEIL_ASSIGN_OR_RETURN(UniqueFd fd, Open(path, O_WRONLY));
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd.get(), bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(IoError("cannot write", path, errno));
    written += static_cast<std::size_t>(n);
  }
  if (fd.Close() != 0) return Fail(IoError("cannot write", path, errno));
  return {};
}

Result<std::string> ReadTextAttribute(const std::filesystem::path& path) {
  VEIL_ASSIGN_OR_RETURN(const Bytes content, ReadAttribute(path, kMaxTextSize));
  std::string text(content.begin(), content.end());
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

Result<std::uint64_t> ReadCounterAttribute(const std::filesystem::path& path) {
  VEIL_ASSIGN_OR_RETURN(const std::string text, ReadTextAttribute(path));
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return Fail(
        Error{ErrorCode::kMalformed,
              path.string() + " must hold a decimal counter, found \"" + text.substr(0, 32) + "\"",
              "configfs-tsm"});
  }
  return value;
}

}  // namespace veil::agent::tsm
