#pragma once
// The attestation result the trustee returned from /attest: an EAR JWT the agent presents as a
// Bearer token for resources. The agent does not verify its signature — the trustee re-verifies
// it on every use, and only an https:// channel with a pinned key or CA proves who issued it; it
// reads the claims to know until when the token is usable and, when the trustee was not
// satisfied, why.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/base/clock.h"
#include "veil/base/result.h"

namespace veil::agent {

struct AttestationToken {
  std::string jwt;
  TimePoint expires_at;                     // the `exp` claim
  std::string status;                       // "affirming", "warning", "contraindicated", ...
  std::vector<std::string> denial_reasons;  // the trustee's "veil.denial-reasons", when any
  nlohmann::json claims;                    // the whole payload

  // True until 30 s before `exp`, so a cached token is not sent just as it expires.
  bool UsableAt(TimePoint now) const;
};

// kMalformed when `jwt` is not a JWT with a JSON payload that has a numeric `exp` and an EAR
// status (submods.*."ear.status").
Result<AttestationToken> ReadAttestationToken(std::string_view jwt);

}  // namespace veil::agent
