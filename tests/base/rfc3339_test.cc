#include "veil/base/rfc3339.h"

#include <gtest/gtest.h>

namespace veil {
namespace {

TEST(Rfc3339, ParsesUtcAndOffsets) {
  const TimePoint utc = ParseRfc3339("2025-01-01T00:00:00Z").value();
  EXPECT_EQ(std::chrono::system_clock::to_time_t(utc), 1735689600);
  EXPECT_EQ(ParseRfc3339("2025-01-01T02:00:00+02:00").value(), utc);
  EXPECT_EQ(ParseRfc3339("2024-12-31T23:00:00.123-01:00").value(), utc);
  EXPECT_EQ(FormatRfc3339(utc), "2025-01-01T00:00:00Z");
}

TEST(Rfc3339, RejectsMalformedTimes) {
  for (const char* text : {"2025-01-01", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z",
                           "2025-01-01T00:00:00", "2025-01-01T00:00:00Zjunk", "yesterday"}) {
    EXPECT_FALSE(ParseRfc3339(text)) << text;
  }
}

// Found by fuzz/reference_values_fuzzer: "9083-01-01T00:00:00Z" overflowed the nanosecond count of
// TimePoint (signed overflow, undefined behaviour) instead of being refused.
TEST(Rfc3339, RefusesTimesBeyondWhatTimePointHolds) {
  for (const char* text : {"9083-01-01T00:00:00Z", "2262-04-12T00:00:00Z", "9999-12-31T23:59:60Z",
                           "0000-01-01T00:00:00Z", "1677-09-21T00:00:00Z"}) {
    auto parsed = ParseRfc3339(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_NE(parsed.error().message.find("outside the representable range"), std::string::npos)
        << parsed.error().message;
  }
  EXPECT_TRUE(ParseRfc3339("2262-04-11T00:00:00Z"));
  EXPECT_TRUE(ParseRfc3339("1677-09-22T00:00:00Z"));
}

}  // namespace
}  // namespace veil
