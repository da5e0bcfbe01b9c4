#pragma once
// Runs a program to completion and captures what it printed (tests only).

#include <string>
#include <string_view>
#include <vector>

namespace veil::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when the program could not run or was killed by a signal
  std::string out;     // standard output
  std::string err;     // standard error
};

// argv[0] is the program path; no shell is involved.
CommandResult RunCommand(const std::vector<std::string>& argv);
// The same with `input` on the program's standard input (at most 64 KiB: it is written before
// the output is read).
CommandResult RunCommand(const std::vector<std::string>& argv, std::string_view input);

// Path of a binary built by this tree (build/bin/<name>).
std::string BuiltBinary(const std::string& name);

}  // namespace veil::testing
