#include "veil/evidence/snp/report.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/evidence/snp/guest_policy.h"
#include "veil/evidence/snp/tcb_version.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::snp {
namespace {

const char* const kReports[] = {"snp/milan-gsg-report.bin", "snp/milan-virtee-report.bin",
                                "snp/milan-trustee-report.bin", "snp/milan-aws-vlek-report.bin"};

TEST(SnpReport, ParsesVersion2FromGoSevGuest) {
  const Report report = ParseReport(testing::ReadFixture("snp/milan-gsg-report.bin")).value();
  EXPECT_EQ(report.version, 2u);
  EXPECT_EQ(report.policy, 0xb0000u);
  EXPECT_EQ(report.signing_key, SigningKey::kVcek);
  EXPECT_FALSE(report.cpuid.has_value());
  EXPECT_EQ(HexEncode(report.measurement),
            "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0c"
            "f2e4872b01");
  EXPECT_EQ(HexEncode(report.report_data).substr(0, 12), "010203040500");
  EXPECT_EQ(HexEncode(report.report_id),
            "8edc638e1857c555d21f6b11bda3c8b1b5a09dba4852b4c8ee7aa2f16f22cc0a");
  EXPECT_EQ(HexEncode(report.chip_id).substr(0, 16), "3ac3fe21e13fb099");
  EXPECT_EQ(report.reported_tcb, 0x4405000000000002u);
  EXPECT_EQ(report.current_version.major, 1);
  EXPECT_EQ(report.current_version.minor, 49);
  EXPECT_EQ(report.current_version.build, 3);
  const GuestPolicy policy = DecodeGuestPolicy(report.policy).value();
  EXPECT_TRUE(policy.debug);
  EXPECT_TRUE(policy.smt);
  EXPECT_FALSE(policy.migrate_ma);
  const TcbVersion tcb = DecodeTcbVersion(report.reported_tcb, Product::kMilan);
  EXPECT_EQ(tcb, (TcbVersion{2, 0, 5, 68, std::nullopt}));
}

TEST(SnpReport, ParsesVersion3VlekReportWithCpuid) {
  const Report report = ParseReport(testing::ReadFixture("snp/milan-aws-vlek-report.bin")).value();
  EXPECT_EQ(report.version, 3u);
  EXPECT_EQ(report.signing_key, SigningKey::kVlek);
  EXPECT_EQ(report.vmpl, 1u);
  ASSERT_TRUE(report.cpuid.has_value());
  EXPECT_EQ(report.cpuid->family, 0x19);
  EXPECT_EQ(report.cpuid->model, 0x01);
  EXPECT_EQ(report.cpuid->stepping, 0x01);
  EXPECT_EQ(ProductFromCpuid(report.cpuid->family, report.cpuid->model), Product::kMilan);
  EXPECT_EQ(HexEncode(report.chip_id), std::string(128, '0'));
  EXPECT_EQ(DecodeTcbVersion(report.reported_tcb, Product::kMilan),
            (TcbVersion{4, 0, 24, 217, std::nullopt}));
}

TEST(SnpReport, KeepsCurrentAndReportedTcbApart) {
  const Report report = ParseReport(testing::ReadFixture("snp/milan-trustee-report.bin")).value();
  EXPECT_EQ(report.guest_svn, 4u);
  EXPECT_EQ(report.current_tcb, 0xce08000000000003u);
  EXPECT_EQ(report.reported_tcb, 0x7308000000000003u);
  EXPECT_EQ(HexEncode(report.family_id), "01" + std::string(30, '0'));
}

TEST(SnpReport, EveryTruncationAndExtensionFails) {
  for (const char* name : kReports) {
    const Bytes bytes = testing::ReadFixture(name);
    for (std::size_t size = 0; size < bytes.size(); ++size) {
      auto parsed = ParseReport(ByteSpan(bytes).first(size));
      ASSERT_FALSE(parsed) << name << " truncated to " << size;
      EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
    }
    Bytes longer = bytes;
    longer.push_back(0);
    auto parsed = ParseReport(longer);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().message, "ATTESTATION_REPORT must be 1184 bytes, got 1185");
  }
}

TEST(SnpReport, EveryReservedByteMustBeZero) {
  struct Range {
    std::size_t begin, end;
  };
  const Range v2_reserved[] = {{0x04C, 0x050}, {0x188, 0x1A0}, {0x1EB, 0x1EC},
                               {0x1EF, 0x1F0}, {0x1F8, 0x2A0}, {0x330, 0x4A0}};
  const Bytes v2 = testing::ReadFixture("snp/milan-gsg-report.bin");
  for (const Range& range : v2_reserved) {
    for (std::size_t offset = range.begin; offset < range.end; ++offset) {
      Bytes bytes = v2;
      bytes[offset] = 0x01;
      auto parsed = ParseReport(bytes);
      ASSERT_FALSE(parsed) << "offset " << offset;
      EXPECT_NE(parsed.error().message.find("must be zero"), std::string::npos)
          << parsed.error().message;
    }
  }
  // Version 3 uses 0x188..0x18A for CPUID; the rest up to 0x1A0 stays reserved.
  Bytes v3 = testing::ReadFixture("snp/milan-aws-vlek-report.bin");
  v3[0x18B] = 0x01;
  auto parsed = ParseReport(v3);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message,
            "reserved field RESERVED at 0x18B must be zero, found byte 1 at offset 395");
}

TEST(SnpReport, Version4HasTheVersion3Layout) {
  // virtee/sev reads versions 3 and 4 alike: CPUID fields, no mitigation vectors.
  Bytes v4 = testing::ReadFixture("snp/milan-aws-vlek-report.bin");
  v4[0] = 4;
  const Report report = ParseReport(v4).value();
  ASSERT_TRUE(report.cpuid);
  EXPECT_FALSE(report.launch_mit_vector);
}

TEST(SnpReport, RejectsUnknownVersionsAndKeyInfo) {
  const Bytes original = testing::ReadFixture("snp/milan-gsg-report.bin");
  for (std::uint32_t version : {0u, 1u, 6u, 0xFFFFFFFFu}) {
    Bytes bytes = original;
    for (int i = 0; i < 4; ++i)
      bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(version >> (8 * i));
    auto parsed = ParseReport(bytes);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, ErrorCode::kUnsupported);
  }
  Bytes signing_key_2 = original;
  signing_key_2[0x48] = 2 << 2;
  EXPECT_FALSE(ParseReport(signing_key_2));
  Bytes reserved_key_bit = original;
  reserved_key_bit[0x48] = 0x20;
  EXPECT_FALSE(ParseReport(reserved_key_bit));
}

TEST(SnpGuestPolicy, RejectsReservedBits) {
  EXPECT_FALSE(DecodeGuestPolicy(0x00000));  // bit 17 must be one
  EXPECT_FALSE(DecodeGuestPolicy(0x30000 | (std::uint64_t{1} << 40)));
  const GuestPolicy policy = DecodeGuestPolicy(0x3001f).value();
  EXPECT_EQ(policy.abi_minor, 31);
  EXPECT_FALSE(policy.debug);
}

TEST(SnpTcbVersion, TurinLayoutDiffers) {
  const std::uint64_t raw = 0x0900000000000000u | 0x04030201u;
  EXPECT_EQ(DecodeTcbVersion(raw, Product::kTurin), (TcbVersion{2, 3, 4, 9, std::uint8_t{1}}));
  EXPECT_EQ(DecodeTcbVersion(raw, Product::kMilan).boot_loader, 1);
}

}  // namespace
}  // namespace veil::evidence::snp
