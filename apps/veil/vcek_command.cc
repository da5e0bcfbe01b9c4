#include "vcek_command.h"

#include <iostream>
#include <memory>

#include "evidence_verify.h"
#include "veil/base/file.h"
#include "veil/endorsement/vcek/vcek_resolver.h"
#include "veil/evidence/snp/coco_json.h"
#include "veil/evidence/snp/report.h"

namespace veil::cli {
namespace {

struct VcekFetchOptions {
  std::string report, evidence, store, kds_url{endorsement::vcek::kAmdKdsUrl};
  int timeout_seconds = 10;
};

// The report's bytes from --report (raw) or --evidence (CoCo's JSON).
Result<Bytes> ReadReport(const VcekFetchOptions& options) {
  if (options.report.empty() == options.evidence.empty())
    return Fail(InvalidArgument("give exactly one of --report FILE and --evidence FILE"));
  if (!options.report.empty()) return ReadFileBytes(options.report);
  VEIL_ASSIGN_OR_RETURN(nlohmann::json json, ReadEvidenceJson(options.evidence));
  auto evidence = evidence::snp::ParseCocoSnpEvidence(json);
  if (!evidence) return Fail(InvalidArgument(options.evidence + ": " + evidence.error().message));
  return std::move(evidence->report);
}

int Fetch(const VcekFetchOptions& options) {
  auto bytes = ReadReport(options);
  if (!bytes) {
    std::cerr << "veil vcek fetch: " << bytes.error().ToString() << "\n";
    return 2;
  }
  auto report = evidence::snp::ParseReport(*bytes);
  if (!report) {
    std::cerr << "veil vcek fetch: " << report.error().ToString() << "\n";
    return 2;
  }
  const endorsement::vcek::VcekSources sources{
      endorsement::vcek::VcekStore(options.store),
      endorsement::vcek::KdsOptions{.base_url = options.kds_url,
                                    .timeout = std::chrono::seconds(options.timeout_seconds)}};
  std::cerr << "looking up the VCEK in " << options.store << ", then " << options.kds_url << "\n";
  auto vcek = endorsement::vcek::ResolveVcek(*report, sources);
  if (!vcek) {
    std::cerr << "veil vcek fetch: " << vcek.error().ToString() << "\n";
    return vcek.error().code == ErrorCode::kUnsupported ? 2 : 1;
  }
  const auto candidates = endorsement::vcek::VcekCandidates(*report);
  for (const auto& id : candidates.value()) {
    const std::filesystem::path path = sources.store->PathOf(id);
    if (std::filesystem::exists(path)) std::cout << path.string() << "\n";
  }
  return 0;
}

}  // namespace

void RegisterVcekCommands(CLI::App& app, int& exit_code) {
  CLI::App* vcek = app.add_subcommand(
      "vcek", "Offline VCEK store for SNP reports sent without a certificate table");
  vcek->require_subcommand(1);
  auto options = std::make_shared<VcekFetchOptions>();
  CLI::App* fetch = vcek->add_subcommand(
      "fetch", "Fetch the VCEK that signed a report from AMD KDS into a store");
  fetch->footer(
      "The store is a directory of DER files, <product>/<hwid>/<tcb>.der; copy it to an\n"
      "air-gapped trustee and point [snp] vcek_store at it.\n"
      "Exit status: 0 stored (or already there), 1 not available from KDS, 2 usage error.\n\n"
      "Examples:\n"
      "  veil vcek fetch --report report.bin --store /var/lib/veil/vcek\n"
      "  veil vcek fetch --evidence coco-snp.json --store ./vcek --kds-url http://mirror:8080");
  fetch->add_option("--report", options->report, "SNP ATTESTATION_REPORT, 1184 raw bytes");
  fetch->add_option("--evidence", options->evidence,
                    "CoCo's SNP evidence JSON (primary_evidence or a whole /attest body)");
  fetch->add_option("--store", options->store, "VCEK store directory (created when missing)")
      ->required();
  fetch->add_option("--kds-url", options->kds_url, "AMD KDS, or a mirror serving the same paths")
      ->capture_default_str();
  fetch->add_option("--timeout", options->timeout_seconds, "Seconds per KDS request")
      ->check(CLI::Range(1, 300))
      ->capture_default_str();
  fetch->callback([options, &exit_code] { exit_code = Fetch(*options); });
}

}  // namespace veil::cli
