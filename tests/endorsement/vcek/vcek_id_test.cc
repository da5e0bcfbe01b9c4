#include "veil/endorsement/vcek/vcek_id.h"

#include <gtest/gtest.h>

#include "veil/testing/fixtures.h"

namespace veil::endorsement::vcek {
namespace {

evidence::snp::Report ReportFixture(const char* name) {
  return evidence::snp::ParseReport(testing::ReadFixture(name)).value();
}

constexpr std::string_view kVirteeChip =
    "d49554ec717f4e5b0fe6b143bcf0405bd7ae304727edf46603f2a76aef6a3abc15d7af38db757039029f0efacfd08e"
    "244324884738c72b082e2f87a44d541eb6";

TEST(VcekId, AVersion2ReportMayBeMilanOrGenoa) {
  const auto candidates = VcekCandidates(ReportFixture("snp/milan-virtee-report.bin")).value();
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0].product, evidence::snp::Product::kMilan);
  EXPECT_EQ(candidates[1].product, evidence::snp::Product::kGenoa);
  EXPECT_EQ(candidates[0].hwid, kVirteeChip);
  EXPECT_EQ(KdsVcekPath(candidates[0]), "/vcek/v1/Milan/" + std::string(kVirteeChip) +
                                            "?blSPL=3&teeSPL=0&snpSPL=8&ucodeSPL=115");
  EXPECT_EQ(StoreRelativePath(candidates[0]),
            "Milan/" + std::string(kVirteeChip) + "/bl3-tee0-snp8-ucode115.der");
  EXPECT_EQ(DescribeVcek(candidates[0]),
            "Milan chip d49554ec717f4e5b… at bl 3, tee 0, snp 8, ucode 115");
}

TEST(VcekId, TurinUsesEightBytesOfChipIdAndTheFmcLevel) {
  Bytes bytes = testing::ReadFixture("snp/milan-gsg-report.bin");
  bytes[0] = 3;         // version 3: CPUID present
  bytes[0x188] = 0x1A;  // family 1Ah, model 0: Turin
  bytes[0x189] = 0x00;
  for (std::size_t i = 0; i < 8; ++i) bytes[0x180 + i] = static_cast<std::uint8_t>(i + 1);
  bytes[0x180 + 4] = bytes[0x180 + 5] = bytes[0x180 + 6] = 0;  // reserved in Turin's layout
  const auto candidates = VcekCandidates(evidence::snp::ParseReport(bytes).value()).value();
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].product, evidence::snp::Product::kTurin);
  EXPECT_EQ(candidates[0].hwid.size(), 16u);
  EXPECT_NE(KdsVcekPath(candidates[0]).find("?blSPL=2&teeSPL=3&snpSPL=4&ucodeSPL=8&fmcSPL=1"),
            std::string::npos)
      << KdsVcekPath(candidates[0]);
  EXPECT_EQ(StoreRelativePath(candidates[0]).substr(23), "fmc1-bl2-tee3-snp4-ucode8.der");
}

TEST(VcekId, VlekAndMaskedChipsCannotBeLookedUp) {
  auto vlek = VcekCandidates(ReportFixture("snp/milan-aws-vlek-report.bin"));
  ASSERT_FALSE(vlek);
  EXPECT_NE(vlek.error().message.find("signed by a VLEK"), std::string::npos);

  evidence::snp::Report masked = ReportFixture("snp/milan-virtee-report.bin");
  masked.chip_id.fill(0);
  auto refused = VcekCandidates(masked);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("CHIP_ID is masked"), std::string::npos);
}

}  // namespace
}  // namespace veil::endorsement::vcek
