#include "veil/base/duration.h"

#include <gtest/gtest.h>

namespace veil {
namespace {

using std::chrono::seconds;

TEST(DurationTest, ParsesUnitGroups) {
  EXPECT_EQ(ParseDuration("90s").value(), seconds(90));
  EXPECT_EQ(ParseDuration("24h").value(), seconds(86400));
  EXPECT_EQ(ParseDuration("365d").value(), seconds(365 * 86400));
  EXPECT_EQ(ParseDuration("1h30m").value(), seconds(5400));
}

TEST(DurationTest, RefusesWhatIsNotADuration) {
  for (const char* text : {"", "24", "h", "1x", "-1h", "1.5h", "1 h", "0s", "36501d"}) {
    auto parsed = ParseDuration(text);
    EXPECT_FALSE(parsed) << text;
    if (!parsed) {
      EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << text;
    }
  }
  EXPECT_NE(ParseDuration("1x").error().message.find("expected a unit s, m, h or d"),
            std::string::npos);
}

TEST(DurationTest, FormatsTheShortestTextThatReadsBack) {
  EXPECT_EQ(FormatDuration(seconds(86400)), "1d");
  EXPECT_EQ(FormatDuration(seconds(93600)), "1d2h");
  EXPECT_EQ(FormatDuration(seconds(90)), "1m30s");
  EXPECT_EQ(FormatDuration(seconds(0)), "0s");
  for (std::int64_t value : {1, 59, 3600, 86399, 31536000})
    EXPECT_EQ(ParseDuration(FormatDuration(seconds(value))).value(), seconds(value));
}

}  // namespace
}  // namespace veil
