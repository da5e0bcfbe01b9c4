// CoCo's TDX evidence JSON: what guest-components sends is read back byte for byte, the optional
// event log in each of its wire forms, and each malformed shape refused with its own message.

#include "veil/evidence/tdx/coco_json.h"

#include <gtest/gtest.h>

#include "veil/base/base64.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::tdx {
namespace {

using nlohmann::json;

std::string Refusal(const json& evidence) {
  auto parsed = ParseCocoTdxEvidence(evidence);
  EXPECT_FALSE(parsed);
  return parsed ? std::string("(parsed)") : parsed.error().ToString();
}

TEST(CocoTdxEvidence, RoundTripsARealQuoteAndItsEventLog) {
  const Bytes quote = testing::ReadFixture("tdx/gce-cos113-quote-v4.dat");
  const Bytes log = testing::ReadFixture("tdx/gce-cos113-ccel-acpi-table.bin");
  const json wire = ToCocoTdxEvidence(quote, log);
  EXPECT_EQ(wire, (json{{"cc_eventlog", Base64Encode(log)}, {"quote", Base64Encode(quote)}}));
  auto parsed = ParseCocoTdxEvidence(wire);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->quote, quote);
  EXPECT_EQ(parsed->cc_eventlog, log);
}

TEST(CocoTdxEvidence, TheEventLogIsOptionalInEveryWireForm) {
  const std::string quote = Base64Encode(Bytes{1, 2, 3});
  for (const json& evidence :
       {json{{"quote", quote}}, json{{"quote", quote}, {"cc_eventlog", nullptr}},
        json{{"quote", quote}, {"cc_eventlog", ""}}, json{{"quote", quote}, {"unknown", 1}}}) {
    auto parsed = ParseCocoTdxEvidence(evidence);
    ASSERT_TRUE(parsed) << evidence.dump();
    EXPECT_EQ(parsed->quote, (Bytes{1, 2, 3}));
    EXPECT_FALSE(parsed->cc_eventlog) << evidence.dump();
  }
  EXPECT_EQ(ToCocoTdxEvidence(Bytes{1, 2, 3}, std::nullopt)["cc_eventlog"], nullptr);
}

TEST(CocoTdxEvidence, MalformedShapesAreRefusedEachWithItsMessage) {
  EXPECT_EQ(Refusal(json::array()), "tdx: TDX evidence must be a JSON object");
  EXPECT_EQ(Refusal(json::object()),
            "tdx: TDX evidence must have \"quote\", the base64 quote, as a string");
  EXPECT_EQ(Refusal({{"quote", 5}}),
            "tdx: TDX evidence must have \"quote\", the base64 quote, as a string");
  EXPECT_EQ(Refusal({{"quote", ""}}), "tdx: TDX quote is empty");
  EXPECT_EQ(Refusal({{"quote", "AQID"}, {"cc_eventlog", 7}}),
            "tdx: cc_eventlog must be a base64 string or null");
  EXPECT_EQ(Refusal({{"quote", "A-_B"}}).substr(0, 35), "tdx: quote is not standard base64: ");
  EXPECT_EQ(Refusal({{"quote", "AQID"}, {"cc_eventlog", "!!"}}).substr(0, 41),
            "tdx: cc_eventlog is not standard base64: ");
}

}  // namespace
}  // namespace veil::evidence::tdx
