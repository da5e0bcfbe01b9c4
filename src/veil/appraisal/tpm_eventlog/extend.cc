#include "veil/appraisal/tpm_eventlog/extend.h"

#include "veil/evidence/tpm_eventlog/event_type.h"

namespace veil::appraisal::tpm_eventlog {

namespace el = evidence::tpm_eventlog;
namespace tpm = evidence::tpm;

crypto::DigestAlgorithm ToDigestAlgorithm(tpm::HashAlg hash) {
  switch (hash) {
    case tpm::HashAlg::kSha1:
      return crypto::DigestAlgorithm::kSha1;
    case tpm::HashAlg::kSha256:
      return crypto::DigestAlgorithm::kSha256;
    case tpm::HashAlg::kSha384:
      return crypto::DigestAlgorithm::kSha384;
    case tpm::HashAlg::kSha512:
      return crypto::DigestAlgorithm::kSha512;
  }
  return crypto::DigestAlgorithm::kSha256;
}

Bytes Extend(tpm::HashAlg hash, ByteSpan pcr, ByteSpan digest) {
  Bytes input(pcr.begin(), pcr.end());
  input.insert(input.end(), digest.begin(), digest.end());
  return crypto::Digest(ToDigestAlgorithm(hash), input);
}

std::optional<Bytes> ExpectedDigestOfData(const el::Event& event, tpm::HashAlg hash) {
  switch (event.type) {
    case el::kEvSeparator:
    case el::kEvAction:
    case el::kEvEfiAction:
    case el::kEvEfiVariableDriverConfig:
      return crypto::Digest(ToDigestAlgorithm(hash), event.data);
    default:
      return std::nullopt;
  }
}

}  // namespace veil::appraisal::tpm_eventlog
