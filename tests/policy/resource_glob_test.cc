#include "veil/policy/resource_glob.h"

#include <gtest/gtest.h>

#include <string>

namespace veil::policy {
namespace {

TEST(ResourceGlob, StarStaysWithinOneSegment) {
  EXPECT_TRUE(GlobMatches("prod/*/*", "prod/key/web"));
  EXPECT_TRUE(GlobMatches("prod/key/*", "prod/key/"));  // '*' may match nothing
  EXPECT_FALSE(GlobMatches("prod/*/*", "prod/key/web/extra"));
  EXPECT_FALSE(GlobMatches("prod/*", "prod/key/web"));
  EXPECT_TRUE(GlobMatches("prod/*-tls/*", "prod/web-tls/cert"));
  EXPECT_FALSE(GlobMatches("prod/*-tls/*", "prod/web-tls-old/cert"));
}

TEST(ResourceGlob, DoubleStarCrossesSegments) {
  EXPECT_TRUE(GlobMatches("**", "prod/key/web"));
  EXPECT_TRUE(GlobMatches("prod/**", "prod/key/web"));
  EXPECT_TRUE(GlobMatches("**/web", "prod/key/web"));
  EXPECT_FALSE(GlobMatches("**/web", "prod/key/webx"));
  EXPECT_TRUE(GlobMatches("prod/**/web", "prod/a/b/c/web"));
  EXPECT_FALSE(GlobMatches("dev/**", "prod/key/web"));
}

TEST(ResourceGlob, QuestionMarkIsOneCharacterButNotASlash) {
  EXPECT_TRUE(GlobMatches("prod/key/we?", "prod/key/web"));
  EXPECT_FALSE(GlobMatches("prod/key/we?", "prod/key/we"));
  EXPECT_FALSE(GlobMatches("prod?key/web", "prod/key/web"));
}

TEST(ResourceGlob, EverythingElseIsLiteralAndTheWholePathMustMatch) {
  EXPECT_TRUE(GlobMatches("prod/key/web", "prod/key/web"));
  EXPECT_FALSE(GlobMatches("prod/key/web", "prod/key/web2"));
  EXPECT_FALSE(GlobMatches("prod/key/web", "xprod/key/web"));
  EXPECT_TRUE(GlobMatches("a[1]/b", "a[1]/b"));
  EXPECT_FALSE(GlobMatches("a[1]/b", "a1/b"));
  EXPECT_TRUE(GlobMatches("", ""));
  EXPECT_FALSE(GlobMatches("", "a"));
}

TEST(ResourceGlob, PathologicalPatternsStayFast) {
  const std::string path(2000, 'a');
  std::string glob;
  for (int i = 0; i < 200; ++i) glob += "*a";
  glob += "b";
  EXPECT_FALSE(GlobMatches(glob, path));  // exponential for a naive backtracking matcher
}

}  // namespace
}  // namespace veil::policy
