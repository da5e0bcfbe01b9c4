#include "veil/kbs/additional_evidence.h"

#include <gtest/gtest.h>

namespace veil::kbs {
namespace {

TEST(AdditionalEvidence, NoneIsAnEmptyObject) {
  EXPECT_EQ(UnverifiedAdditionalEvidence("").value(), nlohmann::json::object());
}

TEST(AdditionalEvidence, EveryDeviceIsCarriedAsUnverified) {
  const nlohmann::json unverified =
      UnverifiedAdditionalEvidence(R"({"nvgpu": {"evidence_list": [1, 2]}, "sampledevice": "x"})")
          .value();
  ASSERT_EQ(unverified.size(), 2u);
  EXPECT_EQ(unverified["nvgpu"]["verified"], false);
  EXPECT_EQ(unverified["nvgpu"]["reason"], "Veil has no verifier for \"nvgpu\" evidence");
  EXPECT_EQ(unverified["nvgpu"]["evidence"]["evidence_list"][1], 2);
  EXPECT_EQ(unverified["sampledevice"]["evidence"], "x");
}

TEST(AdditionalEvidence, AnythingButAnObjectOfDevicesIsRefused) {
  for (const char* text : {"[1]", "\"nvgpu\"", "{\"nvgpu\":", "not json", "null"}) {
    auto refused = UnverifiedAdditionalEvidence(text);
    ASSERT_FALSE(refused) << text;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace veil::kbs
