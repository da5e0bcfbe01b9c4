#include "veil/appraisal/tdx/verify_quote.h"

#include <algorithm>
#include <string>

#include "veil/appraisal/dcap/dcap_claims.h"
#include "veil/appraisal/dcap/report_data.h"
#include "veil/appraisal/dcap/verify_dcap.h"
#include "veil/appraisal/tdx/ccel_replay.h"
#include "veil/appraisal/tdx/quote_claims.h"
#include "veil/evidence/tdx/quote.h"

namespace veil::appraisal::tdx {
namespace {

// Every check of the quote; the claims once they all pass.
Result<nlohmann::json> CheckedClaims(const QuoteInput& input) {
  VEIL_ASSIGN_OR_RETURN(const evidence::tdx::Quote quote, evidence::tdx::ParseQuote(input.quote));
  const dcap::DcapQuote dcap_quote{
      endorsement::intel::TeeKind::kTdx, evidence::tdx::SignedPart(input.quote, quote),
      quote.signature_data,
      dcap::TdxTcb{quote.body.tee_tcb_svn, quote.body.mr_signer_seam, quote.body.seam_attributes},
      input.intel_root};
  VEIL_ASSIGN_OR_RETURN(const dcap::DcapVerdict verdict,
                        dcap::VerifyDcapQuote(dcap_quote, input.collateral, input.at));
  VEIL_TRY(dcap::CheckReportData(quote.body.report_data, input.expected_report_data));
  nlohmann::json claims = QuoteClaims(quote);
  dcap::AddDcapClaims(verdict, claims);
  if (input.cc_eventlog) {
    VEIL_ASSIGN_OR_RETURN(const CcelReplay replay, ReplayCcel(*input.cc_eventlog, quote.body.rtmr));
    claims["ccel"] = CcelClaims(replay);
  }
  return claims;
}

}  // namespace

Result<VerifiedClaims> VerifyQuote(const QuoteInput& input) {
  auto claims = CheckedClaims(input);
  if (!claims) return Fail(std::move(claims).error().WithContext("tdx"));
  return VerifiedClaims(ClaimsKey(), "tdx", *std::move(claims));
}

}  // namespace veil::appraisal::tdx
