#pragma once
// The time claims of a JWT (RFC 7519 sections 4.1.4-4.1.6), checked at an instant the caller
// supplies (an injected Clock), never the wall clock.

#include <chrono>
#include <nlohmann/json.hpp>

#include "veil/base/clock.h"
#include "veil/base/result.h"

namespace veil::crypto::jose {

// "exp" is required; "nbf" and "iat" are optional. Each present one must be a JSON number
// (NumericDate: seconds since the epoch, fractions allowed) else kMalformed. With `leeway`
// (>= 0, else kInvalidArgument) for clock skew, fails with kVerificationFailed when
//   now >= exp + leeway (expired), now < nbf - leeway (not yet valid),
//   iat > now + leeway (issued in the future).
Status CheckJwtTimes(const nlohmann::json& claims, TimePoint now, std::chrono::seconds leeway);

}  // namespace veil::crypto::jose
