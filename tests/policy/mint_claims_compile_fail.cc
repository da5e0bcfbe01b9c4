// Must NOT compile (ctest policy_cannot_mint_verified_claims): outside the verifiers and the
// test-only door, nothing can make the ClaimsKey that VerifiedClaims' constructor takes.
#include "veil/appraisal/verified_claims.h"

namespace veil::policy {

appraisal::VerifiedClaims Mint() {
  return appraisal::VerifiedClaims(appraisal::ClaimsKey(), "snp", nlohmann::json::object());
}

}  // namespace veil::policy
