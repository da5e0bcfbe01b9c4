// veil-load: N concurrent guests doing full KBS handshakes (auth → attest → resource) against a
// running veil-trustee, for a duration or a count; prints throughput, latency percentiles and
// errors by kind. Exits 0 when every handshake succeeded, 1 when any failed, 2 on a usage or
// set-up error. See bench/README.md.

#include <sys/resource.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "bench/load/latency_summary.h"
#include "bench/load/load_run.h"
#include "bench/load/snp_test_attester.h"
#include "veil/agent/attester/sample/sample_attester.h"

namespace {

struct Flags {
  std::string url;
  std::string trustee_ca;
  std::string resource = "default/veil-load/secret";
  std::string tee = "sample";
  std::size_t clients = 1;
  double duration_s = 10;
  std::size_t count = 0;  // 0: run for duration_s
  double rate = 0;        // 0: back to back
  std::string write_snp_test_ca_chain;
};

// `--tee snp`: one test CA for the run, a VCEK of its own for each client.
veil::Result<std::function<veil::Result<std::unique_ptr<veil::agent::Attester>>()>> AttesterFactory(
    const std::string& tee) {
  if (tee == "sample") {
    return []() -> veil::Result<std::unique_ptr<veil::agent::Attester>> {
      return veil::agent::sample::MakeSampleAttester();
    };
  }
  VEIL_ASSIGN_OR_RETURN(auto ca, veil::bench::MakeLoadSnpTestCa());
  auto shared = std::make_shared<veil::testing::SnpTestCa>(std::move(ca));
  return [shared]() { return veil::bench::MakeSnpTestAttester(*shared); };
}

// Writes the SNP test CA's [ASK, ARK] for veil-trustee --insecure-test-snp-ca-chain.
int WriteSnpTestCaChain(const std::string& path) {
  auto ca = veil::bench::MakeLoadSnpTestCa();
  if (!ca) {
    std::cerr << "veil-load: " << ca.error().ToString() << "\n";
    return 2;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << ca->CaChainPem();
  if (!out.flush()) {
    std::cerr << "veil-load: cannot write " << path << "\n";
    return 2;
  }
  return 0;
}

veil::Result<veil::bench::LoadOptions> BuildOptions(const Flags& flags) {
  VEIL_ASSIGN_OR_RETURN(auto resource, veil::protocol::ResourcePath::Parse(flags.resource));
  veil::bench::LoadOptions options{.url = flags.url, .resource = std::move(resource)};
  if (!flags.trustee_ca.empty()) options.trustee_ca = flags.trustee_ca;
  options.clients = flags.clients;
  if (flags.count > 0) options.count = flags.count;
  options.duration = std::chrono::duration<double>(flags.duration_s);
  if (flags.rate > 0) options.rate = flags.rate;
  VEIL_ASSIGN_OR_RETURN(options.make_attester, AttesterFactory(flags.tee));
  return options;
}

void PrintLatency(const char* name, std::vector<double>& samples_ms) {
  const auto summary = veil::bench::Summarize(samples_ms);
  std::printf("  %-10s %9.2f %9.2f %9.2f %9.2f\n", name, summary.p50_ms, summary.p90_ms,
              summary.p99_ms, summary.max_ms);
}

void PrintReport(const Flags& flags, veil::bench::LoadResult& result) {
  const double seconds = result.elapsed.count();
  std::printf("veil-load: %zu clients, tee %s, %s, %.2f s", flags.clients, flags.tee.c_str(),
              flags.url.c_str(), seconds);
  if (flags.rate > 0) std::printf(", rate %.1f handshakes/s", flags.rate);
  std::printf("\n");
  std::printf("handshakes: %zu ok, %zu errors\n", result.succeeded, result.failed);
  std::printf("throughput: %.1f handshakes/s\n",
              seconds > 0 ? static_cast<double>(result.succeeded) / seconds : 0.0);
  // The clients share the machine with the trustee when both run on one host: say what they cost.
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double client_cpu_s =
      static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
      static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::printf("client CPU: %.2f s\n", client_cpu_s);
  std::printf("latency (ms)      p50       p90       p99       max\n");
  PrintLatency("handshake", result.handshake_ms);
  PrintLatency("attest", result.attest_ms);
  PrintLatency("resource", result.resource_ms);
  for (const auto& [name, kind] : result.errors) {
    std::printf("error %s: %zu (first: %s)\n", name.c_str(), kind.count,
                kind.first_message.c_str());
  }
  std::fflush(stdout);
}

}  // namespace

static int Main(int argc, char** argv) {
  CLI::App app{"veil-load: concurrent KBS handshakes against a running veil-trustee"};
  Flags flags;
  app.add_option("--url", flags.url, "The trustee's base URL, http(s)://host:port");
  app.add_option("--trustee-ca", flags.trustee_ca,
                 "PEM CA that signed the trustee's TLS certificate")
      ->check(CLI::ExistingFile);
  app.add_option(
      "--resource", flags.resource,
      "Resource each handshake fetches (REPO/TYPE/TAG; default default/veil-load/secret)");
  app.add_option("--tee", flags.tee,
                 "Evidence kind: sample, or snp (TEST ONLY: reports signed by a minted VCEK chain)")
      ->check(CLI::IsMember({"sample", "snp"}));
  app.add_option("--write-snp-test-ca-chain", flags.write_snp_test_ca_chain,
                 "Write the SNP test CA's [ASK, ARK] PEM for veil-trustee "
                 "--insecure-test-snp-ca-chain, and exit");
  app.add_option("--clients", flags.clients, "Concurrent clients (default 1)")
      ->check(CLI::Range(1, 4096));
  app.add_option("--duration", flags.duration_s,
                 "Seconds to run when --count is not given (default 10)")
      ->check(CLI::PositiveNumber);
  app.add_option("--count", flags.count, "Handshakes in all, over every client")
      ->check(CLI::PositiveNumber);
  app.add_option("--rate", flags.rate,
                 "Handshakes per second over all clients, started on schedule; latency counts "
                 "from when each was due (default: back to back)")
      ->check(CLI::PositiveNumber);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);
    return status == 0 ? 0 : 2;
  }
  if (!flags.write_snp_test_ca_chain.empty())
    return WriteSnpTestCaChain(flags.write_snp_test_ca_chain);
  if (flags.url.empty()) {
    std::cerr << "veil-load: --url is required\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::err);  // one line per failed handshake would drown the report

  auto options = BuildOptions(flags);
  if (!options) {
    std::cerr << "veil-load: " << options.error().ToString() << "\n";
    return 2;
  }
  auto result = veil::bench::RunLoad(*options);
  if (!result) {
    std::cerr << "veil-load: " << result.error().ToString() << "\n";
    return 2;
  }
  PrintReport(flags, *result);
  return result->failed == 0 ? 0 : 1;
}

// Whatever a library (CLI11, the standard library) throws ends the program with a message.
int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "veil-load: internal error: " << error.what() << "\n";
  } catch (...) {
    std::cerr << "veil-load: internal error\n";
  }
  return 1;
}
