#include "veil/agent/attester/sample/sample_attester.h"

#include <gtest/gtest.h>

#include <optional>

#include "veil/base/base64.h"
#include "veil/evidence/sample/sample_evidence.h"
#include "veil/kbs/tee_evidence.h"

namespace veil::agent::sample {
namespace {

const FixedClock kNow(TimePoint{});

// A binding as the agent computes it: a 48-byte SHA-384 zero-padded to 64 bytes.
Bytes ReportData(std::uint8_t fill) {
  Bytes data(64, 0);
  for (std::size_t i = 0; i < 48; ++i) data[i] = static_cast<std::uint8_t>(fill + i);
  return data;
}

Result<appraisal::VerifiedClaims> Appraise(const nlohmann::json& evidence, ByteSpan report_data) {
  const std::optional<initdata::InitData> no_init_data;
  return kbs::AppraiseTeeEvidence(
      {protocol::TeeKind::kSample, evidence, report_data, no_init_data, kNow});
}

TEST(SampleAttester, EvidenceIsCocosSampleQuote) {
  const auto attester = MakeSampleAttester();
  EXPECT_EQ(attester->tee(), protocol::TeeKind::kSample);
  const Bytes report_data = ReportData(1);
  const nlohmann::json evidence = attester->CollectEvidence(report_data).value();
  // 48 bytes, as CoCo's sample verifier compares them with the SHA-384 binding.
  const Bytes digest(report_data.begin(), report_data.begin() + 48);
  EXPECT_EQ(evidence, (nlohmann::json{{"svn", "1"}, {"report_data", Base64Encode(digest)}}));
  const auto parsed = evidence::sample::ParseSampleEvidence(evidence.dump()).value();
  EXPECT_EQ(parsed.svn, "1");
  EXPECT_EQ(parsed.report_data, digest);
}

TEST(SampleAttester, RefusesToCutNonZeroBytesPast48) {
  Bytes report_data = ReportData(1);
  report_data[50] = 7;
  auto refused = MakeSampleAttester()->CollectEvidence(report_data);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
}

TEST(SampleAttester, TheTrusteeAcceptsItForTheSameReportDataOnly) {
  const auto attester = MakeSampleAttester();
  const Bytes report_data = ReportData(1);
  const nlohmann::json evidence = attester->CollectEvidence(report_data).value();

  auto claims = Appraise(evidence, report_data);
  ASSERT_TRUE(claims) << claims.error().ToString();
  EXPECT_EQ(claims->tee(), "sample");
  EXPECT_EQ(claims->claims()["insecure"], true);

  auto other = Appraise(evidence, ReportData(2));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(other.error().message.find("report_data mismatch"), std::string::npos)
      << other.error().message;
}

TEST(SampleAttester, RefusesOversizedReportDataAndMeasurements) {
  const auto attester = MakeSampleAttester();
  auto oversized = attester->CollectEvidence(Bytes(65, 0));
  ASSERT_FALSE(oversized);
  EXPECT_EQ(oversized.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(attester->CollectEvidence({}));  // CoCo allows short report data; so does the parser

  auto extend = attester->ExtendMeasurement(Bytes(32, 0));
  ASSERT_FALSE(extend);
  EXPECT_EQ(extend.error().code, ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace veil::agent::sample
