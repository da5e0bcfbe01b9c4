#include "veil/evidence/tpm/coco_json.h"

#include <gtest/gtest.h>

#include "veil/evidence/tpm/attest.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::tpm {
namespace {

nlohmann::json CocoEvidence() {
  const Bytes text = testing::ReadFixture("coco/tpm-evidence.json");
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
}

TEST(CocoTpmJson, DecodesCocosOwnEvidence) {
  const CocoTpmEvidence evidence = ParseCocoTpmEvidence(CocoEvidence()).value();
  EXPECT_TRUE(ParseQuoteAttest(evidence.message));
  EXPECT_FALSE(evidence.ak_public.empty());
  EXPECT_FALSE(evidence.signature.empty());
  EXPECT_EQ(nlohmann::json::parse(evidence.pcrs).size(), 24u);
}

TEST(CocoTpmJson, NamesTheMemberThatIsWrong) {
  const nlohmann::json original = CocoEvidence();
  nlohmann::json no_quote = original;
  no_quote.erase("tpm_quote");
  EXPECT_FALSE(ParseCocoTpmEvidence(no_quote));

  nlohmann::json bad_base64 = original;
  bad_base64["tpm_quote"]["signature"] = "not base64!";
  auto refused = ParseCocoTpmEvidence(bad_base64);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(refused.error().message.rfind("tpm_quote.signature: ", 0), 0u)
      << refused.error().message;

  nlohmann::json number_ak = original;
  number_ak["ak_public"] = 7;
  EXPECT_EQ(ParseCocoTpmEvidence(number_ak).error().message,
            "evidence.ak_public must be a base64 string");

  nlohmann::json pcr_object = original;
  pcr_object["tpm_quote"]["pcrs"] = nlohmann::json::object();
  EXPECT_EQ(ParseCocoTpmEvidence(pcr_object).error().message,
            "tpm_quote.pcrs must be an array of 24 hex SHA-256 values");
}

}  // namespace
}  // namespace veil::evidence::tpm
