#include "evidence_verify.h"
#include "veil/appraisal/sample/verify_sample.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"

namespace veil::cli {

Result<Verdict> VerifySampleFromFiles(const EvidenceVerifyOptions& options) {
  if (options.evidence.empty()) return Fail(InvalidArgument("--tee sample needs --evidence FILE"));
  VEIL_ASSIGN_OR_RETURN(std::string evidence, ReadFileText(options.evidence));
  std::optional<Bytes> report_data;
  if (!options.report_data.empty()) {
    auto decoded = HexDecode(options.report_data);
    if (!decoded) return Fail(InvalidArgument("--report-data: " + decoded.error().message));
    report_data = std::move(*decoded);
  }
  return Verdict(appraisal::sample::VerifySample(evidence, report_data));
}

}  // namespace veil::cli
