#include "veil/agent/data_hub/remove_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "veil/base/unique_fd.h"

namespace veil::agent {
namespace {

Error CannotRemove(const std::string& shown, const std::string& why) {
  return Unavailable("cannot remove " + shown + ": " + why);
}

// The names in the directory open at `dir_fd` (read through a duplicate: closedir closes it).
Result<std::vector<std::string>> ListDirectory(int dir_fd, const std::string& shown) {
  const int copy = ::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return Fail(CannotRemove(shown, std::strerror(errno)));
  DIR* dir = ::fdopendir(copy);
  if (dir == nullptr) {
    const int error = errno;
    ::close(copy);
    return Fail(CannotRemove(shown, std::strerror(error)));
  }
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  const int error = errno;
  ::closedir(dir);
  if (error != 0) return Fail(CannotRemove(shown, std::strerror(error)));
  return names;
}

Status RemoveAt(int parent_fd, const std::string& name, const std::string& shown, int depth);

// Empties the directory open at `dir_fd`; the first failure is kept, the rest still tried.
Status RemoveContents(int dir_fd, const std::string& shown, int depth) {
  VEIL_ASSIGN_OR_RETURN(std::vector<std::string> names, ListDirectory(dir_fd, shown));
  Status first;
  for (const std::string& name : names) {
    Status removed = RemoveAt(dir_fd, name, shown + "/" + name, depth + 1);
    if (!removed && first) first = std::move(removed);
  }
  return first;
}

Status RemoveAt(int parent_fd, const std::string& name, const std::string& shown, int depth) {
  UniqueFd dir(::openat(parent_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir.valid()) {
    if (errno == ENOENT) return {};
    if (errno != ENOTDIR && errno != ELOOP) return Fail(CannotRemove(shown, std::strerror(errno)));
    // Not a directory (a symlink included): the name goes, the target stays.
    if (::unlinkat(parent_fd, name.c_str(), 0) != 0 && errno != ENOENT)
      return Fail(CannotRemove(shown, std::strerror(errno)));
    return {};
  }
  if (depth >= kMaxRemoveDepth) {
    return Fail(CannotRemove(
        shown, "more than " + std::to_string(kMaxRemoveDepth) + " levels deep; remove it by hand"));
  }
  Status emptied = RemoveContents(dir.get(), shown, depth);
  dir.Reset();
  if (!emptied) return emptied;
  if (::unlinkat(parent_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
    return Fail(CannotRemove(shown, std::strerror(errno)));
  return {};
}

}  // namespace

Status RemoveTree(int parent_fd, const std::string& name, const std::string& shown) {
  return RemoveAt(parent_fd, name, shown, 0);
}

}  // namespace veil::agent
