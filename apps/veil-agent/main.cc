// veil-agent: runs inside the TEE. `run` measures the workload, attests to the trustee, delivers
// the workload's secrets into a private tmpfs and launches it; `enrol` enrols the node's TPM with
// the trustee by credential activation; `ak` prints the TPM attestation key an owner can enrol by
// hand instead. Parses flags and maps outcomes to exit statuses. Nothing else.

#include <iostream>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "veil/agent/attester/tpm/tpm_attester.h"
#include "veil/agent/attester/tpm/tss_log.h"
#include "veil/agent/config/agent_config.h"
#include "veil/agent/enrol/node_enrolment.h"
#include "veil/agent/run/agent_run.h"
#include "veil/base/hex.h"
#include "veil/base/process_hardening.h"
#include "veil/crypto/digest.h"

namespace {

using veil::agent::AgentConfig;

struct Flags {
  std::string config_file;
  std::string trustee;
  std::string tee;
  std::string bundle;
  std::string log_level;
  std::string node_name;
  std::vector<std::string> command;
};

veil::Result<AgentConfig> BuildConfig(const Flags& flags) {
  AgentConfig config;
  if (!flags.config_file.empty()) {
    VEIL_ASSIGN_OR_RETURN(config, veil::agent::LoadAgentConfig(flags.config_file));
  } else {
    config.workload.measured = nlohmann::json::object();
  }
  if (!flags.trustee.empty()) config.trustee.url = flags.trustee;
  if (!flags.tee.empty()) {
    VEIL_ASSIGN_OR_RETURN(config.tee.kind, veil::agent::ParseTeeChoice(flags.tee));
  }
  if (!flags.log_level.empty()) config.log_level = flags.log_level;
  if (config.trustee.url.empty())
    return veil::Fail(veil::InvalidArgument("no trustee: set [trustee] url or --trustee"));
  return config;
}

void SetUpLogging(const std::string& level) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("veil-agent"));
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::set_pattern("%^veil-agent %l%$: %v");
}

int Run(const Flags& flags) {
  // First: from here to the last log line a stop signal ends the run in order (docs/agent.md,
  // "Signals"), never by its default action.
  auto stop = veil::agent::StopSignals::Install();
  if (!stop) {
    std::cerr << "veil-agent: " << stop.error().ToString() << "\n";
    return veil::agent::kAgentFailed;
  }
  auto config = BuildConfig(flags);
  if (!config) {
    std::cerr << "veil-agent: " << config.error().ToString() << "\n";
    return veil::agent::kAgentFailed;
  }
  SetUpLogging(config->log_level);
  veil::agent::RunRequest request{std::move(*config), flags.command, std::nullopt};
  if (!flags.bundle.empty()) request.bundle = flags.bundle;
  auto exit = veil::agent::RunAgent(request, *stop);
  if (!exit) {
    spdlog::error("nothing was launched: {}", exit.error().ToString());  // never contains a secret
    if (exit.error().context != veil::agent::kLaunchContext) return veil::agent::kAgentFailed;
    return exit.error().code == veil::ErrorCode::kNotFound ? veil::agent::kCommandNotFound
                                                           : veil::agent::kCommandNotRunnable;
  }
  spdlog::info("workload {}", exit->description);
  return exit->code;
}

int PrintAttestationKey(const Flags& flags) {
  auto config = flags.config_file.empty() ? veil::Result<AgentConfig>(AgentConfig{})
                                          : veil::agent::LoadAgentConfig(flags.config_file);
  if (!config) {
    std::cerr << "veil-agent: " << config.error().ToString() << "\n";
    return 2;
  }
  veil::agent::tpm::SilenceTssLog();  // the error below is ours, not tss2's own stderr lines
  auto tpm = veil::agent::tpm::TpmAttester::Open({config->tee.tcti, config->tee.measurement_pcr,
                                                  config->tee.rsa_attestation_key
                                                      ? veil::agent::tpm::AkAlgorithm::kRsa2048
                                                      : veil::agent::tpm::AkAlgorithm::kEcP256});
  if (!tpm) {
    std::cerr << "veil-agent: " << tpm.error().ToString() << "\n";
    return 1;
  }
  const auto& ak = (*tpm)->ak_public();
  std::cout << "# " << ak.Describe() << " attestation key of " << config->tee.tcti << "\n"
            << "# enrol it: veil refval add tpm.ak "
            << veil::HexEncode(veil::crypto::Sha256(ak.SpkiDer())) << "\n"
            << ak.ToPem();
  return 0;
}

// `veil-agent enrol`: 0 enrolled, 1 refused (by the trustee or the TPM), 2 a bad configuration
// or an unreachable TPM or trustee.
int Enrol(const Flags& flags) {
  auto config = flags.config_file.empty() ? veil::Result<AgentConfig>(AgentConfig{})
                                          : veil::agent::LoadAgentConfig(flags.config_file);
  if (!config) {
    std::cerr << "veil-agent: " << config.error().ToString() << "\n";
    return 2;
  }
  if (!flags.trustee.empty()) config->trustee.url = flags.trustee;
  if (config->trustee.url.empty()) {
    std::cerr << "veil-agent: no trustee: set [trustee] url or --trustee\n";
    return 2;
  }
  veil::agent::tpm::SilenceTssLog();
  veil::agent::tpm::NodeEnrolmentOptions options{
      .tcti = config->tee.tcti,
      .ak = config->tee.rsa_attestation_key ? veil::agent::tpm::AkAlgorithm::kRsa2048
                                            : veil::agent::tpm::AkAlgorithm::kEcP256,
      .trustee_url = config->trustee.url,
      .ca_file = config->trustee.ca_file,
      .pinned_public_key = config->trustee.pinned_public_key,
      .timeout = config->trustee.timeout};
  if (!flags.node_name.empty()) options.name = flags.node_name;
  auto enrolled = veil::agent::tpm::EnrolNode(options);
  if (!enrolled) {
    std::cerr << "veil-agent: enrolment failed: " << enrolled.error().ToString() << "\n";
    const veil::ErrorCode code = enrolled.error().code;
    return code == veil::ErrorCode::kPolicyDenied || code == veil::ErrorCode::kVerificationFailed
               ? 1
               : 2;
  }
  std::cout << "enrolled as node " << enrolled->name << " (EK "
            << (enrolled->sent_certificate ? "certificate from TPM NV" : "registered by an admin")
            << "): tpm.ak " << enrolled->ak_digest << "\n";
  return 0;
}

}  // namespace

static int Main(int argc, char** argv) {
  CLI::App app{"veil-agent: attest from inside the TEE, receive secrets, launch the workload"};
  app.set_version_flag("--version", "veil-agent 0.1.0");
  app.require_subcommand(1);
  Flags flags;

  CLI::App* run = app.add_subcommand(
      "run", "Measure, attest, deliver secrets, then run CMD (its exit status is ours)");
  run->add_option("--config", flags.config_file, "TOML configuration (see docs/agent-config.md)")
      ->check(CLI::ExistingFile);
  run->add_option("--trustee", flags.trustee, "Trustee URL, overriding [trustee] url");
  run->add_option("--tee", flags.tee, "auto, tpm, snp, tdx or sample (insecure, development only)")
      ->check(CLI::IsMember({"auto", "tpm", "snp", "tdx", "sample"}));
  run->add_option("--bundle", flags.bundle, "Run this OCI bundle with crun instead of CMD")
      ->check(CLI::ExistingDirectory);
  run->add_option("--log-level", flags.log_level, "trace, debug, info, warn or error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  run->add_option("command", flags.command, "The workload: -- CMD ARGS...");
  run->footer(
      "Exit status: the workload's own (128+N if killed by signal N); 125 when veil-agent failed "
      "before\n"
      "launching anything (attestation refused, secret missing, bad configuration); 126/127 when "
      "CMD\n"
      "could not be started / was not found.\n\n"
      "Example:\n  veil-agent run --config /etc/veil/agent.toml -- /srv/app/server --port 8443");

  CLI::App* ak = app.add_subcommand(
      "ak", "Print the TPM attestation key (PEM) and its tpm.ak reference value");
  ak->add_option("--config", flags.config_file, "TOML configuration ([tee] tcti, attestation_key)")
      ->check(CLI::ExistingFile);

  CLI::App* enrol = app.add_subcommand(
      "enrol", "Enrol this node's TPM with the trustee by credential activation (EK, then AK)");
  enrol->add_option("--config", flags.config_file, "TOML configuration ([trustee], [tee])")
      ->check(CLI::ExistingFile);
  enrol->add_option("--trustee", flags.trustee, "Trustee URL, overriding [trustee] url");
  enrol->add_option("--name", flags.node_name,
                    "The node's name (default: the one an admin registered its EK under, else "
                    "the trustee's ek-<digest prefix>)");
  enrol->footer(
      "Sends the EK certificate from TPM NV (0x01c00002 RSA, 0x01c0000a ECC) when there is one; "
      "the trustee accepts it when it chains to its [tpm] ek_trust_store, or an EK an admin "
      "registered with `veil node add`. Afterwards the trustee trusts this TPM's quotes without "
      "`veil refval add tpm.ak`.\n"
      "Exit status: 0 enrolled, 1 refused by the trustee or the TPM (the reason is printed), 2 a "
      "bad configuration or an unreachable TPM or trustee.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);
    return status == 0 ? 0 : 2;
  }
  if (run->parsed()) {
    if (flags.command.empty() && flags.bundle.empty()) {
      std::cerr << "veil-agent run: no workload; give -- CMD ARGS or --bundle DIR\n";
      return 2;
    }
    // Before attesting: the session key and delivered secrets stay out of core dumps and
    // /proc/<pid>/mem. execve() resets this, so the workload itself stays dumpable.
    if (auto hardened = veil::DisableCoreDumps(); !hardened) {
      std::cerr << "veil-agent: " << hardened.error().ToString() << "\n";
      return veil::agent::kAgentFailed;
    }
    return Run(flags);
  }
  if (enrol->parsed()) return Enrol(flags);
  return PrintAttestationKey(flags);
}

// Veil's own code throws nothing; whatever a library (CLI11, the standard library) still throws
// ends the program with a message and a documented status instead of std::terminate.
int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "veil-agent: internal error: " << error.what() << "\n";
  } catch (...) {
    std::cerr << "veil-agent: internal error\n";
  }
  return 125;
}
