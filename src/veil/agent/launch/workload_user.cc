#include "veil/agent/launch/workload_user.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

namespace veil::agent {

Result<WorkloadUser> ResolveUser(std::string_view name) {
  const std::string user(name);
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  if (getpwnam_r(user.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 ||
      found == nullptr) {
    return Fail(NotFound("workload user \"" + user + "\" does not exist"));
  }
  WorkloadUser resolved{user, entry.pw_uid, entry.pw_gid, {}};
  int count = 32;
  resolved.groups.resize(static_cast<std::size_t>(count));
  while (getgrouplist(user.c_str(), entry.pw_gid, resolved.groups.data(), &count) < 0) {
    resolved.groups.resize(static_cast<std::size_t>(count));
  }
  resolved.groups.resize(static_cast<std::size_t>(count));
  return resolved;
}

WorkloadUser CurrentUser() { return WorkloadUser{"", getuid(), getgid(), {}}; }

}  // namespace veil::agent
