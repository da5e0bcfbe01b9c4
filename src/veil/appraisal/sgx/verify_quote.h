#pragma once
// Appraisal of one Intel SGX DCAP quote (v3) against offline collateral.

#include "veil/appraisal/dcap/quote_appraisal.h"
#include "veil/appraisal/verified_claims.h"
#include "veil/base/result.h"

namespace veil::appraisal::sgx {

// The shared DCAP input (appraisal/dcap/quote_appraisal.h), a type of its own so that the
// verifier is named by what it takes.
struct QuoteInput : dcap::QuoteInput {};

// Parses the quote, runs the shared DCAP verification (appraisal/dcap/verify_dcap.h: PCK chain
// and CRLs, FMSPC/PCE-ID, QE report signature, attestation-key binding, quote signature,
// collateral, QE identity QE, TCB level), then checks REPORTDATA when
// expected. A genuine quote whose TCB matches a level that is not Revoked verifies: the status
// is the claim `tcb_status` for policy. The first failure is returned with context "sgx" and
// the step. Claims: quote_claims.h and dcap_claims.h.
Result<VerifiedClaims> VerifyQuote(const QuoteInput& input);

}  // namespace veil::appraisal::sgx
