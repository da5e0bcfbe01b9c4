// CoCo's SGX evidence JSON: a real quote read back byte for byte, other members ignored, and each
// malformed shape refused with its own message.

#include "veil/evidence/sgx/coco_json.h"

#include <gtest/gtest.h>

#include "veil/base/base64.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::sgx {
namespace {

using nlohmann::json;

std::string Refusal(const json& evidence) {
  auto parsed = ParseCocoSgxEvidence(evidence);
  EXPECT_FALSE(parsed);
  return parsed ? std::string("(parsed)") : parsed.error().ToString();
}

TEST(CocoSgxEvidence, RoundTripsARealQuote) {
  const Bytes quote = testing::ReadFixture("sgx/dq-sgx-quote-v3.dat");
  const json wire = ToCocoSgxEvidence(quote);
  EXPECT_EQ(wire, (json{{"quote", Base64Encode(quote)}}));
  auto parsed = ParseCocoSgxEvidence(wire);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->quote, quote);
}

TEST(CocoSgxEvidence, OtherMembersAreIgnored) {
  auto parsed = ParseCocoSgxEvidence({{"quote", "AQID"}, {"cc_eventlog", 7}});
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->quote, (Bytes{1, 2, 3}));
}

TEST(CocoSgxEvidence, MalformedShapesAreRefusedEachWithItsMessage) {
  EXPECT_EQ(Refusal(json::array()), "sgx: SGX evidence must be a JSON object");
  EXPECT_EQ(Refusal(json::object()),
            "sgx: SGX evidence must have \"quote\", the base64 quote, as a string");
  EXPECT_EQ(Refusal({{"quote", nullptr}}),
            "sgx: SGX evidence must have \"quote\", the base64 quote, as a string");
  EXPECT_EQ(Refusal({{"quote", ""}}), "sgx: SGX quote is empty");
  EXPECT_EQ(Refusal({{"quote", "A-_B"}}).substr(0, 35), "sgx: quote is not standard base64: ");
}

}  // namespace
}  // namespace veil::evidence::sgx
