#include "collateral_command.h"

#include <iostream>
#include <memory>
#include <optional>

#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/endorsement/intel/collateral_directory.h"
#include "veil/endorsement/intel/collateral_verify.h"

namespace veil::cli {
namespace {

namespace intel = endorsement::intel;

struct InspectOptions {
  std::string path;
  std::string at;
};

std::string Window(TimePoint from, TimePoint until) {
  return FormatRfc3339(from) + " to " + FormatRfc3339(until);
}

// "  ok" or "  FAILED: <reason>" after an item when verifying; nothing otherwise.
void PrintVerdict(const std::optional<Status>& verdict, int& failures) {
  if (!verdict) return;
  if (*verdict) {
    std::cout << "    verified\n";
    return;
  }
  ++failures;
  std::cout << "    FAILED: " << verdict->error().message << "\n";
}

void PrintSigner(const std::vector<crypto::Certificate>& chain) {
  if (chain.empty()) return;
  std::cout << "    signed by " << chain.front().CommonName() << " (valid "
            << Window(chain.front().NotBefore(), chain.front().NotAfter()) << ")\n";
}

void PrintTcbInfos(const intel::Collateral& collateral, const crypto::Crl* root_crl,
                   std::optional<TimePoint> at, int& failures) {
  for (const intel::SignedTcbInfo& item : collateral.tcb_infos) {
    const intel::TcbInfo& info = item.info;
    std::cout << "TCB Info " << intel::TeeKindName(info.kind) << " FMSPC " << HexEncode(info.fmspc)
              << ": " << info.tcb_levels.size() << " levels, " << info.tdx_module_identities.size()
              << " TDX module identities, tcbEvaluationDataNumber "
              << info.tcb_evaluation_data_number << ", valid "
              << Window(info.issue_date, info.next_update) << "\n    from " << item.source << "\n";
    PrintSigner(item.issuer_chain);
    PrintVerdict(
        at ? std::optional<Status>(intel::VerifyTcbInfo(item, root_crl, *at)) : std::nullopt,
        failures);
  }
}

void PrintQeIdentities(const intel::Collateral& collateral, const crypto::Crl* root_crl,
                       std::optional<TimePoint> at, int& failures) {
  for (const intel::SignedQeIdentity& item : collateral.qe_identities) {
    const intel::QeIdentity& identity = item.identity;
    std::cout << "Enclave identity " << intel::EnclaveKindName(identity.kind) << ": MRSIGNER "
              << HexEncode(identity.mrsigner) << ", ISVPRODID " << identity.isvprodid << ", "
              << identity.tcb_levels.size() << " levels, tcbEvaluationDataNumber "
              << identity.tcb_evaluation_data_number << ", valid "
              << Window(identity.issue_date, identity.next_update) << "\n    from " << item.source
              << "\n";
    PrintSigner(item.issuer_chain);
    PrintVerdict(
        at ? std::optional<Status>(intel::VerifyQeIdentity(item, root_crl, *at)) : std::nullopt,
        failures);
  }
}

void PrintCrl(std::string_view name, const intel::IssuedCrl& item,
              const std::optional<Status>& verdict, int& failures) {
  const auto next = item.crl.NextUpdate();
  std::cout << name << ": " << item.crl.RevokedCount() << " revoked, valid "
            << FormatRfc3339(item.crl.ThisUpdate()) << " to "
            << (next ? FormatRfc3339(*next) : std::string("(no nextUpdate)")) << "\n    from "
            << item.source << "\n";
  PrintSigner(item.issuer_chain);
  PrintVerdict(verdict, failures);
}

void PrintCrls(const intel::Collateral& collateral, const crypto::Crl* root_crl,
               std::optional<TimePoint> at, int& failures) {
  for (const intel::PckCa ca : {intel::PckCa::kPlatform, intel::PckCa::kProcessor}) {
    const intel::IssuedCrl* crl = collateral.PckCrl(ca);
    if (crl == nullptr) continue;
    PrintCrl("PCK CRL (" + std::string(intel::PckCaName(ca)) + " CA)", *crl,
             at ? std::optional<Status>(intel::VerifyPckCrl(*crl, root_crl, *at)) : std::nullopt,
             failures);
  }
  if (collateral.root_ca_crl) {
    PrintCrl("Root CA CRL", *collateral.root_ca_crl,
             at ? std::optional<Status>(intel::VerifyRootCaCrl(*collateral.root_ca_crl, *at))
                : std::nullopt,
             failures);
  }
}

int Inspect(const InspectOptions& options) {
  std::optional<TimePoint> at;
  if (!options.at.empty()) {
    auto parsed = ParseRfc3339(options.at);
    if (!parsed) {
      std::cerr << "veil collateral inspect: --at: " << parsed.error().ToString() << "\n";
      return 2;
    }
    at = *parsed;
  }
  auto collateral = intel::LoadCollateral(options.path);
  if (!collateral) {
    std::cerr << "veil collateral inspect: " << collateral.error().ToString() << "\n";
    return 2;
  }
  const crypto::Crl* root_crl = collateral->root_ca_crl ? &collateral->root_ca_crl->crl : nullptr;
  int failures = 0;
  PrintTcbInfos(*collateral, root_crl, at, failures);
  PrintQeIdentities(*collateral, root_crl, at, failures);
  PrintCrls(*collateral, root_crl, at, failures);
  if (at) {
    std::cout << (failures == 0 ? "every item verifies"
                                : std::to_string(failures) + " item(s) fail")
              << " at " << FormatRfc3339(*at) << "\n";
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace

void RegisterCollateralCommands(CLI::App& app, int& exit_code) {
  CLI::App* collateral =
      app.add_subcommand("collateral", "Intel DCAP collateral bundles for offline TDX/SGX checks");
  collateral->require_subcommand(1);
  auto options = std::make_shared<InspectOptions>();
  CLI::App* inspect = collateral->add_subcommand(
      "inspect", "List what a collateral bundle or file holds and when each item expires");
  inspect->footer(
      "A bundle is a directory (docs/formats/dcap-collateral.md) or one JSON file in the shape\n"
      "dcap-qvl and other DCAP verifiers use.\n"
      "Exit status: 0 loaded (and, with --at, every item verifies), 1 an item fails at --at,\n"
      "2 usage error or unreadable collateral.\n\n"
      "Examples:\n"
      "  veil collateral inspect ./dcap-bundle\n"
      "  veil collateral inspect quote.collateral.json --at 2025-07-01T00:00:00Z");
  inspect->add_option("BUNDLE_OR_FILE", options->path, "Bundle directory or collateral JSON file")
      ->required();
  inspect->add_option("--at", options->at,
                      "RFC 3339 time at which to verify every item (signatures, chains, windows)");
  inspect->callback([options, &exit_code] { exit_code = Inspect(*options); });
}

}  // namespace veil::cli
