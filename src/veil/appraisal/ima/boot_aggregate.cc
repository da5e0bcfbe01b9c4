#include "veil/appraisal/ima/boot_aggregate.h"

#include "veil/appraisal/tpm_eventlog/extend.h"

namespace veil::appraisal::ima {

namespace tpm = evidence::tpm;

std::optional<Bytes> ExpectedBootAggregate(const tpm::PcrValues& quoted,
                                           std::string_view algorithm) {
  for (const auto& [bank, values] : quoted) {
    if (tpm::HashAlgName(bank) != algorithm) continue;
    const std::uint32_t last = bank == tpm::HashAlg::kSha1 ? 7 : 9;
    Bytes concatenated;
    for (std::uint32_t pcr = 0; pcr <= last; ++pcr) {
      const auto value = values.find(pcr);
      if (value == values.end()) return std::nullopt;
      concatenated.insert(concatenated.end(), value->second.begin(), value->second.end());
    }
    return crypto::Digest(tpm_eventlog::ToDigestAlgorithm(bank), concatenated);
  }
  return std::nullopt;
}

}  // namespace veil::appraisal::ima
