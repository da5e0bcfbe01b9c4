// veil-trustee: the application owner's verifier and key broker. Parses flags, loads the
// configuration, starts the trustee, and waits for SIGINT/SIGTERM. Nothing else.

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string_view>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "veil/base/clock.h"
#include "veil/base/process_hardening.h"
#include "veil/trustee/config.h"
#include "veil/trustee/kek_rotation.h"
#include "veil/trustee/key_sources.h"
#include "veil/trustee/trustee.h"

namespace {

struct Flags {
  std::string config_file;
  std::string listen;
  std::string data_dir;
  std::string store_url;
  std::vector<std::string> admin_keys;
  std::string log_level;
  std::string insecure_test_snp_ca_chain;
  std::string kek_file;
  std::string token_signing_key_file;
  bool check_config = false;
  std::string new_kek_file;  // rotate-kek
};

veil::Result<veil::trustee::TrusteeConfig> BuildConfig(const Flags& flags) {
  veil::trustee::TrusteeConfig config;
  if (!flags.config_file.empty()) {
    VEIL_ASSIGN_OR_RETURN(config, veil::trustee::LoadTrusteeConfig(flags.config_file));
  }
  if (!flags.listen.empty()) {
    VEIL_ASSIGN_OR_RETURN(config.listen, veil::trustee::ParseListenAddress(flags.listen));
  }
  if (!flags.data_dir.empty()) config.data_dir = flags.data_dir;
  if (!flags.store_url.empty()) {
    VEIL_ASSIGN_OR_RETURN(config.store_url, veil::trustee::ParseStoreUrl(flags.store_url));
  }
  for (const auto& key : flags.admin_keys) config.admin_public_keys.emplace_back(key);
  if (!flags.log_level.empty()) config.log_level = flags.log_level;
  if (!flags.kek_file.empty()) config.key_encryption_key_file = flags.kek_file;
  if (!flags.token_signing_key_file.empty())
    config.token_signing_key_file = flags.token_signing_key_file;
  if (!flags.insecure_test_snp_ca_chain.empty()) {
    config.insecure_test_snp_ca_chain = flags.insecure_test_snp_ca_chain;
  }
  return config;
}

// Connections, the database and logs all take descriptors: raise the soft limit to the hard one
// and warn when max_connections leaves too little headroom under it.
void RaiseFileLimit(std::size_t max_connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  constexpr rlim_t kHeadroom = 64;
  if (limit.rlim_cur != RLIM_INFINITY && max_connections + kHeadroom > limit.rlim_cur) {
    spdlog::warn(
        "server.max_connections {} leaves fewer than {} of the {} file descriptors "
        "(RLIMIT_NOFILE) for everything else; lower it",
        max_connections, kHeadroom, static_cast<unsigned long long>(limit.rlim_cur));
  }
}

// VEIL_KEK's value, when set (the key itself, base64: key_sources.h).
std::optional<std::string_view> KekEnvironment() {
  const char* value = std::getenv(std::string(veil::trustee::kKekEnvironmentVariable).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string_view(value);
}

// --check-config: what the trustee would start with, read from the flags and the file alone (no
// key is read and no store opened).
void PrintCheckedConfig(const veil::trustee::TrusteeConfig& config, bool kek_in_environment) {
  std::printf("configuration OK\n");
  std::printf("listen %s:%u (%s)\n", config.listen.host.c_str(),
              static_cast<unsigned>(config.listen.port), config.tls ? "https" : "http");
  std::printf("data directory %s\n", config.data_dir.string().c_str());
  // The URL is not printed: it may carry the database password.
  std::printf("store %s\n",
              config.store_url ? "PostgreSQL (store.url)" : "SQLite in the data directory");
  const std::string kek =
      config.key_encryption_key_file
          ? "file " + config.key_encryption_key_file->string()
          : (kek_in_environment ? "environment variable VEIL_KEK" : "data directory");
  std::printf("key-encryption key from %s\n", kek.c_str());
  std::printf("token signing key from %s\n",
              config.token_signing_key_file
                  ? ("file " + config.token_signing_key_file->string()).c_str()
                  : "data directory");
  std::printf("admin keys %zu\n", config.admin_public_keys.size());
}

int RotateKek(const veil::trustee::TrusteeConfig& config, const std::string& new_kek_file) {
  const veil::SystemClock clock;
  auto report =
      veil::trustee::RotateStoredKeyEncryptionKey(config, KekEnvironment(), new_kek_file, clock);
  if (!report) {
    std::cerr << "veil-trustee rotate-kek: " << report.error().ToString() << "\n";
    return 1;
  }
  std::printf(
      "re-sealed %zu secret(s) from the key-encryption key in the %s to the one in the %s, in one "
      "transaction, audited as kek.rotate; start the trustees with the new key now\n",
      report->secrets, report->old_origin.c_str(), report->new_origin.c_str());
  return 0;
}

}  // namespace

static int Main(int argc, char** argv) {
  CLI::App app{"veil-trustee: RATS verifier and CoCo-compatible key broker"};
  app.set_version_flag("--version", "veil-trustee 0.1.0");
  Flags flags;
  app.add_option("--config", flags.config_file,
                 "TOML configuration file (see docs/trustee-config.md)")
      ->check(CLI::ExistingFile);
  app.add_option("--listen", flags.listen,
                 "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 = any free port)");
  app.add_option("--data-dir", flags.data_dir,
                 "State directory: database and keys (default ./veil-data)");
  app.add_option(
      "--store", flags.store_url,
      "PostgreSQL URL (postgresql://USER:PASSWORD@HOST:PORT/DATABASE) of the store; "
      "default: SQLite in the data directory (the keys are not in the store either way)");
  app.add_option("--admin-key", flags.admin_keys,
                 "PEM public key allowed to sign admin requests (repeatable)");
  app.add_option("--log-level", flags.log_level, "trace, debug, info, warn or error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  app.add_option(
         "--insecure-test-snp-ca-chain", flags.insecure_test_snp_ca_chain,
         "TEST ONLY, INSECURE: PEM [ASK, ARK] that SNP evidence is verified against "
         "instead of AMD's roots (load tests with a minted VCEK chain; never in production)")
      ->check(CLI::ExistingFile);
  app.add_option("--kek-file", flags.kek_file,
                 "Key-encryption key: 32 bytes, raw or base64 (default: VEIL_KEK, base64, or the "
                 "data directory's generated key-encryption-key)");
  app.add_option("--token-signing-key-file", flags.token_signing_key_file,
                 "PEM EC P-256 key that signs attestation tokens, shared by replicas (default: the "
                 "data directory's generated token-signing-key.pem)");
  app.add_flag("--check-config", flags.check_config,
               "Check the flags and the configuration file, print what the trustee would start "
               "with, and exit (reads no key, opens no store)");
  CLI::App* rotate = app.add_subcommand(
      "rotate-kek",
      "Offline, with every trustee on the store stopped: re-seal every stored secret from the "
      "current key-encryption key (found as the trustee finds it: --kek-file, VEIL_KEK, or the "
      "data directory) to the one in --new-kek-file, in one transaction, with one audit entry");
  rotate
      ->add_option("--new-kek-file", flags.new_kek_file,
                   "The new key-encryption key: 32 bytes, raw or base64")
      ->required();
  rotate->fallthrough();  // --config, --data-dir, --kek-file may follow the subcommand's name
  app.require_subcommand(0, 1);
  app.footer(
      "Example:\n  veil admin keygen --out admin && veil-trustee --admin-key admin/admin.pub "
      "--listen 127.0.0.1:8080");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);
    return status == 0 ? 0 : 2;
  }

  // Before any key or secret is read: none of them may end up in a core dump or be read through
  // /proc/<pid>/mem by another process of the same user.
  if (auto hardened = veil::DisableCoreDumps(); !hardened) {
    std::cerr << "veil-trustee: " << hardened.error().ToString() << "\n";
    return 1;
  }
  auto config = BuildConfig(flags);
  if (!config) {
    std::cerr << "veil-trustee: " << config.error().ToString() << "\n";
    return 2;
  }
  if (flags.check_config) {
    PrintCheckedConfig(*config, KekEnvironment().has_value());
    return 0;
  }
  if (rotate->parsed()) return RotateKek(*config, flags.new_kek_file);
  // Logs go to stderr; stdout carries only the "listening on" line that scripts and tests read.
  spdlog::set_default_logger(spdlog::stderr_color_mt("veil-trustee"));
  spdlog::set_level(spdlog::level::from_str(config->log_level));

  // Signals are handled by sigwait on this thread; the server threads inherit the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  RaiseFileLimit(config->max_connections);
  const veil::SystemClock clock;
  auto trustee = veil::trustee::Trustee::Start(*config, clock, KekEnvironment());
  if (!trustee) {
    spdlog::error("cannot start: {}", trustee.error().ToString());
    return 1;
  }
  spdlog::info("data directory {}", config->data_dir.string());
  std::printf("veil-trustee listening on %s://%s:%u\n", config->tls ? "https" : "http",
              config->listen.host.c_str(), static_cast<unsigned>((*trustee)->port()));
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received signal {}, shutting down", received);
  (*trustee)->Stop();
  return 0;
}

// Veil's own code throws nothing; whatever a library (CLI11, the standard library) still throws
// ends the program with a message and a documented status instead of std::terminate.
int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "veil-trustee: internal error: " << error.what() << "\n";
  } catch (...) {
    std::cerr << "veil-trustee: internal error\n";
  }
  return 1;
}
