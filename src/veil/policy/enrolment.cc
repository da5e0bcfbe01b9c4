#include "veil/policy/enrolment.h"

#include <array>

namespace veil::policy {
namespace {

constexpr std::array kLaunchReferences = {
    LaunchReference{"snp", "snp.measurement",
                    "the SEV-SNP launch digest of the guest image you deploy (48 bytes, hex)"},
    LaunchReference{"tdx", "tdx.mr_td",
                    "the MRTD of the TD firmware (TDVF) of the guest image you deploy (48 bytes, "
                    "hex)"},
    LaunchReference{"sgx", "sgx.mr_enclave",
                    "the MRENCLAVE of the enclave you deploy (32 bytes, hex)"},
    LaunchReference{"tpm", "tpm.ak",
                    "the SHA-256 of the node's TPM attestation key (`veil-agent ak` prints it; "
                    "or the node enrols itself by credential activation, `veil-agent enrol`)"},
};

}  // namespace

std::span<const LaunchReference> LaunchReferences() { return kLaunchReferences; }

std::vector<std::string> MissingLaunchReferenceLines(const ReferenceValueSet& references,
                                                     TimePoint now) {
  std::vector<std::string> lines;
  for (const LaunchReference& reference : kLaunchReferences) {
    if (!references.Lookup(reference.name, now).accepted.empty()) continue;
    lines.push_back("no current reference value " + std::string(reference.name) + ": " +
                    std::string(reference.tee) +
                    " guests are not affirmed and receive no secrets under the default policies "
                    "until the owner enrols " +
                    std::string(reference.what) + " (veil refval add " +
                    std::string(reference.name) + " VALUE)");
  }
  return lines;
}

std::vector<std::string> EnrolmentHints(const Appraisal& appraisal) {
  std::vector<std::string> hints;
  for (const TraceEntry& entry : appraisal.trace) {
    if (entry.skipped || entry.passed || entry.missing_reference.empty()) continue;
    hints.push_back("rule " + entry.rule + " needs reference value " + entry.missing_reference +
                    " and none is current; the guest presented " +
                    entry.found.value_or("no value") + "; enrol the value you expect with: veil " +
                    "refval add " + entry.missing_reference + " VALUE");
  }
  return hints;
}

}  // namespace veil::policy
