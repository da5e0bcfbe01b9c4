#include "veil/store/reference_value.h"

#include <gtest/gtest.h>

namespace veil::store {
namespace {

ReferenceValue Measurement() {
  return {"snp.measurement", {"3f1a", "9c02"}, std::nullopt, "built by CI run 7"};
}

TEST(ValidateReferenceValueName, AcceptsClaimStyleNames) {
  for (const char* name :
       {"snp.measurement", "tpm.pcrs.sha256.23", "init_data", "tdx.rtmr-0", "a"}) {
    EXPECT_TRUE(ValidateReferenceValueName(name)) << name;
  }
  EXPECT_TRUE(ValidateReferenceValueName(std::string(kMaxReferenceValueNameSize, 'n')));
}

TEST(ValidateReferenceValueName, RefusesOtherNames) {
  for (const char* name :
       {"SNP.measurement", "snp measurement", "snp/measurement", "snp:x", "\xc3\xa9", "x\n"}) {
    auto result = ValidateReferenceValueName(name);
    ASSERT_FALSE(result) << name;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(result.error().message.find("expected [a-z0-9_.-]+"), std::string::npos)
        << result.error().message;
  }
  EXPECT_EQ(ValidateReferenceValueName("").error().message,
            "reference value name: expected 1..128 characters, got 0");
  EXPECT_EQ(
      ValidateReferenceValueName(std::string(kMaxReferenceValueNameSize + 1, 'n')).error().message,
      "reference value name: expected 1..128 characters, got 129");
}

TEST(ValidateReferenceValue, AcceptsAWellFormedSet) {
  EXPECT_TRUE(ValidateReferenceValue(Measurement()));
}

TEST(ValidateReferenceValue, RefusesABadName) {
  ReferenceValue reference = Measurement();
  reference.name = "Bad Name";
  EXPECT_FALSE(ValidateReferenceValue(reference));
}

TEST(ValidateReferenceValue, RefusesAnEmptyOrOversizeSet) {
  ReferenceValue reference = Measurement();
  reference.values.clear();
  EXPECT_EQ(ValidateReferenceValue(reference).error().message,
            "reference value snp.measurement: expected 1..1024 accepted values, got 0");
  reference.values.clear();
  for (std::size_t i = 0; i <= kMaxReferenceValueCount; ++i)
    reference.values.push_back(std::to_string(i));
  EXPECT_FALSE(ValidateReferenceValue(reference));
}

TEST(ValidateReferenceValue, RefusesEmptyOversizeOrRepeatedValues) {
  ReferenceValue reference = Measurement();
  reference.values = {"3f1a", ""};
  EXPECT_EQ(ValidateReferenceValue(reference).error().message,
            "reference value snp.measurement: expected each value to have 1..4096 bytes, got 0");
  reference.values = {std::string(kMaxReferenceValueSize + 1, 'f')};
  EXPECT_FALSE(ValidateReferenceValue(reference));
  reference.values = {"3f1a", "9c02", "3f1a"};
  EXPECT_EQ(ValidateReferenceValue(reference).error().message,
            "reference value snp.measurement: value \"3f1a\" is listed twice");
}

TEST(ValidateReferenceValue, RefusesOversizeProvenance) {
  ReferenceValue reference = Measurement();
  reference.provenance.assign(kMaxReferenceValueSize + 1, 'p');
  EXPECT_FALSE(ValidateReferenceValue(reference));
}

// A value's kind must match its text, as CanonicalText prints a JSON value of that kind.
TEST(ValidateReferenceValue, AcceptsTypedValuesAndAScalar) {
  ReferenceValue reference{"snp_bootloader", {}, std::nullopt, ""};
  reference.Add("3", ReferenceValueKind::kInteger);
  reference.Add("-12", ReferenceValueKind::kInteger);
  reference.Add("false", ReferenceValueKind::kBoolean);
  reference.Add("1.5e3", ReferenceValueKind::kNumber);
  reference.Add("abc", ReferenceValueKind::kString);
  EXPECT_TRUE(ValidateReferenceValue(reference));
  ReferenceValue scalar{"snp_smt_enabled", {}, std::nullopt, ""};
  scalar.Add("true", ReferenceValueKind::kBoolean);
  scalar.scalar = true;
  EXPECT_TRUE(ValidateReferenceValue(scalar));
}

TEST(ValidateReferenceValue, RefusesKindsThatDoNotFitTheValues) {
  const auto message = [](const std::string& text, ReferenceValueKind kind) {
    ReferenceValue reference{"svn", {}, std::nullopt, ""};
    reference.Add(text, kind);
    auto valid = ValidateReferenceValue(reference);
    return valid ? std::string("accepted") : valid.error().message;
  };
  EXPECT_EQ(message("abc", ReferenceValueKind::kInteger),
            "reference value svn: value \"abc\" is not integer text");
  EXPECT_EQ(message("-", ReferenceValueKind::kInteger),
            "reference value svn: value \"-\" is not integer text");
  EXPECT_EQ(message("True", ReferenceValueKind::kBoolean),
            "reference value svn: value \"True\" is not boolean text");
  EXPECT_EQ(message("1,5", ReferenceValueKind::kNumber),
            "reference value svn: value \"1,5\" is not number text");

  ReferenceValue more_kinds = Measurement();
  more_kinds.kinds.assign(3, ReferenceValueKind::kString);
  EXPECT_EQ(ValidateReferenceValue(more_kinds).error().message,
            "reference value snp.measurement: expected at most one kind per value, got 3 kinds "
            "for 2 values");
  ReferenceValue two_scalars = Measurement();
  two_scalars.scalar = true;
  EXPECT_EQ(ValidateReferenceValue(two_scalars).error().message,
            "reference value snp.measurement: expected one value in an entry written as a "
            "scalar, got 2");
}

}  // namespace
}  // namespace veil::store
