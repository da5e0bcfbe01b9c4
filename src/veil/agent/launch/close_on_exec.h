#pragma once
// Keeps the agent's descriptors out of the workload: between fork and exec every descriptor from
// `first` up is marked close-on-exec, so a TPM device or a trustee connection cannot outlive the
// privilege drop. Async-signal-safe (only system calls, no allocation).

namespace veil::agent {

// close_range(2) with CLOSE_RANGE_CLOEXEC (Linux 5.11); when the kernel does not have it
// (ENOSYS, or EINVAL for the flag before 5.11) MarkCloseOnExecBelow(first, limit). 0, or the errno
// of the call that failed — the workload must then not start.
int MarkCloseOnExecFrom(int first, int limit);

// The fallback: one fcntl(2) per descriptor in [first, limit) (descriptors that are not open are
// skipped). `limit` is the RLIMIT_NOFILE soft limit read before fork: no descriptor at or above
// it can have been opened under it. 0, or the errno of the fcntl that failed.
int MarkCloseOnExecBelow(int first, int limit);

}  // namespace veil::agent
