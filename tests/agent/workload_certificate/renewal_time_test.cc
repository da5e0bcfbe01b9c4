#include "veil/agent/workload_certificate/renewal_time.h"

#include <gtest/gtest.h>

namespace veil::agent {
namespace {

const TimePoint kStart = TimePoint() + std::chrono::hours(24 * 365 * 50);

TEST(RenewalTime, AFractionOfTheLifetimeBeforeTheEnd) {
  const TimePoint end = kStart + std::chrono::hours(24);
  EXPECT_EQ(RenewalTime(RenewBefore{}, kStart, end), kStart + std::chrono::hours(16));
  EXPECT_EQ(RenewalTime(RenewBefore{std::nullopt, 1, 2}, kStart, end),
            kStart + std::chrono::hours(12));
}

TEST(RenewalTime, ADurationBeforeTheEndButNeverBeforeTheStart) {
  const TimePoint end = kStart + std::chrono::hours(24);
  EXPECT_EQ(RenewalTime(RenewBefore{std::chrono::hours(8)}, kStart, end),
            kStart + std::chrono::hours(16));
  EXPECT_EQ(RenewalTime(RenewBefore{std::chrono::hours(48)}, kStart, end), kStart);
  EXPECT_EQ(RenewalTime(RenewBefore{}, end, kStart), end);  // an empty validity period
}

TEST(RenewalTime, RetriesBackOffFromAMinuteToAQuarterOfAnHour) {
  EXPECT_EQ(RenewalRetryPause(1), std::chrono::minutes(1));
  EXPECT_EQ(RenewalRetryPause(2), std::chrono::minutes(2));
  EXPECT_EQ(RenewalRetryPause(4), std::chrono::minutes(8));
  EXPECT_EQ(RenewalRetryPause(5), std::chrono::minutes(15));
  EXPECT_EQ(RenewalRetryPause(1000), std::chrono::minutes(15));
}

}  // namespace
}  // namespace veil::agent
