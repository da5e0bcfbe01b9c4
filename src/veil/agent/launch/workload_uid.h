#pragma once
// One owner for the workload's secrets: a uid that no other process on the node runs as. Any
// process with the workload's uid could read the workload's memory, environment, working
// directory and root through /proc/<pid>/ (the kernel lets the same uid ptrace a dumpable
// process, and execve makes the workload dumpable again), and with them its secrets. So the agent
// either allocates an unused uid from a configured range (the default) or checks that the
// configured user's uid is unused. "Unused" means: no process under /proc has it as its real,
// effective, saved or filesystem uid, and — for an allocated uid — no account (passwd) and no
// group (group) has that number, so no file on the node already belongs to it.
//
// Two agents that pick at the same moment could choose the same uid; the scan starts at a random
// offset in the range to make that unlikely (docs/agent.md says so).

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <set>
#include <string_view>

#include "veil/agent/launch/workload_user.h"
#include "veil/base/result.h"

namespace veil::agent {

struct UidRange {
  uid_t first = 61000;
  uid_t last = 61999;
};

// "FIRST-LAST" with 1 <= FIRST <= LAST <= 4294967294; kInvalidArgument otherwise.
Result<UidRange> ParseUidRange(std::string_view text);

// Every uid (real, effective, saved, filesystem) of the processes under `proc`. Processes that
// vanish while they are read are skipped.
std::set<uid_t> UidsInUse(const std::filesystem::path& proc = "/proc");

// The first uid from `start` (wrapping around inside `range`) that is not in `in_use` and for
// which `has_account` is false. kUnavailable when every uid of the range is taken.
Result<uid_t> PickFreeUid(UidRange range, const std::set<uid_t>& in_use,
                          const std::function<bool(uid_t)>& has_account, uid_t start);

// True when a passwd entry or a group has this number.
bool HasAccount(uid_t id);

// A user with an unused uid from `range`, its gid the same number, no supplementary group.
Result<WorkloadUser> AllocateWorkloadUser(UidRange range,
                                          const std::filesystem::path& proc = "/proc");

// kPolicyDenied when a process under `proc` already runs as `user`'s uid (its secrets would be
// readable by that process).
Status RequireUnusedUid(const WorkloadUser& user, const std::filesystem::path& proc = "/proc");

}  // namespace veil::agent
