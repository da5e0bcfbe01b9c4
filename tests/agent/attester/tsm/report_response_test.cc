#include "veil/agent/attester/tsm/report_response.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "veil/evidence/snp/report.h"
#include "veil/testing/fixtures.h"

namespace veil::agent::tsm {
namespace {

constexpr std::size_t kHeaderSize = 0x20;

void PutU32(Bytes& bytes, std::size_t at, std::uint32_t value) {
  for (std::size_t i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

// struct snp_report_resp's 4000-byte `data` as the kernel fills it: MSG_REPORT_RSP around a real
// report, then zero padding.
Bytes Response(const Bytes& report, std::uint32_t status = 0) {
  Bytes response(4000, 0);
  PutU32(response, 0x00, status);
  PutU32(response, 0x04, static_cast<std::uint32_t>(report.size()));
  std::copy(report.begin(), report.end(), response.begin() + kHeaderSize);
  return response;
}

Bytes Report() { return testing::ReadFixture("snp/milan-virtee-report.bin"); }

TEST(SnpReportResponse, ReturnsTheReportBytes) {
  const Bytes report = Report();
  auto parsed = ParseReportResponse(Response(report));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(*parsed, report);
  EXPECT_TRUE(evidence::snp::ParseReport(*parsed));
  // Exactly header and report, without the kernel's padding, is enough.
  EXPECT_EQ(
      ParseReportResponse(ByteSpan(Response(report)).first(kHeaderSize + report.size())).value(),
      report);
}

TEST(SnpReportResponse, EveryTruncationFails) {
  const Bytes response = Response(Report());
  for (std::size_t size = 0; size < kHeaderSize + evidence::snp::kReportSize; ++size) {
    auto parsed = ParseReportResponse(ByteSpan(response).first(size));
    ASSERT_FALSE(parsed) << size;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed) << size;
  }
}

TEST(SnpReportResponse, AFirmwareErrorIsUnavailableAndNamed) {
  auto refused = ParseReportResponse(Response(Report(), 0x16));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(refused.error().message.find("STATUS 0x0000000000000016 (INVALID_PARAM)"),
            std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().context, "MSG_REPORT_RSP");
}

TEST(SnpReportResponse, ReportSizeIsBoundsChecked) {
  auto with_size = [](std::uint32_t size) {
    Bytes response = Response(Report());
    PutU32(response, 0x04, size);
    return ParseReportResponse(response);
  };
  for (std::uint32_t size : {0xFFFFFFFFu, 4000u, 4000u - 0x20 + 1}) {
    auto parsed = with_size(size);
    ASSERT_FALSE(parsed) << size;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed) << size;
    EXPECT_NE(parsed.error().message.find("exceeds"), std::string::npos) << parsed.error().message;
  }
  for (std::uint32_t size : {0u, 1000u, 1185u, 4000u - 0x20}) {
    auto parsed = with_size(size);
    ASSERT_FALSE(parsed) << size;
    EXPECT_EQ(parsed.error().code, ErrorCode::kUnsupported) << size;
  }
}

TEST(SnpReportResponse, EveryReservedByteMustBeZero) {
  for (std::size_t at = 0x08; at < kHeaderSize; ++at) {
    Bytes response = Response(Report());
    response[at] = 0x01;
    auto parsed = ParseReportResponse(response);
    ASSERT_FALSE(parsed) << at;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed) << at;
  }
}

}  // namespace
}  // namespace veil::agent::tsm
