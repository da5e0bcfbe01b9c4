#include "veil/agent/workload_certificate/renewal_time.h"

#include <algorithm>

namespace veil::agent {

TimePoint RenewalTime(const RenewBefore& renew_before, TimePoint not_before, TimePoint not_after) {
  if (not_after <= not_before) return not_before;
  const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(not_after - not_before);
  const std::chrono::seconds left =
      renew_before.left ? std::min(*renew_before.left, lifetime)
                        : lifetime * renew_before.numerator / renew_before.denominator;
  return not_after - left;
}

std::chrono::milliseconds RenewalRetryPause(unsigned failures) {
  std::chrono::milliseconds pause = kFirstRenewalRetry;
  for (unsigned i = 1; i < failures && pause < kMaxRenewalRetry; ++i) pause *= 2;
  return std::min<std::chrono::milliseconds>(pause, kMaxRenewalRetry);
}

}  // namespace veil::agent
