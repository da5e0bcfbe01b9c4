#include "veil/base/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace veil {
namespace {

Error OsError(std::string_view what, const std::filesystem::path& path, int error_number) {
  return Unavailable(std::string(what) + " " + path.string() + ": " + std::strerror(error_number));
}

std::string ModeText(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// What already occupies `path`, for the message that refuses to replace it.
std::string Occupant(const std::filesystem::path& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return "something";
  if (S_ISLNK(info.st_mode)) return "a symbolic link";
  if (S_ISDIR(info.st_mode)) return "a directory";
  if (S_ISREG(info.st_mode)) return "a file";
  return "a special file";
}

Status RequireOwner(const std::filesystem::path& path, const struct stat& info) {
  if (info.st_uid == ::geteuid()) return {};
  return Fail(InvalidArgument(path.string() + " is owned by uid " + std::to_string(info.st_uid) +
                              ", expected uid " + std::to_string(::geteuid()) +
                              " (the user this process runs as)"));
}

Status WriteAll(const UniqueFd& fd, ByteSpan content, const std::filesystem::path& path) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd.get(), content.data(), content.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return Fail(OsError("cannot write", path, errno));
    content = content.subspan(static_cast<std::size_t>(written));
  }
  return {};
}

}  // namespace

Result<UniqueFd> CreateNewFile(const std::filesystem::path& path, mode_t mode) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
  if (fd.valid()) return fd;
  if (errno == EEXIST) {
    return Fail(InvalidArgument(path.string() + " exists (" + Occupant(path) +
                                "); refusing to replace it"));
  }
  return Fail(OsError("cannot create", path, errno));
}

Status WriteNewFile(const std::filesystem::path& path, ByteSpan content, mode_t mode) {
  VEIL_ASSIGN_OR_RETURN(UniqueFd fd, CreateNewFile(path, mode));
  Status written = WriteAll(fd, content, path);
  if (written && ::fsync(fd.get()) != 0) written = Fail(OsError("cannot sync", path, errno));
  if (fd.Close() != 0 && written) written = Fail(OsError("cannot write", path, errno));
  if (!written) ::unlink(path.c_str());  // ours: O_EXCL created it
  return written;
}

Status RequirePrivateFile(const std::filesystem::path& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return Fail(NotFound(path.string() + " does not exist"));
    return Fail(OsError("cannot inspect", path, errno));
  }
  if (!S_ISREG(info.st_mode)) {
    return Fail(
        InvalidArgument(path.string() + " is " + Occupant(path) + ", expected a regular file"));
  }
  VEIL_TRY(RequireOwner(path, info));
  if ((info.st_mode & 077) != 0) {
    return Fail(InvalidArgument(path.string() + " is mode " + ModeText(info.st_mode) +
                                ", readable or writable by group or others; expected 0600 or "
                                "stricter (run chmod 600 " +
                                path.string() + ")"));
  }
  return {};
}

// std::filesystem::create_directories cannot set the mode atomically; mkdir(2) can.
Status MakePrivateDirectories(const std::filesystem::path& dir) {
  if (dir.empty()) return {};
  struct stat info {};
  if (::stat(dir.c_str(), &info) == 0) {
    if (!S_ISDIR(info.st_mode))
      return Fail(InvalidArgument(dir.string() + " exists but is not a directory"));
    return {};
  }
  // ENOTDIR: a component above is not a directory; the parent's own check names it.
  if (errno != ENOENT && errno != ENOTDIR) return Fail(OsError("cannot inspect", dir, errno));
  const std::filesystem::path parent = dir.parent_path();
  VEIL_TRY(MakePrivateDirectories(parent == dir ? std::filesystem::path() : parent));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return Fail(OsError("cannot create directory", dir, errno));
  return {};
}

Status RequirePrivateDirectory(const std::filesystem::path& dir) {
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0) {
    if (errno == ENOENT) return Fail(NotFound(dir.string() + " does not exist"));
    return Fail(OsError("cannot inspect", dir, errno));
  }
  if (!S_ISDIR(info.st_mode))
    return Fail(InvalidArgument(dir.string() + " exists but is not a directory"));
  VEIL_TRY(RequireOwner(dir, info));
  if ((info.st_mode & 022) != 0) {
    return Fail(InvalidArgument(dir.string() + " is mode " + ModeText(info.st_mode) +
                                ", writable by group or others; expected 0700 (run chmod 700 " +
                                dir.string() + ")"));
  }
  return {};
}

Status EnsurePrivateDirectory(const std::filesystem::path& dir) {
  VEIL_TRY(MakePrivateDirectories(dir));
  return RequirePrivateDirectory(dir);
}

}  // namespace veil
