#include "veil/policy/document.h"

#include <gtest/gtest.h>

#include <string>

namespace veil::policy {
namespace {

using Json = nlohmann::json;

TEST(PolicyDocument, JsonAndYamlReadIntoTheSameModel) {
  auto json =
      ParseDocument(R"( {"id": "p", "n": 5, "b": false, "s": "x", "l": [1, "0x10"], "z": null} )");
  auto yaml = ParseDocument("id: p\nn: 5\nb: false\ns: x\nl: [1, 0x10]\nz: ~\n");
  ASSERT_TRUE(json) << json.error().ToString();
  ASSERT_TRUE(yaml) << yaml.error().ToString();
  EXPECT_EQ(*json, *yaml);
}

TEST(PolicyDocument, YamlPlainScalarsResolveNarrowly) {
  auto doc = ParseDocument(R"(
nulls: [~, null, Null, NULL]
empty:
bools: [true, True, TRUE, false, False, FALSE]
ints: [0, 5, -7, 9223372036854775807]
strings: ["5", '5', !!str 5, 007, +5, 1.5, 0x1f, yes, 9223372036854775808, 7a1e5c]
)");
  ASSERT_TRUE(doc) << doc.error().ToString();
  EXPECT_EQ((*doc)["nulls"], Json::parse("[null, null, null, null]"));
  EXPECT_TRUE((*doc)["empty"].is_null());
  EXPECT_EQ((*doc)["bools"], Json::parse("[true, true, true, false, false, false]"));
  EXPECT_EQ((*doc)["ints"], Json::parse("[0, 5, -7, 9223372036854775807]"));
  EXPECT_EQ((*doc)["strings"], Json::parse(R"(["5", "5", "5", "007", "+5", "1.5", "0x1f", "yes",
                                                "9223372036854775808", "7a1e5c"])"));
}

void ExpectRejected(std::string_view text, const std::string& message_prefix) {
  auto doc = ParseDocument(text);
  ASSERT_FALSE(doc) << text;
  EXPECT_EQ(doc.error().message.rfind(message_prefix, 0), 0u) << doc.error().message;
}

TEST(PolicyDocument, RejectsDuplicateKeysInBothSyntaxes) {
  ExpectRejected(R"({"a": 1, "b": {"c": 1, "c": 2}})", "JSON: duplicate key \"c\"");
  ExpectRejected("a: 1\nb:\n  c: 1\n  c: 2\n", "YAML: duplicate key \"c\" at line 4, column 3");
  EXPECT_TRUE(ParseDocument(R"({"a": {"c": 1}, "b": {"c": 2}})"));  // same key, different objects
}

TEST(PolicyDocument, RejectsSyntaxErrorsWithTheirPosition) {
  ExpectRejected(R"({"a": })",
                 "JSON: [json.exception.parse_error.101] parse error at line 1, column 7");
  ExpectRejected("a: [1, 2\n",
                 "YAML: yaml-cpp: error at line 2, column 1: end of sequence flow not found");
}

TEST(PolicyDocument, RejectsWhatYamlCouldHideBehindAPolicy) {
  ExpectRejected("", "YAML: expected exactly one document, found 0");
  ExpectRejected("a: 1\n---\nb: 2\n", "YAML: expected exactly one document, found 2");
  // Found by fuzz/policy_document_fuzzer: yaml-cpp 0.7 yields an empty document for a stray
  // top-level flow token without consuming it, so YAML::LoadAll looped, filling memory.
  for (const char* stray : {", a", ",", ", false]}, {\"name\": iuad:dm status, equal]}"}) {
    ExpectRejected(stray, "YAML: expected exactly one document, found more than 16");
  }
  ExpectRejected("a: !!int 5\n",
                 "YAML: unsupported tag \"tag:yaml.org,2002:int\" at line 1, column 4");
  ExpectRejected("? [a, b]\n: 1\n", "YAML: mapping key is not a scalar");
  std::string deep;
  for (int i = 0; i < 70; ++i) deep += "[";
  EXPECT_TRUE(
      ParseDocument(deep + std::string(70, ']')));  // JSON depth is bounded by the document parsers
  ExpectRejected("a: " + deep + std::string(70, ']'), "YAML: nesting deeper than 64");
  // "Billion laughs": nine levels of ten aliases would expand to 10^9 nodes.
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 9; ++level) {
    const std::string previous = "*a" + std::to_string(level - 1);
    bomb += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", " : "") + previous;
    bomb += "]\n";
  }
  ExpectRejected(bomb, "YAML: more than 100000 nodes (after expanding aliases)");
  ExpectRejected(std::string(kMaxDocumentSize + 1, ' '),
                 "document of 1048577 bytes; expected at most 1048576");
}

TEST(PolicyDocument, StrictAccessorsNameWhereAndWhat) {
  const Json object = Json::parse(R"({"id": "p", "empty": "", "n": 5, "list": ["a", ""]})");
  EXPECT_EQ(ExpectObjectWithKeys(object, {"id", "n"}, "doc").error().message,
            "doc: unknown key \"empty\"; expected one of id, n");
  EXPECT_EQ(ExpectObjectWithKeys(Json::array(), {"id"}, "doc").error().message,
            "doc: expected an object, found []");
  EXPECT_EQ(RequiredString(object, "id", "doc").value(), "p");
  EXPECT_EQ(RequiredString(object, "missing", "doc").error().message, "doc: missing \"missing\"");
  EXPECT_EQ(RequiredString(object, "n", "doc").error().message,
            "doc.n: expected a non-empty string, found 5");
  EXPECT_EQ(RequiredString(object, "empty", "doc").error().message,
            "doc.empty: expected a non-empty string, found \"\"");
  EXPECT_EQ(StringList(object["list"], "doc.list").error().message,
            "doc.list: expected non-empty strings, found \"\"");
  EXPECT_EQ(StringList(Json::array(), "doc.l").error().message,
            "doc.l: expected a non-empty list of strings, found []");
  EXPECT_EQ(Quoted(std::string(100, 'a')).size(), 80u);
}

}  // namespace
}  // namespace veil::policy
