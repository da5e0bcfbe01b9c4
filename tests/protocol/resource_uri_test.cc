#include "veil/protocol/resource_uri.h"

#include <gtest/gtest.h>

namespace veil::protocol {
namespace {

TEST(ResourceUri, ParsesKbsUrisWithoutAuthority) {
  auto path = ParseResourceUri("kbs:///default/key/1");
  ASSERT_TRUE(path) << path.error().ToString();
  EXPECT_EQ(path->str(), "default/key/1");
}

TEST(ResourceUri, RefusesEverythingElseWithTheReason) {
  const std::pair<const char*, const char*> cases[] = {
      {"https:///a/b/c", "not a kbs:/// URI"},
      {"kbs://trustee.example/a/b/c", "names a host"},
      {"kbs:///a/b", "kbs:///a/b"},
      {"kbs:///a/b/c/d", "kbs:///a/b/c/d"},
      {"kbs:///a/../c", "kbs:///a/../c"},
      {"kbs:///a/b/c?x=1", "query"},
  };
  for (const auto& [uri, reason] : cases) {
    auto path = ParseResourceUri(uri);
    ASSERT_FALSE(path) << uri;
    EXPECT_EQ(path.error().code, ErrorCode::kInvalidArgument) << uri;
    EXPECT_NE(path.error().message.find(reason), std::string::npos)
        << uri << ": " << path.error().message;
  }
}

}  // namespace
}  // namespace veil::protocol
