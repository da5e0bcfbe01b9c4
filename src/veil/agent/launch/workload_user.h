#pragma once
// The account a workload runs as. Resolved (users and groups from NSS) before anything is forked,
// so the child only makes async-signal-safe calls between fork and exec.

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"

namespace veil::agent {

struct WorkloadUser {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups, including gid
};

// kNotFound when there is no such user. A numeric name is not treated as a uid.
Result<WorkloadUser> ResolveUser(std::string_view name);

// The account the agent itself runs as (no privilege change).
WorkloadUser CurrentUser();

}  // namespace veil::agent
