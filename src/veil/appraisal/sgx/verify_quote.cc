#include "veil/appraisal/sgx/verify_quote.h"

#include "veil/appraisal/dcap/quote_appraisal.h"
#include "veil/appraisal/sgx/quote_claims.h"
#include "veil/evidence/sgx/quote.h"

namespace veil::appraisal::sgx {
namespace {

// What the shared DCAP verification needs of an enclave quote: its signed part and its signature
// data (SGX has no TDX TCB).
dcap::DcapQuote DcapView(const dcap::QuoteInput& input, const evidence::sgx::Quote& quote) {
  return {endorsement::intel::TeeKind::kSgx, evidence::sgx::SignedPart(input.quote, quote),
          quote.signature_data, std::nullopt, input.intel_root};
}

}  // namespace

Result<VerifiedClaims> VerifyQuote(const QuoteInput& input) {
  VEIL_ASSIGN_OR_RETURN(
      nlohmann::json claims,
      dcap::AppraiseQuote(input, "sgx", evidence::sgx::ParseQuote, DcapView, QuoteClaims));
  return VerifiedClaims(ClaimsKey(), "sgx", std::move(claims));
}

}  // namespace veil::appraisal::sgx
