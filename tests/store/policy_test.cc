#include "veil/store/policy.h"

#include <gtest/gtest.h>

namespace veil::store {
namespace {

TEST(PolicyKind, NamesRoundTrip) {
  EXPECT_EQ(PolicyKindName(PolicyKind::kAttestation), "attestation");
  EXPECT_EQ(PolicyKindName(PolicyKind::kResource), "resource");
  EXPECT_EQ(PolicyKindName(PolicyKind::kIdentity), "identity");
  for (const PolicyKind kind : protocol::kAllPolicyKinds) {
    EXPECT_EQ(ParsePolicyKind(PolicyKindName(kind)).value(), kind);
  }
}

TEST(PolicyKind, RefusesUnknownNames) {
  for (const char* name : {"", "Resource", "appraisal", "resource ", "identities"}) {
    auto result = ParsePolicyKind(name);
    ASSERT_FALSE(result) << name;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(result.error().message.find("expected \"attestation\", \"resource\" or \"identity\""),
              std::string::npos);
  }
}

TEST(ValidatePolicy, AcceptsIdAndText) {
  EXPECT_TRUE(ValidatePolicy({PolicyKind::kResource, "default", "package policy\nallow = true"}));
  EXPECT_TRUE(ValidatePolicy({PolicyKind::kAttestation, std::string(kMaxPolicyIdSize, 'i'), "x"}));
}

TEST(ValidatePolicy, RefusesBadIds) {
  EXPECT_EQ(ValidatePolicy({PolicyKind::kResource, "", "x"}).error().message,
            "policy id: expected 1..128 characters, got 0");
  EXPECT_FALSE(
      ValidatePolicy({PolicyKind::kResource, std::string(kMaxPolicyIdSize + 1, 'i'), "x"}));
  EXPECT_EQ(ValidatePolicy({PolicyKind::kResource, "de fault", "x"}).error().message,
            "policy id: expected [A-Za-z0-9._-]+, got \"de fault\"");
}

TEST(ValidatePolicy, RefusesEmptyOrOversizeText) {
  EXPECT_EQ(ValidatePolicy({PolicyKind::kResource, "default", ""}).error().message,
            "policy text: expected 1..1048576 bytes, got 0");
  EXPECT_FALSE(
      ValidatePolicy({PolicyKind::kResource, "default", std::string(kMaxPolicyTextSize + 1, 'p')}));
  EXPECT_TRUE(
      ValidatePolicy({PolicyKind::kResource, "default", std::string(kMaxPolicyTextSize, 'p')}));
}

}  // namespace
}  // namespace veil::store
