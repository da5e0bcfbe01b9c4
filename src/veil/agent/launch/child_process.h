#pragma once
// Runs the workload as a child process and stays its parent until it exits: the signals an
// operator or an init system sends the agent (INT, TERM, HUP, QUIT, USR1, USR2) are forwarded to
// the workload, and the workload's exit status becomes the agent's (128 + N for death by signal N,
// as shells report it). The child drops to the workload user before exec, after marking every
// descriptor beyond stdin/stdout/stderr close-on-exec; when that fails, nothing is started.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "veil/agent/launch/environment.h"
#include "veil/agent/launch/workload_user.h"
#include "veil/base/result.h"

namespace veil::agent {

struct LaunchSpec {
  std::vector<std::string> argv;     // argv[0] is looked up in PATH
  Environment env;                   // the complete environment (cleansed when the spec goes)
  std::optional<WorkloadUser> user;  // drop to this user (the agent must be root)
  std::optional<std::filesystem::path> working_directory;
};

struct WorkloadExit {
  int code = 0;             // the exit status to propagate: 0..255
  std::string description;  // "exited with 3", "killed by signal 9 (Killed)"
};

// kNotFound when the command does not exist, kUnavailable when it cannot be executed (or the
// user cannot be assumed); nothing ran in both cases. Otherwise how the workload ended.
Result<WorkloadExit> RunWorkload(const LaunchSpec& spec);

}  // namespace veil::agent
