// The IMA allowlist: the documented example and the test allowlist parse; every malformed member
// is refused naming it; serialization reads back equal; exclusion globs match as fnmatch(3)
// without flags and are bounded.

#include "veil/appraisal/ima/allowlist.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ima_test_data.h"

namespace veil::appraisal::ima {
namespace {

std::string ErrorOf(std::string_view text) {
  auto parsed = ParseAllowlist(text);
  EXPECT_FALSE(parsed.has_value()) << text;
  return parsed ? "" : parsed.error().message;
}

TEST(ImaAllowlist, TestAllowlistParses) {
  const Allowlist allowlist = test::TestAllowlist();
  EXPECT_EQ(allowlist.digests.size(), 9u);
  ASSERT_EQ(allowlist.digests.at("/sbin/init").size(), 2u);
  EXPECT_EQ(allowlist.digests.at("/sbin/init")[0].algorithm, "sha1");
  ASSERT_EQ(allowlist.excludes.size(), 2u);
  EXPECT_EQ(allowlist.excludes[1].pattern(), "/var/log/*");
}

// docs/formats/ima-allowlist.md's example, between its ```json fences, is a valid allowlist.
TEST(ImaAllowlist, DocumentedExampleParses) {
  std::ifstream in(std::string(VEIL_SOURCE_DIR) + "/docs/formats/ima-allowlist.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const std::size_t start = text.find("```json\n");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = text.find("```", start + 8);
  auto parsed = ParseAllowlist(text.substr(start + 8, end - start - 8));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ(parsed->digests.at("/usr/bin/bash").size(), 2u);
  EXPECT_NE(parsed->ExcludedBy("/var/log/journal/x/system.journal"), nullptr);
}

TEST(ImaAllowlist, SerializationReadsBackEqual) {
  const Allowlist allowlist = test::TestAllowlist();
  auto again = ParseAllowlist(SerializeAllowlist(allowlist));
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(again->digests, allowlist.digests);
  ASSERT_EQ(again->excludes.size(), allowlist.excludes.size());
  EXPECT_EQ(again->excludes[0].pattern(), allowlist.excludes[0].pattern());
}

TEST(ImaAllowlist, MalformedMembersAreNamed) {
  const std::string digest = "\"sha256:" + std::string(64, 'a') + "\"";
  EXPECT_EQ(ErrorOf(R"({"version": 2, "digests": {}})"), "allowlist: version: expected 1");
  EXPECT_EQ(ErrorOf(R"({"version": 1})"), "allowlist: digests: missing");
  EXPECT_EQ(ErrorOf(R"({"version": 1, "digests": {}, "hashes": 1})"),
            "allowlist: hashes: unknown member (version, digests, excludes)");
  EXPECT_EQ(ErrorOf(R"({"version": 1, "digests": {"bin/sh": [)" + digest + "]}}"),
            "allowlist: digests: path \"bin/sh\" is not an absolute path of at most 4096 bytes");
  EXPECT_EQ(ErrorOf(R"({"version": 1, "digests": {"/bin/sh": []}})"),
            "allowlist: digests[\"/bin/sh\"]: expected an array of 1-64 digests");
  EXPECT_EQ(ErrorOf(R"({"version": 1, "digests": {"/bin/sh": ["sha256:abcd"]}})"),
            "allowlist: digests[\"/bin/sh\"]: \"sha256:abcd\" is not 32 bytes of hex");
  EXPECT_EQ(ErrorOf(R"({"version": 1, "digests": {"/bin/sh": ["abcd"]}})"),
            "allowlist: digests[\"/bin/sh\"]: expected \"<algorithm>:<hex>\" with a known "
            "algorithm, found \"abcd\"");
  EXPECT_EQ(ErrorOf(R"({"version": 1, "digests": {}, "excludes": ["tmp/*"]})"),
            "allowlist: excludes: exclude pattern \"tmp/*\": expected an absolute path pattern");
  EXPECT_EQ(ErrorOf(R"({"version": 1, "digests": {}, "excludes": ["/*/*/*/*/*/*/*/*/*"]})"),
            "allowlist: excludes: exclude pattern \"/*/*/*/*/*/*/*/*/*\": more than 8 '*'");
  EXPECT_EQ(ParseAllowlist("{\"version\": 1, ").error().code, ErrorCode::kMalformed);
}

TEST(ImaAllowlist, GlobsMatchLikeFnmatchWithoutFlags) {
  auto tmp = PathGlob::Parse("/tmp/*");
  ASSERT_TRUE(tmp.has_value());
  EXPECT_TRUE(tmp->Matches("/tmp/a"));
  EXPECT_TRUE(tmp->Matches("/tmp/a/b/c"));  // '*' crosses '/'
  EXPECT_FALSE(tmp->Matches("/tmpfile"));
  EXPECT_FALSE(tmp->Matches("/var/tmp/a"));
  auto so = PathGlob::Parse("/usr/lib/*.so.[0-9]");
  ASSERT_TRUE(so.has_value());
  EXPECT_TRUE(so->Matches("/usr/lib/x86_64-linux-gnu/libc.so.6"));
  EXPECT_FALSE(so->Matches("/usr/lib/libc.so"));
  EXPECT_FALSE(PathGlob::Parse("/" + std::string(kMaxGlobLength, 'a')).has_value());
}

}  // namespace
}  // namespace veil::appraisal::ima
