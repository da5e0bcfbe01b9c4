#include "veil/policy/enrolment.h"

#include <algorithm>
#include <array>

namespace veil::policy {
namespace {

constexpr std::array<std::string_view, 2> kSgxSigner = {"sgx.mr_signer", "sgx.isv_prod_id"};

constexpr std::array kLaunchReferences = {
    LaunchReference{"snp", "snp.measurement",
                    "the SEV-SNP launch digest of the guest image you deploy (48 bytes, hex)"},
    LaunchReference{"tdx", "tdx.mr_td",
                    "the MRTD of the TD firmware (TDVF) of the guest image you deploy (48 bytes, "
                    "hex)"},
    LaunchReference{
        "sgx", "sgx.mr_enclave", "the MRENCLAVE of the enclave you deploy (32 bytes, hex)",
        kSgxSigner,
        "the MRSIGNER (32 bytes, hex) and ISVPRODID (an integer) of the key and product "
        "it is signed as, optionally with sgx.min_isv_svn, the lowest ISVSVN accepted"},
    LaunchReference{"tpm", "tpm.ak",
                    "the SHA-256 of the node's TPM attestation key (`veil-agent ak` prints it; "
                    "or the node enrols itself by credential activation, `veil-agent enrol`)"},
};

bool IsCurrent(const ReferenceValueSet& references, std::string_view name, TimePoint now) {
  return !references.Lookup(name, now).accepted.empty();
}

bool IsEnrolled(const LaunchReference& reference, const ReferenceValueSet& references,
                TimePoint now) {
  if (IsCurrent(references, reference.name, now)) return true;
  return !reference.instead.empty() &&
         std::all_of(reference.instead.begin(), reference.instead.end(),
                     [&](std::string_view name) { return IsCurrent(references, name, now); });
}

// "(veil refval add NAME VALUE)", and the commands of the `instead` form when there is one.
std::string EnrolCommands(const LaunchReference& reference) {
  std::string text =
      std::string(reference.what) + " (veil refval add " + std::string(reference.name) + " VALUE)";
  if (reference.instead.empty()) return text;
  text += ", or " + std::string(reference.instead_what) + " (";
  for (std::size_t i = 0; i < reference.instead.size(); ++i) {
    text += (i == 0 ? "" : "; ") + std::string("veil refval add ") +
            std::string(reference.instead[i]) + " VALUE";
  }
  return text + ")";
}

}  // namespace

std::span<const LaunchReference> LaunchReferences() { return kLaunchReferences; }

std::vector<std::string> MissingLaunchReferenceLines(const ReferenceValueSet& references,
                                                     TimePoint now) {
  std::vector<std::string> lines;
  for (const LaunchReference& reference : kLaunchReferences) {
    if (IsEnrolled(reference, references, now)) continue;
    lines.push_back("no current reference value " + std::string(reference.name) + ": " +
                    std::string(reference.tee) +
                    " guests are not affirmed and receive no secrets under the default policies "
                    "until the owner enrols " +
                    EnrolCommands(reference));
  }
  return lines;
}

std::vector<std::string> EnrolmentHints(const Appraisal& appraisal) {
  std::vector<std::string> hints;
  for (const TraceEntry& entry : appraisal.trace) {
    if (entry.skipped || entry.passed || entry.overruled || entry.missing_reference.empty())
      continue;
    hints.push_back("rule " + entry.rule + " needs reference value " + entry.missing_reference +
                    " and none is current; the guest presented " +
                    entry.found.value_or("no value") + "; enrol the value you expect with: veil " +
                    "refval add " + entry.missing_reference + " VALUE");
  }
  return hints;
}

}  // namespace veil::policy
