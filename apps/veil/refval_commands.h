#pragma once
// `veil refval add|rm|get|ls|export|import`: the owner's reference values on a running trustee
// (docs/trustee.md "Reference values"). Values are checked against the reference value catalogue
// (policy/reference_value_catalogue.h) before the trustee is asked, and again by the trustee.
// Exit codes: 0 success, 1 refused by the trustee (or NAME has no values), 2 a value refused
// here, an unreadable file, a usage error or an unreachable trustee.

#include <CLI/CLI.hpp>

namespace veil::cli {

void RegisterRefvalCommands(CLI::App& app, int& exit_code);

}  // namespace veil::cli
