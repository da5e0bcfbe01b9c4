#include "veil/base/process_hardening.h"

#include <sys/prctl.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace veil {

Status DisableCoreDumps() {
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    return Fail(Unavailable(std::string("prctl(PR_SET_DUMPABLE, 0) failed: expected 0, got ") +
                            std::strerror(errno)));
  }
  if (::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0) {
    return Fail(Unavailable("process still dumpable after prctl(PR_SET_DUMPABLE, 0)"));
  }
  return {};
}

}  // namespace veil
