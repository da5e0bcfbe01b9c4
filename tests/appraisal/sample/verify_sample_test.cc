#include "veil/appraisal/sample/verify_sample.h"

#include <gtest/gtest.h>

namespace veil::appraisal::sample {
namespace {

TEST(VerifySample, ClaimsAreMarkedInsecure) {
  auto claims = VerifySample(R"({"svn": "1", "report_data": "AQID"})", std::nullopt).value();
  EXPECT_EQ(claims.tee(), "sample");
  EXPECT_EQ(claims.claims()["insecure"], true);
  EXPECT_EQ(claims.claims()["svn"], "1");
  EXPECT_EQ(claims.claims()["report_data"].get<std::string>().substr(0, 8), "01020300");
}

TEST(VerifySample, ChecksReportDataBinding) {
  EXPECT_TRUE(VerifySample(R"({"svn": "1", "report_data": "AQID"})", Bytes{1, 2, 3}));
  auto mismatch = VerifySample(R"({"svn": "1", "report_data": "AQID"})", Bytes{1, 2, 4});
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(mismatch.error().message.find("report_data mismatch: expected 010204"),
            std::string::npos);
}

}  // namespace
}  // namespace veil::appraisal::sample
