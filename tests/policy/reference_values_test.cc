#include "veil/policy/reference_values.h"

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"

namespace veil::policy {
namespace {

TimePoint At(const char* when) { return ParseRfc3339(when).value(); }

TEST(ReferenceValues, ParsesJsonListWithExpiryAndProvenance) {
  auto set = ParseReferenceValues(R"([
    {"name": "snp.measurement", "values": ["aa", "BB"], "expires": "2026-06-01T00:00:00Z",
     "provenance": "build 42"},
    {"name": "snp.reported_tcb.snp", "values": [8]},
    {"name": "snp.policy.debug", "values": [false]},
    {"name": "web", "values": ["cc"]}])");
  ASSERT_TRUE(set) << set.error().ToString();
  EXPECT_EQ(
      set->NamesWithPrefix("snp."),
      (std::vector<std::string>{"snp.measurement", "snp.policy.debug", "snp.reported_tcb.snp"}));
  EXPECT_EQ(set->NamesWithPrefix(""),
            (std::vector<std::string>{"snp.measurement", "snp.policy.debug", "snp.reported_tcb.snp",
                                      "web"}));
  EXPECT_EQ(set->Lookup("snp.reported_tcb.snp", At("2026-01-01T00:00:00Z")).accepted,
            std::vector<std::string>{"8"});
  EXPECT_EQ(set->Lookup("snp.policy.debug", At("2026-01-01T00:00:00Z")).accepted,
            std::vector<std::string>{"false"});
  const ReferenceLookup web = set->Lookup("web", At("2026-01-01T00:00:00Z"));
  EXPECT_TRUE(web.known);
  EXPECT_EQ(web.accepted, std::vector<std::string>{"cc"});
  EXPECT_FALSE(set->Lookup("tpm.ak", At("2026-01-01T00:00:00Z")).known);
}

// Each value keeps the JSON type it was written as (a document always writes a list), and the
// current entries are given whole, for query_reference_value.
TEST(ReferenceValues, KeepTheKindOfEachValueAndGiveTheCurrentEntries) {
  const auto entries = ParseReferenceValueEntries(R"([
    {"name": "svn", "values": ["7", 8, true], "expires": "2026-06-01T00:00:00Z"},
    {"name": "svn", "values": [9]}])");
  ASSERT_TRUE(entries) << entries.error().ToString();
  EXPECT_EQ((*entries)[0].kinds, (std::vector<ReferenceValueKind>{ReferenceValueKind::kString,
                                                                  ReferenceValueKind::kInteger,
                                                                  ReferenceValueKind::kBoolean}));
  EXPECT_FALSE((*entries)[0].scalar);
  EXPECT_FALSE(ParseReferenceValueEntries(R"([{"name": "svn", "values": [1.5]}])"));

  ReferenceValueSet set;
  for (const ReferenceValue& entry : *entries) ASSERT_TRUE(set.Add(entry));
  const auto before = set.CurrentEntries("svn", At("2026-01-01T00:00:00Z"));
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(*before[0], (*entries)[0]);
  EXPECT_EQ(*before[1], (*entries)[1]);
  const auto after = set.CurrentEntries("svn", At("2026-06-01T00:00:00Z"));  // the first expired
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(*after[0], (*entries)[1]);
  EXPECT_TRUE(set.CurrentEntries("web", At("2026-01-01T00:00:00Z")).empty());
}

// What CoCo's RVPS answers: one scalar entry is that value, anything else one array of typed
// values; a value whose text is not of its kind is refused rather than guessed.
TEST(RegisteredJson, IsTheJsonTheEntriesWereWrittenAs) {
  ReferenceValue scalar{"smt", {}, std::nullopt, ""};
  scalar.Add("true", ReferenceValueKind::kBoolean);
  scalar.scalar = true;
  ReferenceValue list{"tcb", {}, std::nullopt, ""};
  list.Add("3", ReferenceValueKind::kInteger);
  list.Add("abc", ReferenceValueKind::kString);
  const ReferenceValue text{"text", {"7"}, std::nullopt, ""};
  using Entries = std::vector<const ReferenceValue*>;
  EXPECT_EQ(RegisteredJson(Entries{&scalar}).value(), nlohmann::json(true));
  EXPECT_EQ(RegisteredJson(Entries{&list}).value(), nlohmann::json::parse(R"([3, "abc"])"));
  EXPECT_EQ(RegisteredJson(Entries{&text}).value(), nlohmann::json::parse(R"(["7"])"));
  EXPECT_EQ(RegisteredJson(Entries{&scalar, &list}).value(),
            nlohmann::json::parse(R"([true, 3, "abc"])"));
  EXPECT_EQ(RegisteredJson(Entries{}).value(), nlohmann::json::array());
  ReferenceValue corrupt{"bad", {}, std::nullopt, ""};
  corrupt.Add("x", ReferenceValueKind::kBoolean);
  const auto refused = RegisteredJson(Entries{&corrupt});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(refused.error().message,
            "reference value bad: \"x\" is not the text of a JSON boolean");
}

TEST(ReferenceValues, YamlGivesTheSameSet) {
  auto set = ParseReferenceValues(R"(
- name: snp.measurement
  values: [aa, BB]
  expires: 2026-06-01T00:00:00Z
- name: snp.reported_tcb.snp
  values: [8]
)");
  ASSERT_TRUE(set) << set.error().ToString();
  EXPECT_EQ(set->Lookup("snp.measurement", At("2026-01-01T00:00:00Z")).accepted,
            (std::vector<std::string>{"aa", "BB"}));
  EXPECT_TRUE(set->Lookup("snp.measurement", At("2026-06-01T00:00:00Z")).accepted.empty());
}

TEST(ReferenceValues, ExpiredEntriesAreIgnoredAndNamed) {
  ReferenceValueSet set;
  ASSERT_TRUE(set.Add({"snp.measurement", {"old"}, At("2026-01-01T00:00:00Z"), "release 1"}));
  ASSERT_TRUE(set.Add({"snp.measurement", {"new"}, std::nullopt, "release 2"}));
  const ReferenceLookup before = set.Lookup("snp.measurement", At("2025-12-31T23:59:59Z"));
  EXPECT_EQ(before.accepted, (std::vector<std::string>{"old", "new"}));
  EXPECT_EQ(before.note, "");
  const ReferenceLookup at_expiry = set.Lookup("snp.measurement", At("2026-01-01T00:00:00Z"));
  EXPECT_TRUE(at_expiry.known);
  EXPECT_EQ(at_expiry.accepted, std::vector<std::string>{"new"});
  EXPECT_EQ(at_expiry.note,
            "ignored reference values snp.measurement that expired at 2026-01-01T00:00:00Z");
}

TEST(ReferenceValues, AddRejectsNamelessAndEmptyEntries) {
  ReferenceValueSet set;
  EXPECT_EQ(set.Add({"", {"a"}, std::nullopt, ""}).error().message,
            "reference value without a name");
  EXPECT_EQ(set.Add({"web", {}, std::nullopt, ""}).error().message,
            "reference value web has no values");
  EXPECT_TRUE(set.empty());
}

void ExpectRejected(const char* text, const std::string& message) {
  auto set = ParseReferenceValues(text);
  ASSERT_FALSE(set) << text;
  EXPECT_EQ(set.error().context, "policy");
  EXPECT_EQ(set.error().message, message) << text;
}

TEST(ReferenceValues, RejectsMalformedDocumentsWithPreciseMessages) {
  ExpectRejected(R"({"name": "web"})",
                 "reference values: expected a list of {name, values, expires?, provenance?}, "
                 "found {\"name\":\"web\"}");
  ExpectRejected(R"([{"name": "web", "values": ["a"], "expiry": "x"}])",
                 "reference_values[0]: unknown key \"expiry\"; expected one of name, values, "
                 "expires, provenance");
  ExpectRejected(R"([{"values": ["a"]}])", "reference_values[0]: missing \"name\"");
  ExpectRejected(R"([{"name": "", "values": ["a"]}])",
                 "reference_values[0].name: expected a non-empty string, found \"\"");
  ExpectRejected(R"([{"name": "web"}])", "reference_values[0] (web): missing \"values\"");
  ExpectRejected(R"([{"name": "web", "values": []}])",
                 "reference_values[0] (web).values: expected a non-empty list, found []");
  ExpectRejected(R"([{"name": "web", "values": "aa"}])",
                 "reference_values[0] (web).values: expected a non-empty list, found \"aa\"");
  ExpectRejected(
      R"([{"name": "web", "values": [{"a": 1}]}])",
      "reference_values[0] (web).values: expected strings, integers or booleans, found {\"a\":1}");
  ExpectRejected(
      R"([{"name": "web", "values": [1.5]}])",
      "reference_values[0] (web).values: expected strings, integers or booleans, found 1.5");
  ExpectRejected(
      R"([{"name": "web", "values": [null]}])",
      "reference_values[0] (web).values: expected strings, integers or booleans, found null");
  ExpectRejected(
      R"([{"name": "web", "values": ["a"], "expires": "tomorrow"}])",
      "reference_values[0] (web).expires: RFC 3339 time: expected a digit at position 0");
  ExpectRejected(R"([{"name": "web", "values": ["a"], "expires": 5}])",
                 "reference_values[0] (web).expires: expected an RFC 3339 time, found 5");
  ExpectRejected(R"([{"name": "web", "values": ["a"], "provenance": 5}])",
                 "reference_values[0] (web).provenance: expected a string, found 5");
  ExpectRejected(R"([{"name": "web", "values": ["a"]})",
                 "JSON: [json.exception.parse_error.101] parse error at line 1, column 34: syntax "
                 "error while parsing "
                 "array - unexpected end of input; expected ']'");
}

// `veil refval ls` prints ReferenceValuesDocument and `veil refval export` ReferenceValuesYaml;
// both read back as the same entries, in order, tricky strings included.
TEST(ReferenceValues, TheDocumentsWrittenReadBackAsTheSameEntries) {
  const std::vector<ReferenceValue> entries = {
      {"snp.measurement", {"aa", "bb"}, At("2027-01-01T00:00:00Z"), "ci build 1842: \"quoted\""},
      {"snp.measurement", {"cc"}, std::nullopt, ""},
      {"snp.guest_svn", {"7", "007"}, std::nullopt, "yes"},
      {"web", {"true", "null", "- x", "a: b", "#c", "é\n"}, std::nullopt, "~"},
  };
  const nlohmann::json document = ReferenceValuesDocument(entries);
  EXPECT_EQ(document[1], (nlohmann::json{{"name", "snp.measurement"}, {"values", {"cc"}}}));
  for (const std::string& text : {document.dump(2), ReferenceValuesYaml(entries)}) {
    SCOPED_TRACE(text);
    auto parsed = ParseReferenceValueEntries(text);
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    EXPECT_EQ(*parsed, entries);
    EXPECT_TRUE(ParseReferenceValues(text));
  }
  EXPECT_EQ(ReferenceValuesYaml({}), "[]\n");
  EXPECT_TRUE(ParseReferenceValueEntries(ReferenceValuesYaml({}))->empty());
}

}  // namespace
}  // namespace veil::policy
