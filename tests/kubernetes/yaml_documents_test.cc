#include "veil/kubernetes/yaml_documents.h"

#include <gtest/gtest.h>

namespace veil::kubernetes {
namespace {

std::string Join(const std::vector<YamlDocumentText>& documents) {
  std::string out;
  for (const YamlDocumentText& document : documents) {
    out += std::string(document.marker) + std::string(document.content);
  }
  return out;
}

TEST(YamlDocuments, CutsAtMarkerLinesOnly) {
  const std::string stream =
      "# leading comment\na: 1\n---\nb: |\n  ---not a marker (indented)\n"
      "c: \"---\"\n--- # marker with a comment\n---x: not a marker\n--- \nlast: 3";
  const std::vector<YamlDocumentText> documents = SplitYamlDocuments(stream);
  ASSERT_EQ(documents.size(), 4u);
  EXPECT_EQ(documents[0].marker, "");
  EXPECT_EQ(documents[0].content, "# leading comment\na: 1\n");
  EXPECT_EQ(documents[1].marker, "---\n");
  EXPECT_EQ(documents[1].content, "b: |\n  ---not a marker (indented)\nc: \"---\"\n");
  EXPECT_EQ(documents[2].marker, "--- # marker with a comment\n");
  EXPECT_EQ(documents[2].content, "---x: not a marker\n");
  EXPECT_EQ(documents[3].marker, "--- \n");
  EXPECT_EQ(documents[3].content, "last: 3");
  EXPECT_EQ(Join(documents), stream);
}

TEST(YamlDocuments, EmptyAndMarkerOnlyStreams) {
  EXPECT_TRUE(SplitYamlDocuments("").empty());
  const std::vector<YamlDocumentText> one = SplitYamlDocuments("---");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].marker, "---");
  EXPECT_EQ(SplitYamlDocuments("---\n---\n").size(), 2u);
}

}  // namespace
}  // namespace veil::kubernetes
