#include "veil/appraisal/sgx/verify_quote.h"

#include <algorithm>
#include <string>

#include "veil/appraisal/dcap/dcap_claims.h"
#include "veil/appraisal/dcap/report_data.h"
#include "veil/appraisal/dcap/verify_dcap.h"
#include "veil/appraisal/sgx/quote_claims.h"
#include "veil/evidence/sgx/quote.h"

namespace veil::appraisal::sgx {
namespace {

// Every check of the quote; the claims once they all pass.
Result<nlohmann::json> CheckedClaims(const QuoteInput& input) {
  VEIL_ASSIGN_OR_RETURN(const evidence::sgx::Quote quote, evidence::sgx::ParseQuote(input.quote));
  const dcap::DcapQuote dcap_quote{endorsement::intel::TeeKind::kSgx,
                                   evidence::sgx::SignedPart(input.quote, quote),
                                   quote.signature_data, std::nullopt, input.intel_root};
  VEIL_ASSIGN_OR_RETURN(const dcap::DcapVerdict verdict,
                        dcap::VerifyDcapQuote(dcap_quote, input.collateral, input.at));
  VEIL_TRY(dcap::CheckReportData(quote.body.report_data, input.expected_report_data));
  nlohmann::json claims = QuoteClaims(quote);
  dcap::AddDcapClaims(verdict, claims);
  return claims;
}

}  // namespace

Result<VerifiedClaims> VerifyQuote(const QuoteInput& input) {
  auto claims = CheckedClaims(input);
  if (!claims) return Fail(std::move(claims).error().WithContext("sgx"));
  return VerifiedClaims(ClaimsKey(), "sgx", *std::move(claims));
}

}  // namespace veil::appraisal::sgx
