#include "veil/json/member.h"

#include <gtest/gtest.h>

namespace veil::json {
namespace {

const nlohmann::json kObject = {{"s", "text"}, {"n", 3}, {"o", {{"k", 1}}}, {"null", nullptr}};

TEST(Member, FindsAndTypesMembers) {
  EXPECT_EQ(RequireString(kObject, "s").value(), "text");
  EXPECT_EQ(OptionalString(kObject, "s").value(), "text");
  EXPECT_EQ(OptionalString(kObject, "absent").value(), std::nullopt);
  EXPECT_EQ((*RequireObject(kObject, "o").value())["k"], 1);
  EXPECT_TRUE(HasMember(kObject, "null"));
  EXPECT_FALSE(HasMember(kObject, "absent"));
  EXPECT_EQ(FindMember(nlohmann::json::array(), "s"), nullptr);
}

TEST(Member, ErrorsNameTheMemberAndTheTypes) {
  EXPECT_EQ(RequireString(kObject, "absent").error().message, "missing string member \"absent\"");
  EXPECT_EQ(RequireString(kObject, "n").error().message,
            "member \"n\" must be a string, got number");
  EXPECT_EQ(OptionalString(kObject, "null").error().message,
            "member \"null\" must be a string, got null");
  EXPECT_EQ(RequireObject(kObject, "s").error().message,
            "member \"s\" must be an object, got string");
  EXPECT_EQ(RequireObject(kObject, "x").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(RequireString(nlohmann::json("str"), "s").error().message,
            "missing string member \"s\"");
}

}  // namespace
}  // namespace veil::json
