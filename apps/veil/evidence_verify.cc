#include "evidence_verify.h"

#include <algorithm>
#include <vector>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "veil/base/file.h"
#include "veil/protocol/tee_kind.h"

namespace veil::cli {
namespace {

int Report(const std::string& tee, const Verdict& verdict, bool json) {
  if (json) {
    nlohmann::json out = {{"valid", verdict.has_value()}, {"tee", tee}};
    out["claims"] = verdict ? verdict->claims() : nlohmann::json::object();
    if (!verdict) out["reason"] = verdict.error().ToString();
    std::cout << out.dump(2) << "\n";
  } else if (verdict) {
    std::cout << "VALID: " << tee << " evidence is genuine\n" << verdict->claims().dump(2) << "\n";
  } else {
    std::cout << "REJECTED: " << verdict.error().ToString() << "\n";
  }
  return verdict ? 0 : 1;
}

Result<Verdict> VerifyFromFiles(protocol::TeeKind tee, const EvidenceVerifyOptions& options) {
  switch (tee) {
    case protocol::TeeKind::kSnp:
      return VerifySnpFromFiles(options);
    case protocol::TeeKind::kTpm:
      return VerifyTpmFromFiles(options);
    case protocol::TeeKind::kSample:
      return VerifySampleFromFiles(options);
    case protocol::TeeKind::kTdx:
      return VerifyDcapFromFiles(options, DcapTee::kTdx);
    case protocol::TeeKind::kSgx:
      return VerifyDcapFromFiles(options, DcapTee::kSgx);
  }
  return Fail(InvalidArgument("unknown --tee " + options.tee));
}

// An option given for another TEE than --tee would silently check nothing (`--tee tpm
// --report-data ffff` printed VALID): it is a usage error instead, naming the TEEs it is for.
Status RefuseForeignOptions(std::string_view tee, const EvidenceVerifyOptions& options) {
  struct OptionUse {
    const char* flag;
    const std::string& value;
    std::vector<std::string_view> tees;
  };
  const OptionUse uses[] = {
      {"--report", options.report, {"snp"}},
      {"--vcek", options.vcek, {"snp"}},
      {"--vcek-store", options.vcek_store, {"snp"}},
      {"--kds-url", options.kds_url, {"snp"}},
      {"--ca-chain", options.ca_chain, {"snp"}},
      {"--at", options.at, {"snp", "tdx", "sgx"}},
      {"--report-data", options.report_data, {"snp", "sample", "tdx", "sgx"}},
      {"--ak", options.ak, {"tpm"}},
      {"--message", options.message, {"tpm"}},
      {"--signature", options.signature, {"tpm"}},
      {"--pcrs", options.pcrs, {"tpm"}},
      {"--nonce", options.nonce, {"tpm"}},
      {"--pcr-list", options.pcr_list, {"tpm"}},
      {"--quote", options.quote, {"tdx", "sgx"}},
      {"--collateral", options.collateral, {"tdx", "sgx"}},
      {"--eventlog", options.eventlog, {"tdx"}},
      {"--evidence", options.evidence, {"snp", "tpm", "sample"}},
  };
  for (const OptionUse& use : uses) {
    if (use.value.empty() || std::find(use.tees.begin(), use.tees.end(), tee) != use.tees.end()) {
      continue;
    }
    std::string for_tees;  // "snp", "snp and sample", "snp, sample and tdx"
    for (std::size_t i = 0; i < use.tees.size(); ++i) {
      if (i > 0) for_tees += i + 1 == use.tees.size() ? " and " : ", ";
      for_tees += use.tees[i];
    }
    return Fail(InvalidArgument(std::string(use.flag) + " does not apply to --tee " +
                                std::string(tee) + " (it is for " + for_tees + " evidence)"));
  }
  return {};
}

Result<Verdict> CheckAndVerify(const EvidenceVerifyOptions& options) {
  VEIL_ASSIGN_OR_RETURN(const protocol::TeeKind tee, protocol::ParseTeeKind(options.tee));
  VEIL_TRY(RefuseForeignOptions(protocol::TeeKindName(tee), options));
  return VerifyFromFiles(tee, options);
}

int Run(const EvidenceVerifyOptions& options) {
  Result<Verdict> outcome = CheckAndVerify(options);
  if (!outcome) {
    std::cerr << "veil evidence verify: " << outcome.error().ToString() << "\n";
    return 2;
  }
  return Report(options.tee, *outcome, options.json);
}

}  // namespace

Result<nlohmann::json> ReadEvidenceJson(const std::string& path) {
  VEIL_ASSIGN_OR_RETURN(const std::string text, ReadFileText(path));
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Fail(InvalidArgument(path + ": not valid JSON"));
  const auto tee_evidence = json.find("tee-evidence");
  if (tee_evidence == json.end()) return json;
  if (!tee_evidence->is_object() || !tee_evidence->contains("primary_evidence")) {
    return Fail(InvalidArgument(path + ": \"tee-evidence\" has no \"primary_evidence\""));
  }
  return (*tee_evidence)["primary_evidence"];
}

void RegisterEvidenceVerify(CLI::App& parent, int& exit_code) {
  auto options = std::make_shared<EvidenceVerifyOptions>();
  CLI::App* verify =
      parent.add_subcommand("verify", "Verify TEE evidence offline and print its claims");
  verify->footer(
      "Exit status: 0 genuine, 1 rejected (the reason names the check, expected and found "
      "values),\n"
      "2 usage error or unreadable file.\n\n"
      "Examples:\n"
      "  veil evidence verify --tee snp --report report.bin --vcek vcek.der\n"
      "  veil evidence verify --tee snp --evidence coco-snp.json   # as a CoCo guest sends it\n"
      "  veil evidence verify --tee tpm --evidence coco-tpm.json --nonce 0011223344\n"
      "  veil evidence verify --tee tpm --ak ak.pem --message quote.msg --signature quote.sig \\\n"
      "                       --pcrs quote.pcrs --nonce 0011223344\n"
      "  veil evidence verify --tee sample --evidence sample.json --json\n"
      "  veil evidence verify --tee tdx --quote quote.dat --collateral bundle/ --at "
      "2025-07-01T00:00:00Z\n"
      "  veil evidence verify --tee sgx --quote quote.dat --collateral collateral.json --json");
  verify->add_option("--tee", options->tee, "TEE kind")
      ->required()
      ->check(CLI::IsMember({"snp", "tpm", "sample", "tdx", "sgx"}));
  verify->add_flag("--json", options->json,
                   "Print {\"valid\", \"tee\", \"claims\", \"reason\"} as JSON");

  const std::string snp = "SEV-SNP (--tee snp)";
  verify->add_option("--report", options->report, "SNP ATTESTATION_REPORT, 1184 raw bytes")
      ->group(snp);
  verify
      ->add_option("--vcek", options->vcek,
                   "VCEK or VLEK certificate (DER or PEM) that signed the report")
      ->group(snp);
  verify
      ->add_option("--vcek-store", options->vcek_store,
                   "Offline VCEK store (veil vcek fetch) to look the VCEK up in when neither "
                   "--vcek nor the evidence gives one")
      ->group(snp);
  verify
      ->add_option("--kds-url", options->kds_url,
                   "Ask this AMD KDS (https://kdsintf.amd.com) or mirror for a VCEK not found "
                   "otherwise; kept in --vcek-store when given")
      ->group(snp);
  verify
      ->add_option("--ca-chain", options->ca_chain,
                   "PEM: ASK (or ASVK) then ARK; default: Veil's bundled AMD roots for the product")
      ->group(snp);
  verify
      ->add_option("--report-data", options->report_data,
                   "Expected REPORT_DATA (snp) or REPORTDATA (tdx, sgx), hex (up to 64 bytes, "
                   "zero-padded to 64)")
      ->group(snp);
  verify
      ->add_option("--at", options->at,
                   "RFC 3339 time at which certificates (snp), and certificates, CRLs and "
                   "collateral (tdx, sgx) must be valid (default: now)")
      ->group(snp);

  const std::string dcap = "Intel TDX and SGX DCAP quotes (--tee tdx, --tee sgx)";
  verify
      ->add_option("--quote", options->quote,
                   "The quote: TDX v4 or v5, SGX v3 (trailing buffer bytes are ignored)")
      ->group(dcap);
  verify
      ->add_option("--collateral", options->collateral,
                   "Collateral bundle directory (docs/formats/dcap-collateral.md) or one "
                   "dcap-qvl collateral JSON file")
      ->group(dcap);
  verify
      ->add_option("--eventlog", options->eventlog,
                   "TDX only: the CCEL log area (/sys/firmware/acpi/tables/data/CCEL), replayed "
                   "against the verified quote's RTMRs; its boot claims appear under \"ccel\"")
      ->check(CLI::ExistingFile)
      ->group(dcap);

  const std::string tpm = "TPM 2.0 quote (--tee tpm), the files tpm2_quote writes";
  verify
      ->add_option("--ak", options->ak,
                   "AK public key: PEM/DER SubjectPublicKeyInfo, TPM2B_PUBLIC or TPMT_PUBLIC")
      ->group(tpm);
  verify->add_option("--message", options->message, "TPMS_ATTEST (tpm2_quote -m)")->group(tpm);
  verify->add_option("--signature", options->signature, "TPMT_SIGNATURE (tpm2_quote -s)")
      ->group(tpm);
  verify
      ->add_option("--pcrs", options->pcrs,
                   "PCR values (tpm2_quote -o, serialized or values format)")
      ->group(tpm);
  verify->add_option("--nonce", options->nonce, "Expected qualifying data (extraData), hex")
      ->group(tpm);
  verify->add_option("--pcr-list", options->pcr_list, "Expected PCR selection, e.g. sha256:0,1,7")
      ->group(tpm);

  verify
      ->add_option("--evidence", options->evidence,
                   "CoCo's evidence JSON as a guest sends it (the primary_evidence object, or a "
                   "whole /attest body); for snp it replaces --report, and --vcek is needed only "
                   "when its cert_chain is null; for tpm it replaces --ak/--message/--signature/"
                   "--pcrs; required for sample")
      ->group("CoCo evidence (any --tee)");

  verify->callback([options, &exit_code] { exit_code = Run(*options); });
}

}  // namespace veil::cli
