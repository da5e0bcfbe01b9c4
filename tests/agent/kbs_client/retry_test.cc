#include "veil/agent/kbs_client/retry.h"

#include <gtest/gtest.h>

#include <vector>

namespace veil::agent {
namespace {

using std::chrono::milliseconds;

TEST(Retry, BackoffDoublesUpToTheCap) {
  const RetryPolicy policy{6, milliseconds(100), milliseconds(500)};
  EXPECT_EQ(BackoffBefore(policy, 2), milliseconds(100));
  EXPECT_EQ(BackoffBefore(policy, 3), milliseconds(200));
  EXPECT_EQ(BackoffBefore(policy, 4), milliseconds(400));
  EXPECT_EQ(BackoffBefore(policy, 5), milliseconds(500));
  EXPECT_EQ(BackoffBefore(policy, 6), milliseconds(500));
}

TEST(Retry, UnavailableIsRetriedUntilItSucceeds) {
  std::vector<milliseconds> slept;
  int calls = 0;
  const std::function<Result<int>()> attempt = [&]() -> Result<int> {
    if (++calls < 3) return Fail(Unavailable("connection refused"));
    return 42;
  };
  auto result = WithRetries(
      {5, milliseconds(10), milliseconds(1000)},
      [&](milliseconds pause) -> Status {
        slept.push_back(pause);
        return {};
      },
      "test", attempt);
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, 42);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(slept, (std::vector<milliseconds>{milliseconds(10), milliseconds(20)}));
}

TEST(Retry, GivesUpAfterTheLastAttemptWithTheLastError) {
  int calls = 0;
  const std::function<Result<int>()> attempt = [&]() -> Result<int> {
    return Fail(Unavailable("refused #" + std::to_string(++calls)));
  };
  auto result = WithRetries(
      {3, milliseconds(10), milliseconds(1000)}, [](milliseconds) -> Status { return {}; },
      "attestation to X", attempt);
  ASSERT_FALSE(result);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(result.error().message,
            "attestation to X: gave up after 3 attempts over 30 ms: refused #3");
}

TEST(Retry, AnswersAreNeverRetried) {
  int calls = 0;
  const std::function<Result<int>()> attempt = [&]() -> Result<int> {
    ++calls;
    return Fail(PolicyDenied("the trustee refused"));
  };
  auto result = WithRetries(
      {5, milliseconds(10), milliseconds(1000)},
      [](milliseconds) -> Status {
        ADD_FAILURE() << "slept";
        return {};
      },
      "x", attempt);
  ASSERT_FALSE(result);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(result.error().code, ErrorCode::kPolicyDenied);
}

TEST(Retry, AFailingSleeperEndsTheRetriesWithItsError) {
  int calls = 0;
  const std::function<Result<int>()> attempt = [&]() -> Result<int> {
    ++calls;
    return Fail(Unavailable("connection refused"));
  };
  auto result = WithRetries(
      {5, milliseconds(10), milliseconds(1000)},
      [](milliseconds) -> Status {
        return Fail(Unavailable("interrupted by SIGTERM before the workload was launched"));
      },
      "x", attempt);
  ASSERT_FALSE(result);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(result.error().message, "interrupted by SIGTERM before the workload was launched");
}

}  // namespace
}  // namespace veil::agent
