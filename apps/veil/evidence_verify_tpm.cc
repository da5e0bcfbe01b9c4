#include "evidence_verify.h"

namespace veil::cli {

Result<Verdict> VerifyTpmFromFiles(const EvidenceVerifyOptions&) {
  return Fail(Unsupported("TPM verification is not built yet"));
}

}  // namespace veil::cli
