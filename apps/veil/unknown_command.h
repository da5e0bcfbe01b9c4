#pragma once
// What to say when a command line names a command that does not exist (`veil secret list`,
// `veil help`): the unknown word, the nearest command (by edit distance) and the commands that
// do exist at that level — instead of CLI11's "A subcommand is required".

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace veil::cli {

// The message for the first word of `args` (argv without the program name) that is not a
// command where only commands may follow; nullopt when every word is a command or an argument.
std::optional<std::string> UnknownCommandMessage(CLI::App& app,
                                                 const std::vector<std::string>& args);

}  // namespace veil::cli
