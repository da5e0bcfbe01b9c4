#pragma once
// VerifiedClaims: the normalized claim set of evidence whose authenticity has been checked.
// The claims are JSON (the same object `veil evidence verify --json` prints under "claims");
// reference values name them as "<tee>.<path>" (e.g. "snp.measurement", "tpm.pcrs.sha256.23").
//
// Who can make them is decided by the compiler, not by convention: the constructor needs a
// ClaimsKey, and a ClaimsKey can only be made by the verifiers' entry points below, each of which
// makes one only after every check of its TEE's evidence has passed. policy/, kbs/ and tests
// cannot mint claims; tests that need claims without evidence use the test-only door
// veil::testing::UncheckedClaimsForTest (src/veil/testing/unchecked_claims.h), a library that no
// shipped binary links.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::appraisal {

class VerifiedClaims;

namespace snp {
struct ReportInput;
Result<VerifiedClaims> VerifyReport(const ReportInput& input);
}  // namespace snp
namespace tpm {
struct QuoteInput;
Result<VerifiedClaims> VerifyQuote(const QuoteInput& input);
}  // namespace tpm
namespace tdx {
struct QuoteInput;
Result<VerifiedClaims> VerifyQuote(const QuoteInput& input);
}  // namespace tdx
namespace sgx {
struct QuoteInput;
Result<VerifiedClaims> VerifyQuote(const QuoteInput& input);
}  // namespace sgx
namespace sample {
Result<VerifiedClaims> VerifySample(std::string_view evidence_json,
                                    const std::optional<Bytes>& expected_report_data);
}  // namespace sample

}  // namespace veil::appraisal

namespace veil::testing {
appraisal::VerifiedClaims UncheckedClaimsForTest(std::string tee, nlohmann::json claims);
}  // namespace veil::testing

namespace veil::appraisal {

// Pass key: holding one is the permission to construct VerifiedClaims.
class ClaimsKey {
 private:
  ClaimsKey() = default;

  friend Result<VerifiedClaims> snp::VerifyReport(const snp::ReportInput& input);
  friend Result<VerifiedClaims> tpm::VerifyQuote(const tpm::QuoteInput& input);
  friend Result<VerifiedClaims> tdx::VerifyQuote(const tdx::QuoteInput& input);
  friend Result<VerifiedClaims> sgx::VerifyQuote(const sgx::QuoteInput& input);
  friend Result<VerifiedClaims> sample::VerifySample(
      std::string_view evidence_json, const std::optional<Bytes>& expected_report_data);
  friend VerifiedClaims testing::UncheckedClaimsForTest(std::string tee, nlohmann::json claims);
};

class VerifiedClaims {
 public:
  VerifiedClaims(ClaimsKey /*only verifiers hold one*/, std::string tee, nlohmann::json claims)
      : tee_(std::move(tee)), claims_(std::move(claims)) {}

  std::string_view tee() const { return tee_; }
  const nlohmann::json& claims() const { return claims_; }

 private:
  std::string tee_;
  nlohmann::json claims_;
};

}  // namespace veil::appraisal
