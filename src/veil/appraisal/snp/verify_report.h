#pragma once
// Appraisal of one SEV-SNP attestation report against its VCEK or VLEK.

#include <optional>
#include <vector>

#include "veil/appraisal/snp/verified_chain_cache.h"
#include "veil/appraisal/verified_claims.h"
#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"

namespace veil::appraisal::snp {

struct ReportInput {
  ByteSpan report;                    // the raw 1184-byte ATTESTATION_REPORT
  const crypto::Certificate& signer;  // VCEK or VLEK (as SIGNING_KEY says)
  // [ASK or ASVK, ARK]; when absent, Veil's bundled AMD chain for the signer's product.
  std::optional<std::vector<crypto::Certificate>> ca_chain;
  // Expected REPORT_DATA, at most 64 bytes, compared after zero-padding to 64.
  std::optional<Bytes> expected_report_data;
  const Clock& clock;  // certificates must be valid at clock.Now()
  // Chains verified before (nullptr: verify the chain every time). A chain found here and valid
  // at clock.Now() is not verified again; a chain that verifies is added.
  VerifiedChainCache* chains = nullptr;
};

// Checks, in order: report structure; SIGNATURE_ALGO; the signer's kind (VCEK/VLEK) and product;
// the signer's chain to the ARK at clock.Now(); the report signature (ECDSA P-384, SHA-384, r and
// s little-endian); the signer's SPL extensions against REPORTED_TCB; hwID against CHIP_ID (VCEK);
// REPORT_DATA when expected. The first failure is returned with context "snp". With a cache, a
// chain it holds skips the chain check and the extension parse; the result is the same.
Result<VerifiedClaims> VerifyReport(const ReportInput& input);

}  // namespace veil::appraisal::snp
