// The real CCEL log area of a Google Cloud COS-113 TD (shared/fixtures/tdx/README.md, "TDX CCEL
// event log") replays to RTMR0..2 of that TD's quote exactly; one flipped digest byte, a log
// paired with another TD's quote, data after the unused area and an event in MR 0 are each
// refused naming the RTMR and the event.

#include "veil/appraisal/tdx/ccel_replay.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/base/hex.h"
#include "veil/evidence/tdx/quote.h"
#include "veil/testing/fixtures.h"

namespace veil::appraisal::tdx {
namespace {

constexpr const char* kLog = "tdx/gce-cos113-ccel-eventlog.bin";
constexpr std::size_t kUsedBytes = 18101;  // README: the records, then 0xFF padding

std::array<evidence::tdx::Measurement, 4> Rtmrs(std::string_view quote_fixture) {
  const auto quote = evidence::tdx::ParseQuote(testing::ReadFixture(quote_fixture));
  EXPECT_TRUE(quote) << quote.error().ToString();
  return quote->body.rtmr;
}

std::string Refusal(const Result<CcelReplay>& replay) {
  EXPECT_FALSE(replay);
  return replay ? std::string("(matched)") : replay.error().message;
}

// The offset of the SHA-384 digest of `event` in the area: PCRIndex, EventType, count, hashAlg.
std::size_t DigestOffset(const Bytes& area, std::size_t event) {
  const auto log = evidence::tpm_eventlog::ParseCcEventLog(area);
  EXPECT_TRUE(log) << log.error().ToString();
  return log->events.at(event).offset + 14;
}

TEST(CcelReplay, TheGceLogReproducesRtmr0To2OfItsQuote) {
  const auto replay = ReplayCcel(testing::ReadFixture(kLog), Rtmrs("tdx/gce-cos113-quote-v4.dat"));
  ASSERT_TRUE(replay) << replay.error().ToString();
  EXPECT_EQ(replay->rtmrs_matched, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(replay->log.events.size(), 44u);  // the Spec ID record and 43 events
  EXPECT_EQ(replay->log.used_bytes, kUsedBytes);
  const nlohmann::json claims = CcelClaims(*replay);
  EXPECT_EQ(claims["rtmrs_replayed"], nlohmann::json({0, 1, 2}));
  EXPECT_EQ(claims["events"].size(), 43u);
  EXPECT_EQ(claims["events"][14]["event"], 15);
  EXPECT_EQ(claims["events"][14]["mr"], 2);
  EXPECT_EQ(claims["events"][14]["type"], "EV_EFI_ACTION");
  EXPECT_EQ(claims["events"][14]["data_digest_matches"], true);
  // Boot claims: UEFI 2.10 maps PCR 7 to MR 1, PCR 4 to MR 2, PCRs 8 and 9 to MR 3.
  const nlohmann::json& boot = claims["boot"];
  EXPECT_EQ(boot["secure_boot"], false);
  ASSERT_EQ(boot["secure_boot_variables"].size(), 4u);
  EXPECT_EQ(boot["secure_boot_variables"][0]["name"], "PK");
  EXPECT_EQ(boot["secure_boot_variables"][3]["name"], "dbx");
  ASSERT_EQ(boot["boot_applications"].size(), 2u);
  EXPECT_EQ(boot["boot_applications"][0]["event"], 18);
  EXPECT_EQ(boot["boot_applications"][1]["event"], 24);
  EXPECT_EQ(boot["kernel_image"]["path"], "/syslinux/vmlinuz.A");
  EXPECT_EQ(boot["kernel_image"]["event"], 40);
  EXPECT_EQ(boot["kernel_cmdline"]["event"], 41);
  EXPECT_EQ(boot["kernel_cmdline"]["pcr"], 3);
  EXPECT_EQ(boot["kernel_cmdline"]["source"], "grub");
  EXPECT_EQ(boot["kernel_cmdline"]["text"].get<std::string>().substr(0, 39),
            "/syslinux/vmlinuz.A init=/usr/lib/syste");
  EXPECT_EQ(boot["sequence"]["1"].size(), 16u);
  EXPECT_EQ(boot["sequence"]["2"].size(), 7u);
  EXPECT_EQ(boot["sequence"]["3"].size(), 20u);
}

TEST(CcelReplay, ZeroPaddingOrNoPaddingReplaysTheSame) {
  Bytes zeros = testing::ReadFixture(kLog);
  std::fill(zeros.begin() + kUsedBytes, zeros.end(), std::uint8_t{0});
  EXPECT_TRUE(ReplayCcel(zeros, Rtmrs("tdx/gce-cos113-quote-v4.dat")));
  const Bytes exact(zeros.begin(), zeros.begin() + kUsedBytes);
  EXPECT_TRUE(ReplayCcel(exact, Rtmrs("tdx/gce-cos113-quote-v4.dat")));
}

TEST(CcelReplay, AFlippedDigestByteIsRefusedNamingTheRtmrAndTheEvent) {
  const auto rtmrs = Rtmrs("tdx/gce-cos113-quote-v4.dat");
  // Event 15: EV_EFI_ACTION "Calling EFI Application from Boot Option", MR 2 (RTMR1).
  Bytes area = testing::ReadFixture(kLog);
  area[DigestOffset(area, 15)] ^= 0x01;
  const std::string refusal = Refusal(ReplayCcel(area, rtmrs));
  EXPECT_TRUE(refusal.starts_with("cc_eventlog: RTMR1 (MR 2): the log replays to ")) << refusal;
  EXPECT_NE(refusal.find("the quote has " + HexEncode(rtmrs[1]) +
                         "; event 15 (EV_EFI_ACTION, MR 2) diverges: its sha384 digest "),
            std::string::npos)
      << refusal;
  // Event 3: the SecureBoot variable, MR 1 (RTMR0).
  Bytes variable = testing::ReadFixture(kLog);
  variable[DigestOffset(variable, 3)] ^= 0x80;
  const std::string refused = Refusal(ReplayCcel(variable, rtmrs));
  EXPECT_EQ(refused.substr(0, 26), "cc_eventlog: RTMR0 (MR 1):") << refused;
  EXPECT_NE(refused.find("event 3 (EV_EFI_VARIABLE_DRIVER_CONFIG, MR 1) diverges"),
            std::string::npos)
      << refused;
}

TEST(CcelReplay, TheLogPairedWithAnotherTdsQuoteIsRefusedAtRtmr0) {
  const auto other = Rtmrs("tdx/dq-quote-v4-b0c06f.dat");
  const std::string refusal = Refusal(ReplayCcel(testing::ReadFixture(kLog), other));
  EXPECT_TRUE(refusal.starts_with(
      "cc_eventlog: RTMR0 (MR 1): the log replays to "
      "3fa2f61f395b7f5feefb4ec2df61297f109ad8abcd6410c1b7df60f21f37b19297fc35e544039c7e1e"
      "dece752afd17f6, the quote has " +
      HexEncode(other[0]) + "; no prefix of its 16 events reproduces the quoted value"))
      << refusal;
}

TEST(CcelReplay, DataAfterTheUnusedAreaIsRefused) {
  Bytes area = testing::ReadFixture(kLog);
  area[20000] = 0x00;
  EXPECT_EQ(Refusal(ReplayCcel(area, Rtmrs("tdx/gce-cos113-quote-v4.dat"))),
            "cc_eventlog: unused log area at offset 18101 holds data at offset 20000");
}

TEST(CcelReplay, AnEventInMr0OrPastRtmr3IsRefused) {
  const auto rtmrs = Rtmrs("tdx/gce-cos113-quote-v4.dat");
  Bytes area = testing::ReadFixture(kLog);
  const std::size_t event1 = DigestOffset(area, 1) - 14;
  area[event1] = 0;  // PCRIndex 1 -> 0
  EXPECT_EQ(Refusal(ReplayCcel(area, rtmrs)),
            "cc_eventlog: event 1 (EV_EFI_HANDOFF_TABLES2) is measured into MR 0 (MRTD), which no "
            "event can extend");
  area[event1] = 5;
  EXPECT_EQ(Refusal(ReplayCcel(area, rtmrs)),
            "cc_eventlog: event 1 at offset " + std::to_string(event1) +
                ": MR index 5 is not a CC measurement register (0..4)");
}

TEST(CcelReplay, ATpmLogIsNoCcEventLog) {
  const std::string refusal = Refusal(ReplayCcel(
      testing::ReadFixture("tpm/eventlogs/debian-10.bin"), Rtmrs("tdx/gce-cos113-quote-v4.dat")));
  EXPECT_EQ(refusal.substr(0, 13), "cc_eventlog: ") << refusal;
}

}  // namespace
}  // namespace veil::appraisal::tdx
