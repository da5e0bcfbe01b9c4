#pragma once
// TEST-ONLY. The one door to VerifiedClaims that skips the verifiers, for tests of policy/ and kbs/
// that need a claim set without hardware evidence. It lives in its own library,
// veil::testing_claims, which only test binaries link; production code that included this header
// would fail to link.

#include <nlohmann/json.hpp>
#include <string>

#include "veil/appraisal/verified_claims.h"

namespace veil::testing {

// Claims that no verifier checked, presented as verified for tee `tee` (e.g. "snp").
appraisal::VerifiedClaims UncheckedClaimsForTest(std::string tee, nlohmann::json claims);

}  // namespace veil::testing
