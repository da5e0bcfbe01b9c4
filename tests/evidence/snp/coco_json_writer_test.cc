#include "veil/evidence/snp/coco_json_writer.h"

#include <gtest/gtest.h>

#include "veil/evidence/snp/coco_json.h"
#include "veil/evidence/snp/report.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::snp {
namespace {

nlohmann::json CocoFixture() {
  const Bytes text = testing::ReadFixture("coco/snp-evidence.json");
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
}

void ExpectRoundTrip(const Bytes& report, const std::vector<CertTableEntry>& chain) {
  auto json = ToCocoSnpEvidence(report, chain);
  ASSERT_TRUE(json) << json.error().ToString();
  auto parsed = ParseCocoSnpEvidence(*json);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->report, report);
  ASSERT_EQ(parsed->cert_chain.size(), chain.size());
  for (std::size_t i = 0; i < chain.size(); ++i) {
    EXPECT_EQ(parsed->cert_chain[i].type, chain[i].type);
    EXPECT_EQ(parsed->cert_chain[i].der, chain[i].der);
  }
}

void PutU64(Bytes& report, std::size_t at, std::uint64_t value) {
  for (std::size_t i = 0; i < 8; ++i) report[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

TEST(CocoSnpJsonWriter, RealReportsRoundTripByteForByte) {
  const std::vector<CertTableEntry> vcek = {
      {"VCEK", testing::ReadFixture("snp/milan-virtee-vcek.der")}};
  for (const char* name : {"snp/milan-gsg-report.bin", "snp/milan-virtee-report.bin",
                           "snp/milan-trustee-report.bin", "snp/milan-aws-vlek-report.bin"}) {
    SCOPED_TRACE(name);
    ExpectRoundTrip(testing::ReadFixture(name), vcek);
    ExpectRoundTrip(testing::ReadFixture(name), {});
  }
}

TEST(CocoSnpJsonWriter, ReproducesCocosOwnEvidenceExactly) {
  // The report and VCEK that virtee/sev serialized in CoCo's end-to-end test (version 3, Genoa).
  // That fixture predates sev 6.3, which adds the mitigation vectors a version 3 report lacks as
  // nulls; apart from them the output is identical.
  const nlohmann::json fixture = CocoFixture();
  const CocoSnpEvidence evidence = ParseCocoSnpEvidence(fixture).value();
  nlohmann::json current_form = fixture;
  current_form["attestation_report"]["launch_mit_vector"] = nullptr;
  current_form["attestation_report"]["current_mit_vector"] = nullptr;
  EXPECT_EQ(ToCocoSnpEvidence(evidence.report, evidence.cert_chain).value(), current_form);
}

TEST(CocoSnpJsonWriter, NoCertificatesIsANullChain) {
  const auto json =
      ToCocoSnpEvidence(testing::ReadFixture("snp/milan-virtee-report.bin"), {}).value();
  EXPECT_TRUE(json["cert_chain"].is_null());
  EXPECT_EQ(json["attestation_report"]["version"], 2);
  EXPECT_TRUE(json["attestation_report"].at("cpuid_fam_id").is_null());
  EXPECT_TRUE(json["attestation_report"].at("launch_mit_vector").is_null());
  EXPECT_EQ(json["attestation_report"]["current_tcb"],
            (nlohmann::json{
                {"fmc", nullptr}, {"bootloader", 3}, {"tee", 0}, {"snp", 8}, {"microcode", 115}}));
}

TEST(CocoSnpJsonWriter, MatchesTheSevCrateFormOfARealReport) {
  // tests/data/coco/sev_json.py is an independent reading of the layout in the sev crate's form.
  const Bytes text = testing::ReadTestData("coco/snp-v3-sev7-aws-vlek.json");
  const nlohmann::json expected = nlohmann::json::parse(text.begin(), text.end());
  const std::vector<CertTableEntry> vlek = {
      {"VLEK", testing::ReadFixture("snp/milan-aws-vlek.der")}};
  EXPECT_EQ(ToCocoSnpEvidence(testing::ReadFixture("snp/milan-aws-vlek-report.bin"), vlek).value(),
            expected);
}

TEST(CocoSnpJsonWriter, Version5AndTurinLayoutsRoundTrip) {
  // Reshaped from a real version 3 report: these tests are about serialization, not signatures.
  Bytes report = testing::ReadFixture("snp/milan-aws-vlek-report.bin");
  report[0x000] = 5;
  PutU64(report, 0x1F8, 0x0000000000000003);  // LAUNCH_MIT_VECTOR
  PutU64(report, 0x200, 0x0000000000000007);  // CURRENT_MIT_VECTOR
  ExpectRoundTrip(report, {});
  EXPECT_EQ(ToCocoSnpEvidence(report, {}).value()["attestation_report"]["current_mit_vector"], 7);

  report[0x188] =
      0x1A;  // CPUID_FAM_ID: Turin, whose TCB_VERSION is FMC, BL, TEE, SNP, -, -, -, ucode
  for (std::size_t tcb : {0x038u, 0x180u, 0x1E0u, 0x1F0u}) PutU64(report, tcb, 0x0900000004030201);
  ExpectRoundTrip(report, {});
  EXPECT_EQ(
      ToCocoSnpEvidence(report, {}).value()["attestation_report"]["reported_tcb"],
      (nlohmann::json{{"fmc", 1}, {"bootloader", 2}, {"tee", 3}, {"snp", 4}, {"microcode", 9}}));
}

TEST(CocoSnpJsonWriter, ReservedTcbBytesCannotBeCarried) {
  Bytes report = testing::ReadFixture("snp/milan-virtee-report.bin");
  report[0x180 + 3] = 1;  // REPORTED_TCB byte 3 is reserved in the Milan layout
  auto json = ToCocoSnpEvidence(report, {});
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(json.error().message.find("reported_tcb"), std::string::npos) << json.error().message;

  Bytes turin = testing::ReadFixture("snp/milan-aws-vlek-report.bin");
  turin[0x188] = 0x1A;  // its Milan-shaped TCBs have SNP in byte 6, reserved on Turin
  EXPECT_EQ(ToCocoSnpEvidence(turin, {}).error().code, ErrorCode::kUnsupported);
}

TEST(CocoSnpJsonWriter, MalformedReportsAreRefused) {
  Bytes report = testing::ReadFixture("snp/milan-virtee-report.bin");
  EXPECT_EQ(ToCocoSnpEvidence(ByteSpan(report).first(kReportSize - 1), {}).error().code,
            ErrorCode::kMalformed);
  report[0x04C] = 1;  // reserved
  EXPECT_EQ(ToCocoSnpEvidence(report, {}).error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace veil::evidence::snp
