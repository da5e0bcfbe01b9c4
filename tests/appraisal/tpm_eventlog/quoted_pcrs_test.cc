#include "veil/appraisal/tpm_eventlog/quoted_pcrs.h"

#include <gtest/gtest.h>

#include "expected_pcrs.h"
#include "veil/appraisal/tpm_eventlog/replay.h"
#include "veil/evidence/tpm_eventlog/event_type.h"

namespace veil::appraisal::tpm_eventlog {
namespace {

namespace el = evidence::tpm_eventlog;
using test::HashAlg;

Bytes Fixture(const std::string& file) { return testing::ReadFixture("tpm/" + file); }

Error CheckError(const Bytes& log_bytes, const test::PcrValues& quoted) {
  auto check = CheckAgainstQuotedPcrs(el::ParseEventLog(log_bytes).value(), quoted);
  EXPECT_FALSE(check) << "matched unexpectedly";
  return check ? Error{} : check.error();
}

// The offset of `alg_id`'s digest inside a crypto-agile record.
std::size_t DigestOffset(const el::EventLog& log, const el::Event& event, std::uint16_t alg_id) {
  std::size_t at = event.offset + 12;
  for (const el::AlgorithmSize& a : log.spec_id->algorithms) {
    if (a.alg_id == alg_id) return at + 2;
    at += 2 + a.digest_size;
  }
  ADD_FAILURE() << "no such bank";
  return 0;
}

const BankReplay& Bank(const std::vector<BankReplay>& banks, HashAlg hash) {
  for (const BankReplay& bank : banks) {
    if (bank.hash == hash) return bank;
  }
  ADD_FAILURE() << "no such bank";
  return banks.front();
}

const el::Event& FirstEvent(const el::EventLog& log, std::uint32_t pcr, std::uint32_t type) {
  for (const el::Event& event : log.events) {
    if (event.pcr == pcr && event.type == type) return event;
  }
  ADD_FAILURE() << "no such event";
  return log.events.front();
}

TEST(QuotedPcrs, GceLogMatchesItsQuoteOnPcrs0To9OfEveryBank) {
  const ReplayCheck check =
      CheckAgainstQuotedPcrs(el::ParseEventLog(Fixture("gce-cos85-eventlog.bin")).value(),
                             test::GceQuotedPcrs())
          .value();
  EXPECT_EQ(check.matched.size(), 30u);
  EXPECT_TRUE(check.not_quoted.empty());
  EXPECT_EQ(check.matched.front(), (PcrRef{HashAlg::kSha1, 0}));
  EXPECT_EQ(check.matched.back(), (PcrRef{HashAlg::kSha384, 9}));
}

TEST(QuotedPcrs, ArchAndDebianMatchTheirKnownPcrs) {
  EXPECT_EQ(CheckAgainstQuotedPcrs(
                el::ParseEventLog(Fixture("eventlogs/arch-linux-workstation.bin")).value(),
                test::ArchPcrs())
                .value()
                .matched.size(),
            18u);
  EXPECT_EQ(CheckAgainstQuotedPcrs(el::ParseEventLog(Fixture("eventlogs/debian-10.bin")).value(),
                                   test::DebianPcrs())
                .value()
                .matched.size(),
            8u);
}

TEST(QuotedPcrs, PcrsTheQuoteLeavesOutAreListedNotCompared) {
  test::PcrValues quoted = test::DebianPcrs();
  quoted[HashAlg::kSha1].erase(5);
  const ReplayCheck check =
      CheckAgainstQuotedPcrs(el::ParseEventLog(Fixture("eventlogs/debian-10.bin")).value(), quoted)
          .value();
  EXPECT_EQ(check.matched.size(), 7u);
  EXPECT_EQ(check.not_quoted, (std::vector<PcrRef>{{HashAlg::kSha1, 5}}));
}

// A flipped byte in the SHA-256 digest of PCR 7's separator: that event's digest no longer is
// the hash of its data, so the check names it.
TEST(QuotedPcrs, FlippedSeparatorDigestNamesTheSeparator) {
  Bytes bytes = Fixture("gce-cos85-eventlog.bin");
  const el::EventLog log = el::ParseEventLog(bytes).value();
  const el::Event& separator = FirstEvent(log, 7, el::kEvSeparator);
  bytes[DigestOffset(log, separator, 0x000B) + 5] ^= 0x01;
  const Error error = CheckError(bytes, test::GceQuotedPcrs());
  EXPECT_EQ(error.code, ErrorCode::kVerificationFailed);
  const std::string& m = error.message;
  EXPECT_EQ(m.rfind("sha256 PCR 7: the log replays to ", 0), 0u) << m;
  EXPECT_NE(m.find(", the quote has " + HexEncode(test::GceQuotedPcrs()[HashAlg::kSha256][7])),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("; event " + std::to_string(separator.index) +
                   " (EV_SEPARATOR, PCR 7) diverges: its sha256 digest "),
            std::string::npos)
      << m;
  EXPECT_NE(m.find(" is not the digest of its data "
                   "df3f619804a92fdb4057192dc43dd748ea778adc52bc498ce80524c014b81119"),
            std::string::npos)
      << m;  // SHA-256 of the separator's four zero bytes
}

// A flipped byte in the digest of a boot application (a digest of an image the log does not
// carry): the divergence cannot be pinned to an event, so the check names the PCR, its last event
// and lists its events.
TEST(QuotedPcrs, FlippedApplicationDigestNamesThePcrAndItsEvents) {
  Bytes bytes = Fixture("gce-cos85-eventlog.bin");
  const el::EventLog log = el::ParseEventLog(bytes).value();
  const el::Event& app = FirstEvent(log, 4, el::kEvEfiBootServicesApplication);
  bytes[DigestOffset(log, app, 0x0004)] ^= 0x80;
  const std::string m = CheckError(bytes, test::GceQuotedPcrs()).message;
  EXPECT_EQ(m.rfind("sha1 PCR 4: the log replays to ", 0), 0u) << m;
  const std::vector<std::size_t> pcr4 =
      Bank(ReplayEventLog(log), HashAlg::kSha1).pcrs.at(4).event_indexes;
  EXPECT_NE(m.find("; no prefix of its " + std::to_string(pcr4.size()) +
                   " events reproduces the quoted value; the last event extended into it is "
                   "event " +
                   std::to_string(pcr4.back()) + " (" +
                   el::EventTypeName(log.events[pcr4.back()].type) + "); its events: "),
            std::string::npos)
      << m;
  EXPECT_NE(m.find(std::to_string(app.index) + " EV_EFI_BOOT_SERVICES_APPLICATION"),
            std::string::npos)
      << m;
}

// The quote was taken before the last PCR 8 events were extended (or the log gained events):
// the quoted value is the replay of a prefix, and the check says which event the quote lacks.
TEST(QuotedPcrs, LogLongerThanTheQuoteNamesTheFirstUnquotedEvent) {
  const Bytes bytes = Fixture("eventlogs/ubuntu-2404-amd-sevsnp.bin");
  const el::EventLog log = el::ParseEventLog(bytes).value();
  const el::Event& cmdline = [&]() -> const el::Event& {
    for (const el::Event& e : log.events) {
      if (e.pcr == 8 && std::string(e.data.begin(), e.data.end()).starts_with("kernel_cmdline"))
        return e;
    }
    return log.events.front();
  }();
  ASSERT_EQ(cmdline.pcr, 8u);
  // The quote: every PCR as the full log replays it, except PCR 8 of each bank, which holds
  // the value before the kernel_cmdline event.
  test::PcrValues quoted;
  for (const BankReplay& bank : ReplayEventLog(log)) {
    for (const auto& [pcr, replay] : bank.pcrs) quoted[bank.hash][pcr] = replay.value;
  }
  const el::EventLog prefix = el::ParseEventLog(ByteSpan(bytes).first(cmdline.offset)).value();
  for (const BankReplay& bank : ReplayEventLog(prefix)) {
    quoted[bank.hash][8] = bank.pcrs.at(8).value;
  }
  const std::string m = CheckError(bytes, quoted).message;
  EXPECT_EQ(m.rfind("sha1 PCR 8: ", 0), 0u) << m;
  // The PCR 8 event just before kernel_cmdline (GRUB's "grub_cmd: linux ...").
  const std::vector<std::size_t> pcr8 =
      Bank(ReplayEventLog(log), HashAlg::kSha1).pcrs.at(8).event_indexes;
  const auto at = std::find(pcr8.begin(), pcr8.end(), cmdline.index);
  ASSERT_NE(at, pcr8.begin());
  const std::size_t before = *(at - 1);
  EXPECT_NE(m.find("; the quoted value is the log's value after event " + std::to_string(before) +
                   " (EV_IPL); the first event the quote does not include is event " +
                   std::to_string(cmdline.index) + " (EV_IPL)"),
            std::string::npos)
      << m;
}

TEST(QuotedPcrs, NoCommonBankFails) {
  test::PcrValues quoted;
  quoted[HashAlg::kSha384][0] = Bytes(48, 0);
  const Error error = CheckError(Fixture("eventlogs/arch-linux-workstation.bin"), quoted);
  EXPECT_EQ(error.code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(error.message,
            "the quote has no PCR bank the event log carries (log: sha1, sha256; quote: sha384)");
}

TEST(QuotedPcrs, NothingComparedFails) {
  test::PcrValues quoted;
  quoted[HashAlg::kSha1][10] = Bytes(20, 0);  // IMA's PCR: no firmware event extends it
  EXPECT_EQ(CheckError(Fixture("eventlogs/debian-10.bin"), quoted).message,
            "the quote has none of the PCRs the event log extends, so nothing was compared");
}

}  // namespace
}  // namespace veil::appraisal::tpm_eventlog
