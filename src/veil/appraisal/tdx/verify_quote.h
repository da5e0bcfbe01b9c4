#pragma once
// Appraisal of one Intel TDX DCAP quote (v4 or v5) against offline collateral.

#include <optional>

#include "veil/appraisal/dcap/quote_appraisal.h"
#include "veil/appraisal/verified_claims.h"
#include "veil/base/result.h"

namespace veil::appraisal::tdx {

// The shared DCAP input (appraisal/dcap/quote_appraisal.h) and what only a TD has: the CC event
// log area the guest sent (CoCo's cc_eventlog), replayed against the quote's RTMRs after every
// other check (ccel_replay.h); none: no replay and no "ccel" claims.
struct QuoteInput : dcap::QuoteInput {
  std::optional<ByteSpan> cc_eventlog = std::nullopt;
};

// Parses the quote, runs the shared DCAP verification (appraisal/dcap/verify_dcap.h: PCK chain
// and CRLs, FMSPC/PCE-ID, QE report signature, attestation-key binding, quote signature,
// collateral, QE identity TD_QE, TCB level and TDX module), then checks REPORTDATA when
// expected, then replays `cc_eventlog` when given. A genuine quote whose TCB matches a level that
// is not Revoked verifies: the status is the claim `tcb_status` for policy. The first failure is
// returned with context "tdx" and the step. Claims: quote_claims.h and dcap_claims.h, and "ccel"
// (ccel_replay.h) after a replay.
Result<VerifiedClaims> VerifyQuote(const QuoteInput& input);

}  // namespace veil::appraisal::tdx
