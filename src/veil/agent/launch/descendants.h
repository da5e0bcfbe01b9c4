#pragma once
// The workload's children end with it. The agent makes itself a child subreaper
// (PR_SET_CHILD_SUBREAPER), so whatever the workload leaves running — a daemonized child, a
// double-forked grandchild — is reparented to the agent instead of PID 1; once the workload has
// exited, EndDescendants kills (SIGKILL) and reaps every remaining child until none is left, so
// nothing with the workload's uid keeps the secrets (or its files on the tmpfs) alive.

#include <sys/types.h>

#include <span>

#include "veil/base/result.h"

namespace veil::agent {

// kUnavailable with the reason when prctl refuses.
Status BecomeSubreaper();

// Kills and reaps every child of this process (and, through reparenting, their descendants)
// until none is left but those in `spared` (the encrypted volumes' daemons, which the agent
// stops itself once their mounts are gone). Returns how many were ended.
int EndDescendants(std::span<const pid_t> spared = {});

}  // namespace veil::agent
