#include "veil/evidence/tpm_eventlog/boot_claims.h"

#include <gtest/gtest.h>

#include "log_builder.h"
#include "veil/base/hex.h"
#include "veil/evidence/tpm_eventlog/event_type.h"

namespace veil::evidence::tpm_eventlog {
namespace {

BootClaims Claims(std::string_view file) {
  return ExtractBootClaims(ParseEventLog(test::FixtureLog(file)).value()).value();
}

std::vector<std::string> AppDigests(const BootClaims& claims, std::uint16_t alg_id) {
  std::vector<std::string> digests;
  for (const BootApplication& app : claims.boot_applications) {
    for (const EventDigest& d : app.digests) {
      if (d.alg_id == alg_id) digests.push_back(HexEncode(d.digest));
    }
  }
  return digests;
}

std::vector<std::string> VariableNames(const BootClaims& claims) {
  std::vector<std::string> names;
  for (const SecureBootVariable& v : claims.secure_boot_variables) names.push_back(v.name);
  return names;
}

const std::vector<std::string> kKeyDatabases = {"PK", "KEK", "db", "dbx"};

// Secure Boot state as shared/fixtures/tpm/README.md states it.
TEST(BootClaims, SecureBootStateOfEachFixture) {
  EXPECT_EQ(Claims("eventlogs/debian-10.bin").secure_boot, true);
  EXPECT_EQ(Claims("eventlogs/arch-linux-workstation.bin").secure_boot, false);  // empty data
  EXPECT_EQ(Claims("eventlogs/ubuntu-2404-amd-sevsnp.bin").secure_boot, false);
  for (const char* file : {"eventlogs/debian-10.bin", "eventlogs/arch-linux-workstation.bin",
                           "eventlogs/ubuntu-2404-amd-sevsnp.bin", "eventlogs/gdc-host.bin",
                           "eventlogs/eventlogwithsp800155.bin", "gce-cos85-eventlog.bin"}) {
    SCOPED_TRACE(file);
    EXPECT_EQ(VariableNames(Claims(file)), kKeyDatabases);
  }
}

// go-tpm-tools (server/eventlog_test.go, Debian10GCE and COS85AmdSev, whose PCR 4 equals this
// attestation's) lists the same EFI application digests.
TEST(BootClaims, BootApplicationDigestsMatchGoTpmTools) {
  EXPECT_EQ(AppDigests(Claims("eventlogs/debian-10.bin"), 0x4),
            (std::vector<std::string>{"47263679db883d7ad9adbc93d6a1fbf8095f0133",
                                      "3fae23b18d72350207661af3875f2c492e97621c",
                                      "89b08941b47dcfbd4c8b3f2bc0fad984cd836b21"}));
  const BootClaims gce = Claims("gce-cos85-eventlog.bin");
  EXPECT_EQ(AppDigests(gce, 0xB),
            (std::vector<std::string>{
                "dba8d69ffb244496ac8ab2950695d3da539d6ac5ec660fc6b4bdde245284cf23",
                "f7bad83f87940312e4642530a9a6242e88529dc37a497d7d4e7c1c070566d542",
                "6f6afb3caed004e727200a0c310731bd8ab4cd391b2d95cedf67d08e1e8e5e7e"}));
  ASSERT_EQ(gce.boot_applications.size(), 3u);
  EXPECT_EQ(gce.boot_applications[0].file_path, "\\EFI\\BOOT\\BOOTX64.EFI");
  EXPECT_EQ(gce.boot_applications[1].file_path, "");  // loaded from memory by shim
}

TEST(BootClaims, GrubKernelCommandLineAndKernelImage) {
  const BootClaims ubuntu = Claims("eventlogs/ubuntu-2404-amd-sevsnp.bin");
  ASSERT_TRUE(ubuntu.kernel_cmdline);
  EXPECT_EQ(ubuntu.kernel_cmdline->source, CommandLineSource::kGrub);
  EXPECT_EQ(ubuntu.kernel_cmdline->pcr, 8u);
  EXPECT_TRUE(
      ubuntu.kernel_cmdline->text.starts_with("/vmlinuz-6.8.0-1010-gcp root=PARTUUID=8270f3c9-"))
      << ubuntu.kernel_cmdline->text;
  EXPECT_TRUE(ubuntu.kernel_cmdline->text.ends_with(" ro console=ttyS0,115200 panic=-1"))
      << ubuntu.kernel_cmdline->text;
  ASSERT_TRUE(ubuntu.kernel_image);
  EXPECT_EQ(ubuntu.kernel_image->path, "/vmlinuz-6.8.0-1010-gcp");
  EXPECT_GT(ubuntu.kernel_image->event_index, 0u);

  const BootClaims gce = Claims("gce-cos85-eventlog.bin");
  ASSERT_TRUE(gce.kernel_cmdline);
  EXPECT_TRUE(
      gce.kernel_cmdline->text.starts_with("/syslinux/vmlinuz.A init=/usr/lib/systemd/systemd"));
  ASSERT_TRUE(gce.kernel_image);
  EXPECT_EQ(gce.kernel_image->path, "/syslinux/vmlinuz.A");

  const BootClaims gdc = Claims("eventlogs/gdc-host.bin");
  ASSERT_TRUE(gdc.kernel_image);
  EXPECT_EQ(gdc.kernel_image->path, "/vmlinuz-6.9.0-rc7+");
}

TEST(BootClaims, SystemdBootCommandLineIsUtf16) {
  const BootClaims arch = Claims("eventlogs/arch-linux-workstation.bin");
  ASSERT_TRUE(arch.kernel_cmdline);
  EXPECT_EQ(arch.kernel_cmdline->source, CommandLineSource::kSystemdBoot);
  EXPECT_EQ(arch.kernel_cmdline->pcr, 8u);
  EXPECT_TRUE(arch.kernel_cmdline->text.starts_with("initrd=\\intel-ucode.img initrd=\\"))
      << arch.kernel_cmdline->text;
  EXPECT_FALSE(arch.kernel_image);  // no GRUB: the kernel is a PCR 4 boot application
  EXPECT_EQ(arch.boot_applications.size(), 2u);
}

TEST(BootClaims, SequenceListsTheExtendedEventsPerPcr) {
  const BootClaims debian = Claims("eventlogs/debian-10.bin");
  for (std::uint32_t pcr = 0; pcr <= 7; ++pcr) {
    SCOPED_TRACE(pcr);
    const auto& events = debian.sequence.at(pcr);
    EXPECT_TRUE(std::any_of(events.begin(), events.end(),
                            [](const MeasuredEvent& e) { return e.type == kEvSeparator; }));
  }
  const auto& pcr7 = debian.sequence.at(7);
  ASSERT_GE(pcr7.size(), 6u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(pcr7[i].type, kEvEfiVariableDriverConfig) << i;
  EXPECT_EQ(pcr7[5].type, kEvSeparator);
  // EV_NO_ACTION events (the GDC log's StartupLocality) are in no sequence.
  for (const auto& [pcr, events] : Claims("eventlogs/gdc-host.bin").sequence) {
    for (const MeasuredEvent& e : events) EXPECT_NE(e.type, kEvNoAction) << pcr;
  }
}

TEST(BootClaims, MalformedVariableDataIsRefusedNamingTheEvent) {
  Bytes bytes = test::FixtureLog("eventlogs/debian-10.bin");
  const EventLog log = ParseEventLog(bytes).value();
  const Event& secure_boot = log.events[2];  // EV_EFI_VARIABLE_DRIVER_CONFIG SecureBoot
  ASSERT_EQ(secure_boot.type, kEvEfiVariableDriverConfig);
  // VariableDataLength 1 -> 2 inside the event data (record header 32 bytes, field at 24).
  bytes[secure_boot.offset + 32 + 24] = 2;
  const auto claims = ExtractBootClaims(ParseEventLog(bytes).value());
  ASSERT_FALSE(claims);
  EXPECT_EQ(claims.error().message,
            "event 2 at offset " + std::to_string(secure_boot.offset) +
                " (EV_EFI_VARIABLE_DRIVER_CONFIG): UEFI_VARIABLE_DATA.VariableDataLength 2 "
                "exceeds the 1 bytes that remain");
}

TEST(BootClaims, SecureBootValueOtherThanZeroOrOneIsRefused) {
  Bytes bytes = test::FixtureLog("eventlogs/debian-10.bin");
  const Event secure_boot = ParseEventLog(bytes).value().events[2];
  bytes[secure_boot.offset + 32 + secure_boot.data.size() - 1] = 2;
  const auto claims = ExtractBootClaims(ParseEventLog(bytes).value());
  ASSERT_FALSE(claims);
  EXPECT_NE(claims.error().message.find("SecureBoot variable data is 1 bytes, expected none or one "
                                        "byte 0 or 1"),
            std::string::npos)
      << claims.error().message;
}

}  // namespace
}  // namespace veil::evidence::tpm_eventlog
