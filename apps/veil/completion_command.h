#pragma once
// `veil completion bash`: a bash completion script generated from the command tree itself, so it
// never falls behind the commands: command names at each level, then that command's options;
// anything else completes as a file name. Install with
//   veil completion bash > /etc/bash_completion.d/veil   (or: source <(veil completion bash))

#include <CLI/CLI.hpp>
#include <string>

namespace veil::cli {

// The script for `app` (which must be the whole `veil` tree).
std::string BashCompletionScript(CLI::App& app);

void RegisterCompletionCommand(CLI::App& app, int& exit_code);

}  // namespace veil::cli
