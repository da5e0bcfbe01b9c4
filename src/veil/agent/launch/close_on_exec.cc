#include "veil/agent/launch/close_on_exec.h"

#include <fcntl.h>
#include <linux/close_range.h>
#include <unistd.h>

#include <cerrno>

namespace veil::agent {

int MarkCloseOnExecFrom(int first, int limit) {
  if (close_range(static_cast<unsigned>(first), ~0U, CLOSE_RANGE_CLOEXEC) == 0) return 0;
  if (errno == ENOSYS || errno == EINVAL) return MarkCloseOnExecBelow(first, limit);
  return errno;
}

int MarkCloseOnExecBelow(int first, int limit) {
  for (int fd = first; fd < limit; ++fd) {
    const int flags = fcntl(fd, F_GETFD);
    if (flags < 0) {
      if (errno == EBADF) continue;  // not open
      return errno;
    }
    if ((flags & FD_CLOEXEC) == 0 && fcntl(fd, F_SETFD, flags | FD_CLOEXEC) != 0) return errno;
  }
  return 0;
}

}  // namespace veil::agent
