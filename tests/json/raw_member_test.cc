// RawMemberText returns a member's value exactly as written (whitespace, key order, escapes and
// number spelling kept), skips nested values and strings containing braces, and says when the
// member is absent or the text is not an object.

#include "veil/json/raw_member.h"

#include <gtest/gtest.h>

namespace veil::json {
namespace {

TEST(RawMemberText, KeepsTheValueAsWritten) {
  const std::string text =
      R"({ "a" : [1, {"}": "]"}], "tcbInfo" :  {"b":1.50, "c":"\"}"} , "z":0})";
  EXPECT_EQ(RawMemberText(text, "tcbInfo").value(), R"({"b":1.50, "c":"\"}"})");
  EXPECT_EQ(RawMemberText(text, "a").value(), R"([1, {"}": "]"}])");
  EXPECT_EQ(RawMemberText(text, "z").value(), "0");
}

TEST(RawMemberText, ReadsScalarsAndStrings) {
  const std::string text = R"({"n":-1e3,"s":"x\\","t":true})";
  EXPECT_EQ(RawMemberText(text, "n").value(), "-1e3");
  EXPECT_EQ(RawMemberText(text, "s").value(), R"("x\\")");
  EXPECT_EQ(RawMemberText(text, "t").value(), "true");
}

TEST(RawMemberText, SaysWhenTheMemberIsAbsent) {
  const auto absent = RawMemberText(R"({"a":{"tcbInfo":1}})", "tcbInfo");
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(RawMemberText("{}", "a").error().code, ErrorCode::kNotFound);
}

TEST(RawMemberText, RefusesWhatIsNotAnObject) {
  EXPECT_EQ(RawMemberText("[1]", "a").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(RawMemberText(R"({"a":{"b":1)", "a").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(RawMemberText(R"({"a)", "a").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(RawMemberText(R"({"a" 1})", "a").error().code, ErrorCode::kMalformed);
}

TEST(RawMemberText, EveryTruncationOfAnObjectFailsWithoutReadingPastIt) {
  const std::string text = R"({"x":"\"","tcbInfo":{"k":[1,2,{"s":"}"}]}})";
  for (std::size_t size = 0; size < text.size(); ++size) {
    const auto raw = RawMemberText(std::string_view(text).substr(0, size), "tcbInfo");
    if (raw) {
      EXPECT_LE(raw->data() + raw->size(), text.data() + size) << size;
    }
  }
}

}  // namespace
}  // namespace veil::json
