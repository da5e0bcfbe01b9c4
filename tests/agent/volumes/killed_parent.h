#pragma once
// For tests of what outlives veil-agent: a forked child plays the agent, starts something, reports
// its pid and is killed with SIGKILL; the test then watches whether what it started ends too.

#include <sys/types.h>

#include <functional>

namespace veil::agent::testing {

// Runs `start` in a child process, which sends back the pid `start` returns and waits; the child
// is then killed (SIGKILL) and reaped. The reported pid, or -1 when none came back.
pid_t StartInAParentThatIsKilled(const std::function<pid_t()>& start);

// Whether `pid` has ended (gone, or a zombie) within five seconds.
bool EndsSoon(pid_t pid);

}  // namespace veil::agent::testing
