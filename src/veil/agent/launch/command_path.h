#pragma once
// Where the workload's command is looked for: a command with a '/' is taken as it is; otherwise
// each directory of the *workload's* PATH (an empty entry meaning the working directory) is tried
// in order, as execvp does — but never with the agent's own PATH, which execvpe would use. Without
// PATH in the workload's environment the search path is glibc's default, "/bin:/usr/bin".

#include <string>
#include <string_view>
#include <vector>

#include "veil/agent/launch/environment.h"

namespace veil::agent {

// The paths exec tries in order (built before fork: the child only calls execve on them).
std::vector<std::string> CommandCandidates(std::string_view command, const Environment& env);

}  // namespace veil::agent
