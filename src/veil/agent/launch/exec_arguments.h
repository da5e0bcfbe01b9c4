#pragma once
// What a child process needs for execve(2), prepared in the parent before fork: after fork the
// child may only make async-signal-safe calls, so no allocation happens there.

#include <string>
#include <vector>

namespace veil::agent {

// argv/envp pointers into `strings` (which must outlive them), ending with nullptr.
std::vector<char*> CStrings(const std::vector<std::string>& strings);

// The RLIMIT_NOFILE soft limit, for MarkCloseOnExecFrom's fallback (close_on_exec.h).
int DescriptorLimit();

}  // namespace veil::agent
