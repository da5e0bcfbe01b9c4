#pragma once
// Keeps this process's memory out of core dumps and away from same-user ptrace and /proc/<pid>/mem:
// prctl(PR_SET_DUMPABLE, 0). Call it first thing in a process that will hold keys or secrets,
// before any is loaded. The setting survives fork() and threads, and is reset by execve() of a
// normal binary, so a launched workload is not affected.
//
// Errors: kUnavailable with the operating system's reason when prctl refuses.

#include "veil/base/result.h"

namespace veil {

Status DisableCoreDumps();

}  // namespace veil
