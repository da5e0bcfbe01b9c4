#pragma once
// What the trustee does with verified claims before it answers /attest (kbs/rcar_service.cc):
// the default attestation policy over the reference values, the EAR claims and their ES256
// signature. The benchmarks add it to a verifier to time a whole appraisal.

#include <string>

#include <nlohmann/json.hpp>

#include "veil/appraisal/verified_claims.h"
#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/policy/attestation_policy.h"
#include "veil/policy/reference_values.h"
#include "veil/token/ear_token.h"

namespace veil::bench {

class AppraisalPipeline {
 public:
  // A fresh token key and TEE key; aborts when OpenSSL cannot make them.
  AppraisalPipeline();

  // The signed EAR token for `claims`; kPolicyDenied when the policy does not affirm them (the
  // benchmarks appraise genuine evidence with its reference values enrolled, so a denial is a bug).
  Result<std::string> Finish(const appraisal::VerifiedClaims& claims,
                             const policy::ReferenceValueSet& references, ByteSpan report_data,
                             TimePoint now) const;

 private:
  policy::AttestationPolicy policy_;
  token::EarSigner signer_;
  nlohmann::json tee_pubkey_;  // the JWK a guest would send
  std::string nonce_;
};

}  // namespace veil::bench
