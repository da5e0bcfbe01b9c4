#pragma once
// Runs the workload as a child process and stays its parent until it exits: the signals an
// operator or an init system sends the agent (INT, TERM, HUP, QUIT, USR1, USR2) are forwarded to
// the workload, and the workload's exit status becomes the agent's (128 + N for death by signal N,
// as shells report it). Before exec the child resets every signal disposition to its default and
// unblocks all signals, marks every descriptor beyond stdin/stdout/stderr close-on-exec, drops to
// the workload user, and arms PR_SET_PDEATHSIG(SIGKILL) so it dies with the agent; when any of
// that fails, nothing is started. The agent is a child subreaper: whatever the workload leaves
// running is killed once it exits (descendants.h). The command is looked up in the workload's own
// PATH (command_path.h).

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "veil/agent/launch/environment.h"
#include "veil/agent/launch/workload_user.h"
#include "veil/base/result.h"

namespace veil::agent {

struct LaunchSpec {
  std::vector<std::string> argv;     // argv[0] is looked up in env's PATH
  Environment env;                   // the complete environment (cleansed when the spec goes)
  std::optional<WorkloadUser> user;  // drop to this user (the agent must be root)
  std::optional<std::filesystem::path> working_directory;
  // Children of the agent that outlive the workload's end (the encrypted volumes' gocryptfs
  // daemons): everything else left running is killed once the workload exits.
  std::vector<pid_t> spared_children;
};

struct WorkloadExit {
  int code = 0;             // the exit status to propagate: 0..255
  std::string description;  // "exited with 3", "killed by signal 9 (Killed)"
};

// kNotFound when the command does not exist, kUnavailable when it cannot be executed (or the
// user cannot be assumed); nothing ran in both cases. Otherwise how the workload ended.
// `may_start` runs once the forwarded signals are held for the workload, just before fork: its
// error (a stop request that came earlier) is returned and nothing starts.
Result<WorkloadExit> RunWorkload(const LaunchSpec& spec,
                                 const std::function<Status()>& may_start = {});

}  // namespace veil::agent
