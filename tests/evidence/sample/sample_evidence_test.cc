#include "veil/evidence/sample/sample_evidence.h"

#include <gtest/gtest.h>

namespace veil::evidence::sample {
namespace {

TEST(SampleEvidence, ParsesCocoShape) {
  auto evidence = ParseSampleEvidence(R"({"svn": "1", "report_data": "AQID"})").value();
  EXPECT_EQ(evidence.svn, "1");
  EXPECT_EQ(evidence.report_data, (Bytes{1, 2, 3}));
  EXPECT_EQ(ParseSampleEvidence(R"({"svn": 7, "report_data": ""})").value().svn, "7");
}

TEST(SampleEvidence, RejectsEveryMalformedShape) {
  for (const char* text :
       {"", "[]", "{", R"({"svn": "1"})", R"({"report_data": "AQID"})",
        R"({"svn": "x1", "report_data": "AQID"})", R"({"svn": -1, "report_data": "AQID"})",
        R"({"svn": "1", "report_data": "!!"})", R"({"svn": "1", "report_data": 5})",
        R"({"svn": "1", "report_data": "AQID", "extra": 1})"}) {
    auto parsed = ParseSampleEvidence(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed) << text;
    EXPECT_EQ(parsed.error().context, "sample");
  }
}

TEST(SampleEvidence, RejectsOversizedReportData) {
  const std::string big(100, 'A');  // 75 bytes decoded
  EXPECT_FALSE(ParseSampleEvidence(R"({"svn": "1", "report_data": ")" + big + "\"}"));
}

}  // namespace
}  // namespace veil::evidence::sample
