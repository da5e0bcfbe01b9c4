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

nlohmann::json TestDataJson(std::string_view relative) {
  const Bytes text = testing::ReadTestData(relative);
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
}

// tests/data/coco: real reports as the sev crate 6.3+ writes them (nulls for missing fields).
TEST(CocoSnpJson, CurrentSevCrateFormRebuildsTheRealReports) {
  const struct {
    const char* json;
    const char* report;
    const char* certificate_type;
  } cases[] = {
      {"coco/snp-v2-sev7-milan.json", "snp/milan-virtee-report.bin", "VCEK"},
      {"coco/snp-v3-sev7-aws-vlek.json", "snp/milan-aws-vlek-report.bin", "VLEK"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.json);
    const nlohmann::json fields = TestDataJson(c.json)["attestation_report"];
    EXPECT_TRUE(fields.at("launch_mit_vector").is_null());
    EXPECT_TRUE(fields.at("current_mit_vector").is_null());
    auto evidence = ParseCocoSnpEvidence(TestDataJson(c.json));
    ASSERT_TRUE(evidence) << evidence.error().ToString();
    EXPECT_EQ(evidence->report, testing::ReadFixture(c.report));
    ASSERT_EQ(evidence->cert_chain.size(), 1u);
    EXPECT_EQ(evidence->cert_chain[0].type, c.certificate_type);
  }
  const nlohmann::json v2 = TestDataJson("coco/snp-v2-sev7-milan.json")["attestation_report"];
  EXPECT_TRUE(v2.at("cpuid_fam_id").is_null());
}

TEST(CocoSnpJson, NullOnlyWhereTheReportVersionLacksTheField) {
  const nlohmann::json v3 = TestDataJson("coco/snp-v3-sev7-aws-vlek.json");
  nlohmann::json null_cpuid = v3;
  null_cpuid["attestation_report"]["cpuid_mod_id"] = nullptr;
  auto refused = ParseCocoSnpEvidence(null_cpuid);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "cpuid_mod_id is null, but report version 3 has it (since version 3)");

  nlohmann::json set_mitigation = v3;
  set_mitigation["attestation_report"]["launch_mit_vector"] = 0;
  refused = ParseCocoSnpEvidence(set_mitigation);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("launch_mit_vector is set, but report version 3 has no "
                                         "such field (added in version 5); expected null"),
            std::string::npos);

  nlohmann::json v5 = v3;
  v5["attestation_report"]["version"] = 5;
  refused = ParseCocoSnpEvidence(v5);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("launch_mit_vector is null, but report version 5 has it"),
            std::string::npos)
      << refused.error().message;
  v5["attestation_report"]["launch_mit_vector"] = 3;
  v5["attestation_report"]["current_mit_vector"] = 7;
  const CocoSnpEvidence rebuilt = ParseCocoSnpEvidence(v5).value();
  EXPECT_EQ(ParseReport(rebuilt.report).value().current_mit_vector, 7u);
}

TEST(CocoSnpJson, OlderFormWithoutTheOptionalFieldsStillParses) {
  nlohmann::json older = TestDataJson("coco/snp-v2-sev7-milan.json");
  for (const char* field :
       {"cpuid_fam_id", "cpuid_mod_id", "cpuid_step", "launch_mit_vector", "current_mit_vector"}) {
    older["attestation_report"].erase(field);
  }
  const CocoSnpEvidence evidence = ParseCocoSnpEvidence(older).value();
  EXPECT_EQ(evidence.report, testing::ReadFixture("snp/milan-virtee-report.bin"));
}

TEST(CocoSnpJson, NullCertChainMeansNoCertificateTable) {
  const CocoSnpEvidence evidence =
      ParseCocoSnpEvidence(TestDataJson("coco/snp-v2-sev7-no-certs.json")).value();
  EXPECT_TRUE(evidence.cert_chain.empty());
}

}  // namespace
}  // namespace veil::evidence::snp
