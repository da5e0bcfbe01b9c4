#pragma once
// Appraisal of one Intel TDX DCAP quote (v4 or v5) against offline collateral.

#include <optional>

#include "veil/appraisal/verified_claims.h"
#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/endorsement/intel/collateral.h"
#include "veil/endorsement/intel/root.h"

namespace veil::appraisal::tdx {

struct QuoteInput {
  ByteSpan quote;  // the quote bytes (a fixed-size buffer with trailing bytes is accepted)
  const endorsement::intel::Collateral& collateral;
  TimePoint at;  // the evaluation time: certificates, CRLs and collateral must be valid then
  // Expected REPORTDATA, at most 64 bytes, compared after zero-padding to 64.
  std::optional<Bytes> expected_report_data;
  // The Intel SGX Root CA trusted: the bundled one; tests pass an Intel-like test root
  // (src/veil/testing/intel_test_ca.h) to reach revocations and Revoked levels on purpose.
  const crypto::Certificate& intel_root = endorsement::intel::BundledRoot();
  // The CC event log area the guest sent (CoCo's cc_eventlog), replayed against the quote's
  // RTMRs after every other check (ccel_replay.h); none: no replay and no "ccel" claims.
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
