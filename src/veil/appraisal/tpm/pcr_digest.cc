#include "veil/appraisal/tpm/pcr_digest.h"

#include <string>

namespace veil::appraisal::tpm {

using evidence::tpm::HashAlg;

crypto::DigestAlgorithm ToDigestAlgorithm(HashAlg hash) {
  switch (hash) {
    case HashAlg::kSha1:
      return crypto::DigestAlgorithm::kSha1;
    case HashAlg::kSha256:
      return crypto::DigestAlgorithm::kSha256;
    case HashAlg::kSha384:
      return crypto::DigestAlgorithm::kSha384;
    case HashAlg::kSha512:
      return crypto::DigestAlgorithm::kSha512;
  }
  return crypto::DigestAlgorithm::kSha256;
}

Result<Bytes> ComputePcrDigest(const evidence::tpm::PcrSelection& selection,
                               const evidence::tpm::PcrValues& values, HashAlg hash) {
  Bytes concatenated;
  for (const evidence::tpm::PcrBank& bank : selection.banks) {
    const auto bank_values = values.find(bank.hash);
    for (std::uint32_t index : bank.indexes) {
      if (bank_values == values.end() || !bank_values->second.contains(index)) {
        return Fail(Malformed("no value for selected PCR " + std::string(HashAlgName(bank.hash)) +
                              ":" + std::to_string(index)));
      }
      const Bytes& value = bank_values->second.at(index);
      concatenated.insert(concatenated.end(), value.begin(), value.end());
    }
  }
  return crypto::Digest(ToDigestAlgorithm(hash), concatenated);
}

}  // namespace veil::appraisal::tpm
