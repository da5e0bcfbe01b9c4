// veil: the owners' command-line tool. Parses flags and wires libraries, nothing else.

#include <CLI/CLI.hpp>
#include <iostream>

#include "admin_commands.h"
#include "allowlist_command.h"
#include "ca_commands.h"
#include "collateral_command.h"
#include "completion_command.h"
#include "eventlog_command.h"
#include "evidence_verify.h"
#include "guest_command.h"
#include "ima_command.h"
#include "measure_command.h"
#include "node_commands.h"
#include "payload_command.h"
#include "pod_command.h"
#include "policy_eval.h"
#include "refval_commands.h"
#include "token_command.h"
#include "unknown_command.h"
#include "vcek_command.h"

static int Main(int argc, char** argv) {
  CLI::App app{
      "veil: verify TEE evidence, manage a Veil trustee (secrets, reference values, policies, "
      "audit), encrypt workload payloads and seal Kubernetes pods"};
  app.name("veil");
  app.require_subcommand(1);
  app.set_version_flag("--version", "veil 0.1.0");
  app.footer("Run `veil COMMAND --help` for each command's options.");
  int exit_code = 0;

  CLI::App* evidence = app.add_subcommand("evidence", "Work with TEE evidence");
  evidence->require_subcommand(1);
  veil::cli::RegisterEvidenceVerify(*evidence, exit_code);
  veil::cli::RegisterEventLogCommands(*evidence, exit_code);
  veil::cli::RegisterImaCommands(*evidence, exit_code);

  CLI::App* policy = app.add_subcommand(
      "policy", "Attestation, resource and identity policies: evaluate offline, set, get");
  policy->require_subcommand(1);
  veil::cli::RegisterPolicyEval(*policy, exit_code);
  veil::cli::RegisterAdminCommands(app, *policy, exit_code);
  veil::cli::RegisterRefvalCommands(app, exit_code);
  veil::cli::RegisterNodeCommands(app, exit_code);
  veil::cli::RegisterCaCommands(app, exit_code);
  veil::cli::RegisterPayloadCommands(app, exit_code);
  veil::cli::RegisterMeasureCommands(app, exit_code);
  veil::cli::RegisterAllowlistCommands(app, exit_code);
  veil::cli::RegisterVcekCommands(app, exit_code);
  veil::cli::RegisterCollateralCommands(app, exit_code);
  veil::cli::RegisterGuestCommands(app, exit_code);
  veil::cli::RegisterPodCommands(app, exit_code);
  veil::cli::RegisterTokenCommands(app, exit_code);
  veil::cli::RegisterCompletionCommand(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    if (error.get_exit_code() != 0) {
      if (const auto unknown = veil::cli::UnknownCommandMessage(app, args)) {
        std::cerr << "veil: " << *unknown << "\n";
        return 2;
      }
    }
    const int status = app.exit(error);  // prints help/version or the usage error
    return status == 0 ? 0 : 2;
  }
  return exit_code;
}

// Veil's own code throws nothing; whatever a library (CLI11, the standard library) still throws
// ends the program with a message and a documented status instead of std::terminate.
int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "veil: internal error: " << error.what() << "\n";
  } catch (...) {
    std::cerr << "veil: internal error\n";
  }
  return 2;
}
