#pragma once
// `veil-agent run`: the whole promise on the node, in order — measure the workload into the TEE,
// attest to the trustee, decrypt the payload and deliver the secrets into a private tmpfs, and
// only then start the workload and stay its parent. Any failure before launch means nothing runs.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "veil/agent/config/agent_config.h"
#include "veil/agent/launch/child_process.h"
#include "veil/agent/launch/stop_signals.h"
#include "veil/base/result.h"

namespace veil::agent {

// The exit statuses veil-agent uses for itself (the workload's own status passes through).
inline constexpr int kAgentFailed = 125;         // attestation, secrets, configuration: nothing ran
inline constexpr int kCommandNotRunnable = 126;  // the command exists but could not be started
inline constexpr int kCommandNotFound = 127;

// The context of errors from starting the workload (after attestation and delivery succeeded).
inline constexpr std::string_view kLaunchContext = "launch";

struct RunRequest {
  AgentConfig config;
  std::vector<std::string> command;             // the workload's argv (or crun's with a bundle)
  std::optional<std::filesystem::path> bundle;  // an OCI bundle run through crun
};

// The workload's exit, or why it was not started. `stop` (installed by the caller before it, and
// kept until the caller has logged the outcome) turns a stop signal before launch into the error
// "interrupted by SIG<NAME> before the workload was launched" after an orderly unwind.
Result<WorkloadExit> RunAgent(const RunRequest& request, const StopSignals& stop);

// The command line that is measured and run: `command`, or `crun run --bundle DIR <id>`.
std::vector<std::string> WorkloadCommandLine(const RunRequest& request);

}  // namespace veil::agent
