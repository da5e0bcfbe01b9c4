#include "veil/appraisal/ima/template_hash.h"

#include "veil/appraisal/tpm_eventlog/extend.h"

namespace veil::appraisal::ima {

Bytes TemplateHash(const evidence::ima::Entry& entry, crypto::DigestAlgorithm algorithm) {
  return crypto::Digest(algorithm, evidence::ima::TemplateData(entry));
}

Bytes ExtendedDigest(const evidence::ima::Entry& entry, evidence::tpm::HashAlg bank) {
  if (entry.IsViolation()) return Bytes(evidence::tpm::HashAlgDigestSize(bank), 0xFF);
  return TemplateHash(entry, tpm_eventlog::ToDigestAlgorithm(bank));
}

}  // namespace veil::appraisal::ima
