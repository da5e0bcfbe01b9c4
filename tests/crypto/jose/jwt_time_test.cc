#include "veil/crypto/jose/jwt_time.h"

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"

namespace veil::crypto::jose {
namespace {

using nlohmann::json;
using std::chrono::seconds;

const TimePoint kNow = ParseRfc3339("2026-01-01T00:00:00Z").value();
const long long kNowSeconds = 1767225600;

TEST(JwtTimes, AcceptsATokenInsideItsWindow) {
  EXPECT_EQ(std::chrono::system_clock::to_time_t(kNow), kNowSeconds);
  EXPECT_TRUE(CheckJwtTimes(json{{"exp", kNowSeconds + 300}}, kNow, seconds(0)));
  EXPECT_TRUE(
      CheckJwtTimes(json{{"iat", kNowSeconds}, {"nbf", kNowSeconds}, {"exp", kNowSeconds + 1}},
                    kNow, seconds(0)));
  EXPECT_TRUE(
      CheckJwtTimes(json{{"exp", kNowSeconds + 0.5}}, kNow, seconds(0)));  // fractional NumericDate
}

TEST(JwtTimes, ExpiresAtExpExactlyUnlessLeewayAllows) {
  auto expired = CheckJwtTimes(json{{"exp", kNowSeconds}}, kNow, seconds(0));
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(expired.error().message,
            "JWT expired at 2026-01-01T00:00:00Z, now is 2026-01-01T00:00:00Z");
  EXPECT_TRUE(CheckJwtTimes(json{{"exp", kNowSeconds}}, kNow, seconds(30)));
  EXPECT_FALSE(CheckJwtTimes(json{{"exp", kNowSeconds - 30}}, kNow, seconds(30)));
}

TEST(JwtTimes, NotBeforeAndIssuedInTheFuture) {
  const json base = {{"exp", kNowSeconds + 3600}};
  json nbf = base;
  nbf["nbf"] = kNowSeconds + 60;
  EXPECT_EQ(CheckJwtTimes(nbf, kNow, seconds(0)).error().message,
            "JWT not valid before 2026-01-01T00:01:00Z, now is 2026-01-01T00:00:00Z");
  EXPECT_TRUE(CheckJwtTimes(nbf, kNow, seconds(60)));
  json iat = base;
  iat["iat"] = kNowSeconds + 61;
  EXPECT_EQ(CheckJwtTimes(iat, kNow, seconds(60)).error().message,
            "JWT issued in the future at 2026-01-01T00:01:01Z, now is 2026-01-01T00:00:00Z");
  iat["iat"] = kNowSeconds + 60;
  EXPECT_TRUE(CheckJwtTimes(iat, kNow, seconds(60)));
}

TEST(JwtTimes, RequiresExpAndNumericDates) {
  EXPECT_EQ(CheckJwtTimes(json::object(), kNow, seconds(0)).error().message,
            "JWT has no \"exp\" claim; every Veil token must expire");
  EXPECT_EQ(CheckJwtTimes(json{{"exp", "2030-01-01"}}, kNow, seconds(0)).error().message,
            "JWT claim \"exp\" must be a NumericDate (number), got string");
  EXPECT_EQ(CheckJwtTimes(json{{"exp", true}}, kNow, seconds(0)).error().code,
            ErrorCode::kMalformed);
  EXPECT_EQ(CheckJwtTimes(json{{"exp", kNowSeconds + 10}, {"nbf", nullptr}}, kNow, seconds(0))
                .error()
                .code,
            ErrorCode::kMalformed);
  EXPECT_EQ(CheckJwtTimes(json::array(), kNow, seconds(0)).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(CheckJwtTimes(json{{"exp", kNowSeconds + 10}}, kNow, seconds(-1)).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(JwtTimes, HugeAndNegativeValuesDoNotOverflow) {
  EXPECT_TRUE(CheckJwtTimes(json{{"exp", 1e300}}, kNow, seconds(0)));
  EXPECT_TRUE(
      CheckJwtTimes(json{{"exp", std::numeric_limits<std::uint64_t>::max()}}, kNow, seconds(0)));
  EXPECT_FALSE(CheckJwtTimes(json{{"exp", -1e300}}, kNow, seconds(0)));
  EXPECT_FALSE(CheckJwtTimes(json{{"exp", 1e300}, {"nbf", 1e300}}, kNow, seconds(0)));
}

}  // namespace
}  // namespace veil::crypto::jose
