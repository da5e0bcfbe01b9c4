#include "veil/policy/trust_vector.h"

#include <gtest/gtest.h>

namespace veil::policy {
namespace {

TEST(Ar4siTier, FollowsTheDraftRangesIncludingNegativeValues) {
  EXPECT_EQ(TierOf(0), ArStatus::kNone);
  EXPECT_EQ(TierOf(1), ArStatus::kNone);
  EXPECT_EQ(TierOf(-1), ArStatus::kNone);
  EXPECT_EQ(TierOf(2), ArStatus::kAffirming);
  EXPECT_EQ(TierOf(31), ArStatus::kAffirming);
  EXPECT_EQ(TierOf(-2), ArStatus::kAffirming);
  EXPECT_EQ(TierOf(-32), ArStatus::kAffirming);
  EXPECT_EQ(TierOf(32), ArStatus::kWarning);
  EXPECT_EQ(TierOf(95), ArStatus::kWarning);
  EXPECT_EQ(TierOf(-33), ArStatus::kWarning);
  EXPECT_EQ(TierOf(-96), ArStatus::kWarning);
  EXPECT_EQ(TierOf(96), ArStatus::kContraindicated);
  EXPECT_EQ(TierOf(127), ArStatus::kContraindicated);
  EXPECT_EQ(TierOf(-97), ArStatus::kContraindicated);
  EXPECT_EQ(TierOf(-128), ArStatus::kContraindicated);
}

TEST(TrustVector, MostSevereValueWinsAndTheFirstOfATierStays) {
  TrustVector vector;
  vector.Raise(Ar4siComponent::kExecutables, 2);
  vector.Raise(Ar4siComponent::kExecutables, 3);  // same tier: first stays
  EXPECT_EQ(vector.Get(Ar4siComponent::kExecutables), 2);
  vector.Raise(Ar4siComponent::kExecutables, -40);  // warning beats affirming
  EXPECT_EQ(vector.Get(Ar4siComponent::kExecutables), -40);
  vector.Raise(Ar4siComponent::kExecutables, 2);  // affirming never lowers a warning
  EXPECT_EQ(vector.Get(Ar4siComponent::kExecutables), -40);
  vector.Raise(Ar4siComponent::kExecutables, 97);
  EXPECT_EQ(vector.Get(Ar4siComponent::kExecutables), 97);
  vector.Raise(Ar4siComponent::kExecutables, 0);  // none never lowers anything
  EXPECT_EQ(vector.Get(Ar4siComponent::kExecutables), 97);
}

TEST(TrustVector, StatusIsTheMostSevereTier) {
  TrustVector vector;
  EXPECT_EQ(vector.Status(), ArStatus::kNone);
  vector.Set(Ar4siComponent::kHardware, -2);  // a negative affirming value still affirms
  EXPECT_EQ(vector.Status(), ArStatus::kAffirming);
  vector.Set(Ar4siComponent::kConfiguration, 32);
  EXPECT_EQ(vector.Status(), ArStatus::kWarning);
  vector.Set(Ar4siComponent::kSourcedData, -128);
  EXPECT_EQ(vector.Status(), ArStatus::kContraindicated);
}

TEST(TrustVector, JsonUsesAr4siNamesAndRoundTrips) {
  TrustVector vector;
  vector.Set(Ar4siComponent::kInstanceIdentity, 2);
  vector.Set(Ar4siComponent::kRuntimeOpaque, -97);
  const nlohmann::json json = TrustVectorToJson(vector);
  EXPECT_EQ(json,
            nlohmann::json::parse(R"({"instance-identity": 2, "configuration": 0, "executables": 0,
      "file-system": 0, "hardware": 0, "runtime-opaque": -97, "storage-opaque": 0, "sourced-data": 0})"));
  EXPECT_EQ(TrustVectorFromJson(json).value(), vector);
  EXPECT_EQ(TrustVectorFromJson(nlohmann::json::object()).value(), TrustVector());
}

TEST(TrustVector, JsonRejectsUnknownNamesAndValuesOutsideInt8) {
  auto unknown = TrustVectorFromJson({{"hardwre", 2}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().ToString(),
            "policy: trust vector: unknown AR4SI component \"hardwre\"; expected one of "
            "instance-identity, "
            "configuration, executables, file-system, hardware, runtime-opaque, storage-opaque, "
            "sourced-data");
  for (const nlohmann::json& bad : {nlohmann::json(128), nlohmann::json(-129), nlohmann::json(2.5),
                                    nlohmann::json("2"), nlohmann::json(18446744073709551615u)}) {
    auto result = TrustVectorFromJson({{"hardware", bad}});
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(result.error().message,
              "trust vector: hardware: expected an integer in -128..127, found " + bad.dump());
  }
  EXPECT_FALSE(TrustVectorFromJson(nlohmann::json::array()));
}

TEST(ArStatus, NamesRoundTripAndUnknownNamesFail) {
  for (ArStatus status :
       {ArStatus::kNone, ArStatus::kAffirming, ArStatus::kWarning, ArStatus::kContraindicated}) {
    EXPECT_EQ(ArStatusFromJson(ArStatusToJson(status)).value(), status);
  }
  EXPECT_EQ(ArStatusToJson(ArStatus::kContraindicated), "contraindicated");
  auto unknown = ArStatusFromName("affirmed");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(
      unknown.error().message,
      "expected an AR status (none, affirming, warning, contraindicated), found \"affirmed\"");
  EXPECT_FALSE(ArStatusFromJson(2));
}

}  // namespace
}  // namespace veil::policy
