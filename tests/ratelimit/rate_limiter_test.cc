// The token bucket per client, on a clock the test moves (no sleeps).

#include "veil/ratelimit/rate_limiter.h"

#include <gtest/gtest.h>

#include <thread>

namespace veil::ratelimit {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const TimePoint kT0 = TimePoint{} + std::chrono::hours(24 * 365 * 56);

class RateLimiterTest : public ::testing::Test {
 protected:
  void Advance(std::chrono::system_clock::duration by) { clock_.Set(clock_.Now() + by); }

  FixedClock clock_{kT0};
};

TEST_F(RateLimiterTest, AdmitsABurstThenRefusesWithTheWaitForTheNextToken) {
  RateLimiter limiter(clock_, {.per_second = 2, .burst = 5});
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Admit("10.0.0.1").admitted) << i;
  const Decision refused = limiter.Admit("10.0.0.1");
  EXPECT_FALSE(refused.admitted);
  EXPECT_EQ(refused.retry_after, seconds(1));  // half a second to one token, rounded up
  Advance(milliseconds(499));
  EXPECT_FALSE(limiter.Admit("10.0.0.1").admitted);
  Advance(milliseconds(1));
  EXPECT_TRUE(limiter.Admit("10.0.0.1").admitted);
  EXPECT_FALSE(limiter.Admit("10.0.0.1").admitted);
}

TEST_F(RateLimiterTest, RefillsAtTheRateUpToTheBurstOnly) {
  RateLimiter limiter(clock_, {.per_second = 10, .burst = 3});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Admit("a").admitted);
  Advance(std::chrono::hours(1));  // an hour of refill is still only a burst of 3
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("a").admitted) << i;
  EXPECT_FALSE(limiter.Admit("a").admitted);
}

TEST_F(RateLimiterTest, ASlowRateNamesAWaitOfSeveralSeconds) {
  RateLimiter limiter(clock_, {.per_second = 0.25, .burst = 1});
  ASSERT_TRUE(limiter.Admit("a").admitted);
  EXPECT_EQ(limiter.Admit("a").retry_after, seconds(4));
  Advance(seconds(3));
  EXPECT_EQ(limiter.Admit("a").retry_after, seconds(1));
}

TEST_F(RateLimiterTest, ClientsHaveTheirOwnBuckets) {
  RateLimiter limiter(clock_, {.per_second = 1, .burst = 2});
  ASSERT_TRUE(limiter.Admit("a").admitted);
  ASSERT_TRUE(limiter.Admit("a").admitted);
  EXPECT_FALSE(limiter.Admit("a").admitted);
  EXPECT_TRUE(limiter.Admit("b").admitted);
  EXPECT_TRUE(limiter.Admit("b").admitted);
  EXPECT_FALSE(limiter.Admit("b").admitted);
}

TEST_F(RateLimiterTest, AClockGoingBackwardsAddsNoTokens) {
  RateLimiter limiter(clock_, {.per_second = 1, .burst = 1});
  ASSERT_TRUE(limiter.Admit("a").admitted);
  Advance(-std::chrono::hours(1));
  EXPECT_FALSE(limiter.Admit("a").admitted);
  Advance(std::chrono::hours(1));  // back where it was: still no time has passed for the bucket
  EXPECT_FALSE(limiter.Admit("a").admitted);
  Advance(seconds(1));
  EXPECT_TRUE(limiter.Admit("a").admitted);
}

TEST_F(RateLimiterTest, RemembersAtMostMaxClientsAndForgetsRefilledOnes) {
  RateLimiter limiter(clock_, {.per_second = 1, .burst = 2, .max_clients = 3});
  for (const char* client : {"a", "b", "c"}) ASSERT_TRUE(limiter.Admit(client).admitted);
  EXPECT_EQ(limiter.size(), 3u);
  // Three partly drained buckets: a fourth client waits for the next sweep, nobody is reset.
  const Decision refused = limiter.Admit("d");
  EXPECT_FALSE(refused.admitted);
  EXPECT_GE(refused.retry_after, seconds(1));
  EXPECT_EQ(limiter.size(), 3u);
  // One second later every bucket is full again and forgotten; the newcomer gets one.
  Advance(seconds(1));
  EXPECT_TRUE(limiter.Admit("d").admitted);
  EXPECT_EQ(limiter.size(), 1u);
}

TEST_F(RateLimiterTest, ADrainedClientIsNotForgottenBySweeps) {
  RateLimiter limiter(clock_, {.per_second = 0.1, .burst = 2, .max_clients = 2});
  ASSERT_TRUE(limiter.Admit("a").admitted);
  ASSERT_TRUE(limiter.Admit("a").admitted);
  for (int i = 0; i < 5; ++i) {
    Advance(seconds(1));
    EXPECT_FALSE(limiter.Admit("a").admitted) << i;  // sweeps keep the drained bucket
  }
  Advance(seconds(5));  // 10 s in all: one token back
  EXPECT_TRUE(limiter.Admit("a").admitted);
}

TEST_F(RateLimiterTest, ConcurrentClientsNeverExceedTheBurst) {
  RateLimiter limiter(clock_, {.per_second = 1, .burst = 50});
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i)
        if (limiter.Admit("shared").admitted) ++admitted;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), 50);  // the clock stood still: exactly the burst
}

}  // namespace
}  // namespace veil::ratelimit
