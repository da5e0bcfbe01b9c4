#include "veil/appraisal/tdx/verify_quote.h"

#include "veil/appraisal/dcap/quote_appraisal.h"
#include "veil/appraisal/tdx/ccel_replay.h"
#include "veil/appraisal/tdx/quote_claims.h"
#include "veil/evidence/tdx/quote.h"

namespace veil::appraisal::tdx {
namespace {

// What the shared DCAP verification needs of a TD quote: its signed part, its signature data and
// the TDX TCB (TEE_TCB_SVN and the TDX module's identity).
dcap::DcapQuote DcapView(const dcap::QuoteInput& input, const evidence::tdx::Quote& quote) {
  return {
      endorsement::intel::TeeKind::kTdx, evidence::tdx::SignedPart(input.quote, quote),
      quote.signature_data,
      dcap::TdxTcb{quote.body.tee_tcb_svn, quote.body.mr_signer_seam, quote.body.seam_attributes},
      input.intel_root};
}

}  // namespace

Result<VerifiedClaims> VerifyQuote(const QuoteInput& input) {
  // The CC event log, when sent, is replayed last: against RTMRs the quote's signature covers.
  const auto claims_of = [&input](const evidence::tdx::Quote& quote) -> Result<nlohmann::json> {
    nlohmann::json claims = QuoteClaims(quote);
    if (input.cc_eventlog) {
      VEIL_ASSIGN_OR_RETURN(const CcelReplay replay,
                            ReplayCcel(*input.cc_eventlog, quote.body.rtmr));
      claims["ccel"] = CcelClaims(replay);
    }
    return claims;
  };
  VEIL_ASSIGN_OR_RETURN(
      nlohmann::json claims,
      dcap::AppraiseQuote(input, "tdx", evidence::tdx::ParseQuote, DcapView, claims_of));
  return VerifiedClaims(ClaimsKey(), "tdx", std::move(claims));
}

}  // namespace veil::appraisal::tdx
