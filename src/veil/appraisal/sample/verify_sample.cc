#include "veil/appraisal/sample/verify_sample.h"

#include "veil/base/hex.h"
#include "veil/crypto/secret_bytes.h"
#include "veil/evidence/sample/sample_evidence.h"

namespace veil::appraisal::sample {

Result<VerifiedClaims> VerifySample(std::string_view evidence_json,
                                    const std::optional<Bytes>& expected_report_data) {
  VEIL_ASSIGN_OR_RETURN(evidence::sample::SampleEvidence evidence,
                        evidence::sample::ParseSampleEvidence(evidence_json));
  Bytes report_data = evidence.report_data;
  report_data.resize(64, 0);
  if (expected_report_data) {
    if (expected_report_data->size() > 64) {
      return Fail(Error{ErrorCode::kInvalidArgument, "expected report data longer than 64 bytes",
                        "sample"});
    }
    Bytes expected = *expected_report_data;
    expected.resize(64, 0);
    if (!crypto::ConstantTimeEquals(expected, report_data)) {
      return Fail(Error{ErrorCode::kVerificationFailed,
                        "report_data mismatch: expected " + HexEncode(expected) + ", got " +
                            HexEncode(report_data),
                        "sample"});
    }
  }
  nlohmann::json claims = {
      {"insecure", true}, {"svn", evidence.svn}, {"report_data", HexEncode(report_data)}};
  return VerifiedClaims(ClaimsKey(), "sample", std::move(claims));
}

}  // namespace veil::appraisal::sample
