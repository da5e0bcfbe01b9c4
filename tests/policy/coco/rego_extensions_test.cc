// The rule `extensions` read as CoCo's broker.rs reads EXTENSIONS_RULE into EAR appraisal
// extensions (ear crate Extensions::register / set_by_name).
#include "veil/policy/coco/rego_extensions.h"

#include <gtest/gtest.h>

namespace veil::policy::coco {
namespace {

using nlohmann::json;

Result<json> Extensions(const json& rule_value) {
  return ExtensionsFromRego(rego::eval::FromJson(rule_value).value());
}

TEST(ExtensionsFromRego, UndefinedIsNone) {
  EXPECT_EQ(ExtensionsFromRego(std::nullopt).value(), json::object());
  EXPECT_EQ(Extensions(json::array()).value(), json::object());
}

// Each becomes the submod's member `name`; a null value is left out, as the ear crate leaves out
// null extensions; members other than name, key and value are ignored, as serde ignores them.
TEST(ExtensionsFromRego, NamesTheirValues) {
  const auto extensions = Extensions(
      json::array({{{"name", "ear.trustee.identifiers"},
                    {"key", -18},
                    {"value", {{"validated", json::object()}}}},
                   {{"name", "x.count"}, {"key", 7}, {"value", 3}, {"comment", "ignored"}},
                   {{"name", "x.none"}, {"key", 8}, {"value", nullptr}}}));
  ASSERT_TRUE(extensions) << extensions.error().ToString();
  EXPECT_EQ(*extensions,
            json({{"ear.trustee.identifiers", {{"validated", json::object()}}}, {"x.count", 3}}));
}

TEST(ExtensionsFromRego, RefusesWhatCocoCannotRegister) {
  const json one = {{"name", "a"}, {"key", 1}, {"value", 1}};
  const std::vector<std::pair<json, std::string>> cases = {
      {json::object(), "must be a list"},
      {json::array({1}), "with name, key and value"},
      {json::array({{{"name", "a"}, {"key", 1}}}), "with name, key and value"},
      {json::array({{{"name", 5}, {"key", 1}, {"value", 1}}}), "name must be a string"},
      {json::array({{{"name", "a"}, {"key", "1"}, {"value", 1}}}), "32-bit integer"},
      {json::array({{{"name", "a"}, {"key", 2147483648LL}, {"value", 1}}}), "32-bit integer"},
      {json::array({one, {{"name", "a"}, {"key", 2}, {"value", 1}}}), "name a already registered"},
      {json::array({one, {{"name", "b"}, {"key", 1}, {"value", 1}}}), "key 1 already registered"},
      {json::array({{{"name", "ear.status"}, {"key", 1}, {"value", "affirming"}}}),
       "member of the appraisal itself"},
  };
  for (const auto& [value, message] : cases) {
    const auto extensions = Extensions(value);
    ASSERT_FALSE(extensions) << value.dump();
    EXPECT_NE(extensions.error().message.find(message), std::string::npos)
        << value.dump() << ": " << extensions.error().message;
  }
}

}  // namespace
}  // namespace veil::policy::coco
