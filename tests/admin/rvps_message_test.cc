#include "veil/admin/rvps_message.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/base/base64.h"

namespace veil::admin {
namespace {

using nlohmann::json;

// The message as kbs-client's set_sample_rv builds it: {name: value} serialised, standard base64.
std::string Message(const json& payload, std::string_view type = "sample",
                    std::string_view version = "0.1.0") {
  return json{
      {"version", version}, {"type", type}, {"payload", Base64Encode(AsBytes(payload.dump()))}}
      .dump();
}

std::vector<std::string> Values(std::string_view body) {
  const auto references = ParseRvpsMessageBody(body).value();
  EXPECT_EQ(references.size(), 1u);
  EXPECT_EQ(references.front().provenance, kRvpsSampleProvenance);
  EXPECT_FALSE(references.front().expires_at);
  return references.front().values;
}

void ExpectRefused(std::string_view body, std::string_view reason) {
  const auto references = ParseRvpsMessageBody(body);
  ASSERT_FALSE(references) << body;
  EXPECT_NE(references.error().message.find(reason), std::string::npos)
      << references.error().message;
}

// Every form `kbs-client config set-sample-reference-value NAME VALUE` sends: a string in a list
// by default, --as-integer, --as-bool, and --as-single-value without the list.
TEST(RvpsMessage, TakesEveryFormKbsClientSends) {
  EXPECT_EQ(Values(Message({{"svn", json::array({"5"})}})), std::vector<std::string>{"5"});
  EXPECT_EQ(Values(Message({{"svn", json::array({5})}})), std::vector<std::string>{"5"});
  EXPECT_EQ(Values(Message({{"debug", json::array({false})}})), std::vector<std::string>{"false"});
  EXPECT_EQ(Values(Message({{"svn", 5}})), std::vector<std::string>{"5"});
  EXPECT_EQ(Values(Message({{"launch", "ab12"}})), std::vector<std::string>{"ab12"});
  EXPECT_EQ(Values(Message({{"svn", -3}})), std::vector<std::string>{"-3"});
}

// query_reference_value answers what the RVPS registered (rvps/src/extractors/sample keeps the
// payload's JSON value), so each value keeps its JSON type and a name keeps whether it was a list.
TEST(RvpsMessage, KeepsEachValuesKindAndWhetherItWasAList) {
  const json payload = {{"snp_smt_enabled", true},
                        {"snp_bootloader", json::array({3})},
                        {"launch_digest", json::array({"abcde"})},
                        {"major_version", 1},
                        {"mixed", json::array({"a", -2, false, 1.5})}};
  const auto references = ParseRvpsMessageBody(Message(payload)).value();
  ASSERT_EQ(references.size(), 5u);  // in the payload object's (sorted) order
  EXPECT_EQ(references[0].name, "launch_digest");
  EXPECT_EQ(references[0].KindOf(0), ReferenceValueKind::kString);
  EXPECT_FALSE(references[0].scalar);
  EXPECT_EQ(references[1].name, "major_version");
  EXPECT_EQ(references[1].values, std::vector<std::string>{"1"});
  EXPECT_EQ(references[1].KindOf(0), ReferenceValueKind::kInteger);
  EXPECT_TRUE(references[1].scalar);
  EXPECT_EQ(references[2].name, "mixed");
  EXPECT_EQ(references[2].values, (std::vector<std::string>{"a", "-2", "false", "1.5"}));
  EXPECT_EQ(references[2].kinds, (std::vector<ReferenceValueKind>{
                                     ReferenceValueKind::kString, ReferenceValueKind::kInteger,
                                     ReferenceValueKind::kBoolean, ReferenceValueKind::kNumber}));
  EXPECT_FALSE(references[2].scalar);
  EXPECT_EQ(references[3].name, "snp_bootloader");
  EXPECT_EQ(references[3].KindOf(0), ReferenceValueKind::kInteger);
  EXPECT_FALSE(references[3].scalar);
  EXPECT_EQ(references[4].name, "snp_smt_enabled");
  EXPECT_EQ(references[4].values, std::vector<std::string>{"true"});
  EXPECT_EQ(references[4].KindOf(0), ReferenceValueKind::kBoolean);
  EXPECT_TRUE(references[4].scalar);
}

TEST(RvpsMessage, TakesSeveralNamesAndListsAndAMissingVersion) {
  const json payload = {{"snp.measurement", json::array({"aa", "bb"})},
                        {"tpm.pcrs.sha256.0", "00"}};
  json message = json::parse(Message(payload));
  message.erase("version");  // CoCo's Message defaults it to 0.1.0
  const auto references = ParseRvpsMessageBody(message.dump()).value();
  ASSERT_EQ(references.size(), 2u);
  EXPECT_EQ(references[0].name, "snp.measurement");
  EXPECT_EQ(references[0].values, (std::vector<std::string>{"aa", "bb"}));
  EXPECT_EQ(references[1].name, "tpm.pcrs.sha256.0");
  EXPECT_EQ(references[1].values, std::vector<std::string>{"00"});
}

TEST(RvpsMessage, RefusesOtherVersionsAndTypesNamingWhatItTakes) {
  ExpectRefused(Message({{"svn", 1}}, "sample", "0.2.0"),
                R"(expected "version" "0.1.0", got "0.2.0")");
  for (const char* type : {"slsa", "swid", "corim", "in-toto"}) {
    ExpectRefused(Message({{"svn", 1}}, type),
                  "type \"" + std::string(type) +
                      "\" is not supported: this veil-trustee takes RVPS messages of type "
                      "\"sample\" and its own body");
  }
  ExpectRefused(R"({"version": "0.1.0", "payload": "e30="})", R"(expected a string "type")");
  ExpectRefused(R"({"version": 1, "type": "sample", "payload": "e30="})", "version");
}

TEST(RvpsMessage, RefusesBadPayloadsPrecisely) {
  ExpectRefused(R"({"type": "sample"})", R"(expected a string "payload")");
  ExpectRefused(R"({"type": "sample", "payload": "not base64!"})",
                R"("payload" is not standard base64)");
  ExpectRefused(R"({"type": "sample", "payload": ")" + Base64Encode(AsBytes("{nope")) + "\"}",
                "RVPS message: ");
  ExpectRefused(R"({"type": "sample", "payload": ")" + Base64Encode(AsBytes("[1]")) + "\"}",
                "not a JSON object");
  ExpectRefused(Message(json::object()), "names no reference value");
  ExpectRefused(Message({{"svn", json::array()}}), R"(the value of "svn" is an empty list)");
  ExpectRefused(Message({{"svn", json::object()}}), "holds an object");
  ExpectRefused(Message({{"svn", json::array({json::array({1})})}}), "holds an array");
  ExpectRefused(Message({{"svn", nullptr}}), "expected a string, number or boolean");
  ExpectRefused(Message({{"Not A Name", 1}}), "reference value name");
  ExpectRefused(Message({{"svn", json::array({1, "1"})}}), "\"svn\"");  // the same value twice
  EXPECT_EQ(ParseRvpsMessageBody("[]").error().code, ErrorCode::kMalformed);
}

// All or nothing: one bad name refuses the whole message, so the caller stores none.
TEST(RvpsMessage, OneBadNameRefusesTheWholeMessage) {
  ExpectRefused(Message({{"good", 1}, {"z.bad", json::object()}}), "\"z.bad\"");
}

TEST(RvpsMessage, IsToldApartFromVeilsOwnBody) {
  EXPECT_TRUE(IsRvpsMessage(json::parse(Message({{"svn", 1}}))));
  EXPECT_TRUE(IsRvpsMessage(json{{"type", "slsa"}}));
  EXPECT_FALSE(IsRvpsMessage(json{{"name", "svn"}, {"values", {"1"}}}));
}

}  // namespace
}  // namespace veil::admin
