#pragma once
// When the agent renews the workload certificate, and how long it waits after a failed renewal.

#include <chrono>

#include "veil/agent/config/certificate_config.h"
#include "veil/base/clock.h"

namespace veil::agent {

// The instant `renew_before` of the validity period [not_before, not_after] is left: not_after
// minus the duration, or minus numerator/denominator of the lifetime. Never before not_before.
TimePoint RenewalTime(const RenewBefore& renew_before, TimePoint not_before, TimePoint not_after);

inline constexpr std::chrono::minutes kFirstRenewalRetry{1};
// After a renewal the next one waits at least this long, even when renew_before asks for more
// than the lifetime (renewing at once, again and again).
inline constexpr std::chrono::minutes kMinRenewalInterval{1};
inline constexpr std::chrono::minutes kMaxRenewalRetry{15};

// The pause after `failures` (1, 2, ...) failed renewals in a row: 1 minute, doubling, at most 15.
std::chrono::milliseconds RenewalRetryPause(unsigned failures);

}  // namespace veil::agent
