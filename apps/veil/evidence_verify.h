#pragma once
// `veil evidence verify`: read evidence files, appraise them, print the verdict.
// Exit codes: 0 genuine, 1 rejected (one-line reason), 2 usage error or unreadable file.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "veil/appraisal/verified_claims.h"
#include "veil/base/result.h"

namespace veil::cli {

struct EvidenceVerifyOptions {
  std::string tee;
  bool json = false;
  // snp
  std::string report, vcek, ca_chain, report_data, at;
  std::string vcek_store, kds_url;  // where to find a VCEK neither --vcek nor the evidence gives
  // tpm
  std::string ak, message, signature, pcrs, nonce, pcr_list;
  // tdx, sgx: the quote and the DCAP collateral (bundle directory or dcap-qvl JSON file)
  std::string quote, collateral;
  std::string eventlog;  // tdx: the CCEL log area, replayed against the verified quote's RTMRs
  // CoCo's evidence JSON (every TEE), as a guest sends it in /attest "primary_evidence"
  std::string evidence;
};

// The appraisal outcome: VerifiedClaims when genuine, the rejection otherwise.
using Verdict = Result<appraisal::VerifiedClaims>;

// Reads an evidence JSON file: the evidence object itself, or a whole /attest request body, from
// which "tee-evidence"."primary_evidence" is taken.
Result<nlohmann::json> ReadEvidenceJson(const std::string& path);

// Each returns an error (exit 2) for usage problems and unreadable files, else the verdict.
Result<Verdict> VerifySnpFromFiles(const EvidenceVerifyOptions& options);
Result<Verdict> VerifyTpmFromFiles(const EvidenceVerifyOptions& options);
Result<Verdict> VerifySampleFromFiles(const EvidenceVerifyOptions& options);
enum class DcapTee { kTdx, kSgx };
Result<Verdict> VerifyDcapFromFiles(const EvidenceVerifyOptions& options, DcapTee tee);

// Adds `verify` under `parent`; `exit_code` receives the command's exit status when it runs.
void RegisterEvidenceVerify(CLI::App& parent, int& exit_code);

}  // namespace veil::cli
