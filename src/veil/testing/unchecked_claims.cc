#include "veil/testing/unchecked_claims.h"

namespace veil::testing {

appraisal::VerifiedClaims UncheckedClaimsForTest(std::string tee, nlohmann::json claims) {
  return appraisal::VerifiedClaims(appraisal::ClaimsKey(), std::move(tee), std::move(claims));
}

}  // namespace veil::testing
