#pragma once
// One DCAP quote appraisal as TDX and SGX share it: the input they take and the order of the
// steps (parse, the DCAP verification of verify_dcap.h, REPORTDATA, claims). Each of
// appraisal/tdx and appraisal/sgx supplies its parser, the DcapQuote view of its parsed quote and
// its claim builder, and makes the VerifiedClaims.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "veil/appraisal/dcap/dcap_claims.h"
#include "veil/appraisal/dcap/report_data.h"
#include "veil/appraisal/dcap/verify_dcap.h"
#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/endorsement/intel/collateral.h"
#include "veil/endorsement/intel/root.h"

namespace veil::appraisal::dcap {

struct QuoteInput {
  ByteSpan quote;  // the quote bytes (a fixed-size buffer with trailing bytes is accepted)
  const endorsement::intel::Collateral& collateral;
  TimePoint at;  // the evaluation time: certificates, CRLs and collateral must be valid then
  // Expected REPORTDATA, at most 64 bytes, compared after zero-padding to 64.
  std::optional<Bytes> expected_report_data;
  // The Intel SGX Root CA trusted: the bundled one; tests pass an Intel-like test root
  // (src/veil/testing/intel_test_ca.h) to reach revocations and Revoked levels on purpose.
  const crypto::Certificate& intel_root = endorsement::intel::BundledRoot();
};

// Parses `input.quote` with `parse` (bytes → Result<Quote>, the Quote having body.report_data),
// verifies the DcapQuote that `view(input, quote)` makes of it, checks REPORTDATA when expected,
// and returns `claims_of(quote)` (claims, or a Result of them) with the DCAP claims added
// (dcap_claims.h). The first failure is
// returned with context `tee` and the step.
template <class Parse, class View, class ClaimsOf>
Result<nlohmann::json> AppraiseQuote(const QuoteInput& input, const std::string& tee, Parse parse,
                                     View view, ClaimsOf claims_of) {
  auto checked = [&]() -> Result<nlohmann::json> {
    VEIL_ASSIGN_OR_RETURN(const auto quote, parse(input.quote));
    VEIL_ASSIGN_OR_RETURN(const DcapVerdict verdict,
                          VerifyDcapQuote(view(input, quote), input.collateral, input.at));
    VEIL_TRY(CheckReportData(quote.body.report_data, input.expected_report_data));
    // `claims_of` returns the claims, or a Result of them when it has checks of its own.
    VEIL_ASSIGN_OR_RETURN(nlohmann::json claims, Result<nlohmann::json>(claims_of(quote)));
    AddDcapClaims(verdict, claims);
    return claims;
  }();
  if (!checked) return Fail(std::move(checked).error().WithContext(tee));
  return checked;
}

}  // namespace veil::appraisal::dcap
