#pragma once
// An external tool the encrypted volumes rely on (gocryptfs), run as a child of the agent. The
// key reaches it only through a pipe on its standard input — never argv, the environment or a
// file — and the pipe is closed once it is written. The child gets a fixed minimal environment,
// none of the agent's other descriptors, a session of its own (a terminal's ^C is for the agent,
// which decides what stops) and PR_SET_PDEATHSIG(SIGTERM), so a tool that keeps running (a FUSE
// daemon) stops, and unmounts, whenever and however the agent ends. Standard output goes to
// /dev/null unless asked for: gocryptfs prints key material there on -init without -q.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/base/unique_fd.h"

namespace veil::agent {

struct ToolExit {
  int code = -1;            // the exit status, or -1 when a signal ended the tool
  std::string description;  // "exited with 12", "killed by signal 9 (Killed)", "already reaped"
  std::string output;       // what it wrote (its last 16 KiB), when captured; raw
};

// What happens to the tool's output.
enum class ToolOutput {
  kCaptureStderr,  // stderr kept in ToolExit::output, stdout discarded (read until the tool exits:
                   // short-lived tools)
  kCaptureBoth,    // stdout and stderr kept in ToolExit::output, interleaved
  kInheritStderr,  // the agent's own stderr, stdout discarded (long-running tools, whose pipe
                   // nobody would drain)
};

class ToolProcess {
 public:
  // Starts `argv` (argv[0] an absolute path) with `input` on its stdin. kNotFound when argv[0]
  // does not exist, kUnavailable when it cannot be started.
  static Result<ToolProcess> Start(const std::vector<std::string>& argv, ByteSpan input,
                                   ToolOutput output);

  ToolProcess(ToolProcess&& other) noexcept;
  ToolProcess& operator=(ToolProcess&&) = delete;
  ToolProcess(const ToolProcess&) = delete;
  ToolProcess& operator=(const ToolProcess&) = delete;
  // Terminate() when it still runs.
  ~ToolProcess();

  pid_t pid() const { return pid_; }
  // The exit when the tool has ended (or was never started), without waiting.
  std::optional<ToolExit> Poll();
  // Waits for the exit.
  ToolExit Wait();
  // SIGTERM, then SIGKILL when it has not ended within `grace`.
  ToolExit Terminate(std::chrono::milliseconds grace = std::chrono::seconds(10));

 private:
  ToolProcess(pid_t pid, UniqueFd stderr_read) : pid_(pid), stderr_read_(std::move(stderr_read)) {}
  ToolExit Finish(int status);
  ToolExit AlreadyReaped();

  pid_t pid_ = -1;  // -1 once reaped
  UniqueFd stderr_read_;
};

// Start + Wait.
Result<ToolExit> RunTool(const std::vector<std::string>& argv, ByteSpan input,
                         ToolOutput output = ToolOutput::kCaptureStderr);

}  // namespace veil::agent
