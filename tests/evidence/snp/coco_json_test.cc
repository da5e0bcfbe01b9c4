#include "veil/evidence/snp/coco_json.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/evidence/snp/product.h"
#include "veil/evidence/snp/report.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::snp {
namespace {

nlohmann::json CocoEvidence() {
  const Bytes text = testing::ReadFixture("coco/snp-evidence.json");
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
}

TEST(CocoSnpJson, RebuildsTheReportBytes) {
  const CocoSnpEvidence evidence = ParseCocoSnpEvidence(CocoEvidence()).value();
  ASSERT_EQ(evidence.report.size(), kReportSize);
  const Report report = ParseReport(evidence.report).value();
  EXPECT_EQ(report.version, 3u);
  EXPECT_EQ(report.policy, 0x30000u);
  ASSERT_TRUE(report.cpuid);
  EXPECT_EQ(report.cpuid->model, 0xa0);
  EXPECT_EQ(ProductFromCpuid(report.cpuid->family, report.cpuid->model), Product::kGenoa);
  EXPECT_EQ(report.current_version.minor, 55);
  ASSERT_EQ(evidence.cert_chain.size(), 1u);
  EXPECT_EQ(evidence.cert_chain[0].type, "VCEK");
  EXPECT_GT(evidence.cert_chain[0].der.size(), 1000u);
}

TEST(CocoSnpJson, RejectsMissingAndOutOfRangeFields) {
  const nlohmann::json original = CocoEvidence();
  auto without = [&](const char* field) {
    nlohmann::json copy = original;
    copy["attestation_report"].erase(field);
    return ParseCocoSnpEvidence(copy);
  };
  for (const char* field : {"version", "measurement", "reported_tcb", "signature", "current"}) {
    auto result = without(field);
    ASSERT_FALSE(result) << field;
    EXPECT_EQ(result.error().code, ErrorCode::kMalformed);
  }
  nlohmann::json wide = original;
  wide["attestation_report"]["vmpl"] = 1ull << 40;
  auto too_wide = ParseCocoSnpEvidence(wide);
  ASSERT_FALSE(too_wide);
  EXPECT_NE(too_wide.error().message.find("does not fit in 4 bytes"), std::string::npos);

  nlohmann::json short_array = original;
  short_array["attestation_report"]["measurement"].erase(0);
  EXPECT_FALSE(ParseCocoSnpEvidence(short_array));

  nlohmann::json bad_byte = original;
  bad_byte["attestation_report"]["report_data"][3] = 256;
  EXPECT_FALSE(ParseCocoSnpEvidence(bad_byte));

  nlohmann::json bad_version = original;
  bad_version["attestation_report"]["version"] = 9;
  EXPECT_FALSE(ParseCocoSnpEvidence(bad_version));

  EXPECT_FALSE(ParseCocoSnpEvidence(nlohmann::json::array()));
  nlohmann::json bad_chain = original;
  bad_chain["cert_chain"] = "VCEK";
  EXPECT_FALSE(ParseCocoSnpEvidence(bad_chain));
}

}  // namespace
}  // namespace veil::evidence::snp
