// The legacy /dev/sev-guest driver. Without SEV-SNP hardware only its failure paths can run for
// real; its response parsing is covered by report_response_test.cc.
#include "veil/agent/attester/tsm/sev_guest_device.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/agent/attester/tsm/tsm_attester.h"

namespace veil::agent::tsm {
namespace {

TEST(SevGuestDevice, AMissingDeviceIsUnavailableAndNamed) {
  auto device = SevGuestDevice::Open("/nonexistent/sev-guest");
  ASSERT_FALSE(device);
  EXPECT_EQ(device.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(device.error().message,
            "cannot open /nonexistent/sev-guest: No such file or directory");
}

TEST(SevGuestDevice, ADeviceThatIsNotSevGuestFailsTheIoctl) {
  const SevGuestDevice device = SevGuestDevice::Open("/dev/null").value();
  auto report = device.GetExtendedReport(Bytes(64, 0));
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(report.error().message.find(
                "SNP_GET_EXT_REPORT on /dev/null failed: Inappropriate ioctl for device"),
            std::string::npos)
      << report.error().message;

  auto short_data = device.GetExtendedReport(Bytes(63, 0));
  ASSERT_FALSE(short_data);
  EXPECT_EQ(short_data.error().code, ErrorCode::kInvalidArgument);
}

TEST(SevGuestDevice, TheAttesterFallsBackToTheDeviceWithoutConfigfs) {
  auto attester = OpenTsmAttester({"/nonexistent/tsm", "/dev/null", nullptr});
  ASSERT_TRUE(attester) << attester.error().ToString();
  EXPECT_EQ((*attester)->tee(), protocol::TeeKind::kSnp);
  auto evidence = (*attester)->CollectEvidence(Bytes(64, 0));
  ASSERT_FALSE(evidence);
  EXPECT_EQ(evidence.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(evidence.error().context, "sev-guest");
}

}  // namespace
}  // namespace veil::agent::tsm
