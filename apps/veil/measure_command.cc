#include "measure_command.h"

#include <iostream>
#include <memory>

#include "veil/agent/config/agent_config.h"
#include "veil/agent/measurement/workload_measurement.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"

namespace veil::cli {
namespace {

constexpr std::size_t kMaxPayloadBytes = std::size_t{1} << 30;

struct MeasureFlags {
  std::string config_file;
  std::string initial = std::string(64, '0');
  bool pcr_only = false;
  std::vector<std::string> command;
};

Result<std::vector<agent::MeasurementEvent>> MeasureFromConfig(const MeasureFlags& flags,
                                                               unsigned& pcr) {
  VEIL_ASSIGN_OR_RETURN(agent::AgentConfig config, agent::LoadAgentConfig(flags.config_file));
  pcr = config.tee.measurement_pcr;
  std::optional<Bytes> payload;
  if (config.workload.payload) {
    VEIL_ASSIGN_OR_RETURN(payload, ReadFileBytes(*config.workload.payload, kMaxPayloadBytes));
  }
  return agent::MeasureWorkload({payload, flags.command, config.workload.measured});
}

int MeasureWorkload(const MeasureFlags& flags) {
  auto initial = HexDecode(flags.initial);
  if (!initial || initial->size() != 32) {
    std::cerr << "veil measure workload: --initial must be 64 hex digits (the PCR's value before "
                 "the agent runs)\n";
    return 2;
  }
  unsigned pcr = 23;
  auto events = MeasureFromConfig(flags, pcr);
  if (!events) {
    std::cerr << "veil measure workload: " << events.error().ToString() << "\n";
    return 2;
  }
  const std::string value = HexEncode(agent::ReplayEvents(*initial, *events));
  if (flags.pcr_only) {
    std::cout << value << "\n";
    return 0;
  }
  for (const agent::MeasurementEvent& event : *events) {
    std::cout << event.type << "\t" << HexEncode(event.digest) << "\t" << event.description << "\n";
  }
  std::cout << "tpm.pcrs.sha256." << pcr << " = " << value << "\n";
  return 0;
}

}  // namespace

void RegisterMeasureCommands(CLI::App& app, int& exit_code) {
  CLI::App* measure =
      app.add_subcommand("measure", "Compute the measurements veil-agent will make");
  measure->require_subcommand(1);
  auto flags = std::make_shared<MeasureFlags>();
  CLI::App* workload = measure->add_subcommand(
      "workload",
      "Print the events and the PCR value veil-agent extends for this config, payload and command");
  workload
      ->add_option("--config", flags->config_file,
                   "The agent's TOML configuration (its [workload] and payload)")
      ->required()
      ->check(CLI::ExistingFile);
  workload->add_option("--initial", flags->initial,
                       "The PCR's value before the agent runs (default: 64 zeros, as after boot)");
  workload->add_flag("--pcr-only", flags->pcr_only, "Print only the resulting PCR value");
  workload->add_option("command", flags->command, "The workload command line, after --")
      ->required();
  workload->footer(
      "Example:\n  veil measure workload --config agent.toml -- ./run.sh\n"
      "  veil refval add tpm.pcrs.sha256.23 $(veil measure workload --config agent.toml --pcr-only "
      "-- ./run.sh)");
  workload->callback([flags, &exit_code] { exit_code = MeasureWorkload(*flags); });
}

}  // namespace veil::cli
