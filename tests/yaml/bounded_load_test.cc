#include "veil/yaml/bounded_load.h"

#include <gtest/gtest.h>

#include <string>

namespace veil::yaml {
namespace {

// Ten aliases of the previous level per level: `levels` levels expand to 10^levels leaves.
std::string Laughs(const std::string& leaf, int levels) {
  std::string text = "a0: &a0 " + leaf + "\n";
  for (int level = 1; level <= levels; ++level) {
    const std::string previous = "*a" + std::to_string(level - 1);
    text += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i ? ", " : "") + previous;
    text += "]\n";
  }
  return text;
}

std::string Refusal(std::string_view text, const ExpansionLimits& limits = {}) {
  auto node = LoadFirstDocument(text, limits);
  if (node) return "loaded";
  EXPECT_EQ(node.error().code, ErrorCode::kMalformed);
  return node.error().message;
}

TEST(CountDocuments, CountsWhatTheStreamHolds) {
  EXPECT_EQ(CountDocuments("").value(), 0);
  EXPECT_EQ(CountDocuments("# only a comment\n").value(), 0);
  EXPECT_EQ(CountDocuments("a: 1\n").value(), 1);
  EXPECT_EQ(CountDocuments("a: 1\n---\nb: 2\n...\nc: 3\n").value(), 3);
}

// yaml-cpp 0.7 yields an empty document for a stray top-level "," without consuming it:
// YAML::LoadAll never returns on these. Counting stops after kMaxDocumentsCounted + 1.
TEST(CountDocuments, StopsOnEndlessEmptyDocuments) {
  for (const char* stray : {", a", ",", "a: 1\n---\n, b\n", "[a], b"}) {
    auto count = CountDocuments(stray);
    ASSERT_TRUE(count) << stray << ": " << count.error().message;
    EXPECT_EQ(*count, kMaxDocumentsCounted + 1) << stray;
  }
}

TEST(CountDocuments, SyntaxErrorsAreMalformedWithTheirPosition) {
  auto count = CountDocuments("a: [1, 2\n");
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(count.error().message,
            "YAML: yaml-cpp: error at line 2, column 1: end of sequence flow not found");
}

TEST(LoadFirstDocument, LoadsTheFirstDocumentOnly) {
  const YAML::Node node = LoadFirstDocument("a: 1\n---\nb: 2\n").value();
  ASSERT_TRUE(node.IsMap());
  EXPECT_EQ(node["a"].Scalar(), "1");
  EXPECT_FALSE(node["b"]);
  EXPECT_TRUE(LoadFirstDocument("").value().IsNull());
}

TEST(LoadFirstDocument, BoundsNodesAfterExpandingAliases) {
  EXPECT_EQ(Refusal(Laughs("x", 4)), "loaded");  // 11,111 nodes
  EXPECT_EQ(Refusal(Laughs("x", 9)), "YAML: more than 100000 nodes (after expanding aliases)");
  EXPECT_EQ(Refusal(Laughs("x", 3), ExpansionLimits{.max_nodes = 1000}),
            "YAML: more than 1000 nodes (after expanding aliases)");
}

// Few nodes can still be much text: 10^4 copies of a 3000-byte scalar are 30 MB.
TEST(LoadFirstDocument, BoundsTextAfterExpandingAliases) {
  const std::string leaf = "\"" + std::string(3000, 'x') + "\"";
  EXPECT_EQ(Refusal(Laughs(leaf, 2)), "loaded");  // 300 kB
  EXPECT_EQ(Refusal(Laughs(leaf, 4)),
            "YAML: more than 3145728 bytes of text (after expanding aliases)");
  // Keys count too.
  EXPECT_EQ(Refusal("{" + std::string(200, 'k') + ": v}", ExpansionLimits{.max_scalar_bytes = 100}),
            "YAML: more than 100 bytes of text (after expanding aliases)");
}

TEST(LoadFirstDocument, BoundsNestingWithItsPosition) {
  const std::string deep = std::string(70, '[') + std::string(70, ']');
  EXPECT_EQ(Refusal("a: " + deep).rfind("YAML: nesting deeper than 64 at line 1, column ", 0), 0u);
  EXPECT_EQ(Refusal("a: " + deep, ExpansionLimits{.max_depth = 128}), "loaded");
}

TEST(LoadFirstDocument, SyntaxErrorsAreMalformed) {
  EXPECT_EQ(Refusal("key: [unclosed\n"),
            "YAML: yaml-cpp: error at line 2, column 1: end of sequence flow not found");
  EXPECT_EQ(Refusal("a: *undefined\n").rfind("YAML: yaml-cpp: error at line 1", 0), 0u);
}

}  // namespace
}  // namespace veil::yaml
