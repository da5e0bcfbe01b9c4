#include "veil/evidence/tpm_eventlog/event_log.h"

#include <gtest/gtest.h>

#include "log_builder.h"
#include "veil/evidence/tpm_eventlog/event_type.h"

namespace veil::evidence::tpm_eventlog {
namespace {

using test::AgileLog;
using test::AgileRecord;
using test::FixtureLog;
using test::kSha1Sha256;

Error ParseError(const Bytes& bytes) {
  auto log = ParseEventLog(bytes);
  EXPECT_FALSE(log) << "parsed unexpectedly";
  return log ? Error{} : log.error();
}

// The README's event counts leave out the Spec ID header record of crypto-agile logs.
TEST(EventLog, ParsesEveryFixtureLogWithItsFormatBanksAndEventCount) {
  const struct {
    std::string file;
    EventLogFormat format;
    std::vector<std::uint16_t> banks;
    std::size_t events;  // as shared/fixtures/tpm/README.md counts them
    std::uint8_t locality;
  } cases[] = {
      {"eventlogs/arch-linux-workstation.bin", EventLogFormat::kCryptoAgile, {0x4, 0xB}, 24, 0},
      {"eventlogs/gdc-host.bin", EventLogFormat::kCryptoAgile, {0xB}, 158, 3},
      {"eventlogs/ubuntu-2404-amd-sevsnp.bin",
       EventLogFormat::kCryptoAgile,
       {0x4, 0xB, 0xC},
       116,
       0},
      {"eventlogs/eventlogwithsp800155.bin", EventLogFormat::kCryptoAgile, {0x4, 0xB, 0xC}, 53, 0},
      {"eventlogs/debian-10.bin", EventLogFormat::kSha1, {0x4}, 25, 0},
      {"gce-cos85-eventlog.bin", EventLogFormat::kCryptoAgile, {0x4, 0xB, 0xC}, 44, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const EventLog log = ParseEventLog(FixtureLog(c.file)).value();
    EXPECT_EQ(log.format, c.format);
    EXPECT_EQ(log.Banks(), c.banks);
    const std::size_t header = c.format == EventLogFormat::kCryptoAgile ? 1 : 0;
    EXPECT_EQ(log.events.size(), c.events + header);
    EXPECT_EQ(log.spec_id.has_value(), header == 1);
    EXPECT_EQ(log.startup_locality, c.locality);
    for (std::size_t i = 0; i < log.events.size(); ++i) {
      EXPECT_EQ(log.events[i].index, i);
      // The Spec ID header is a SHA-1-format record: one (zero) SHA-1 digest.
      EXPECT_EQ(log.events[i].digests.size(), i < header ? 1 : c.banks.size());
    }
  }
}

TEST(EventLog, DecodesTheFirstRecordsOfTheDebianSha1Log) {
  const EventLog log = ParseEventLog(FixtureLog("eventlogs/debian-10.bin")).value();
  const Event& first = log.events[0];
  EXPECT_EQ(first.offset, 0u);
  EXPECT_EQ(first.pcr, 0u);
  EXPECT_EQ(EventTypeName(first.type), "EV_S_CRTM_VERSION");
  EXPECT_EQ(EventTypeName(log.events[1].type), "EV_NONHOST_INFO");
  EXPECT_EQ(std::string(log.events[1].data.begin(), log.events[1].data.begin() + 15),
            "GCE NonHostInfo");
  EXPECT_EQ(log.events[1].offset, 32u + first.data.size());
}

TEST(EventLog, ReadsTheSpecIdTableOfTheGdcLog) {
  const EventLog log = ParseEventLog(FixtureLog("eventlogs/gdc-host.bin")).value();
  ASSERT_TRUE(log.spec_id);
  ASSERT_EQ(log.spec_id->algorithms.size(), 1u);
  EXPECT_EQ(log.spec_id->algorithms[0].alg_id, 0x000B);
  EXPECT_EQ(log.spec_id->algorithms[0].digest_size, 32);
  EXPECT_EQ(log.events[1].type, kEvNoAction);  // StartupLocality, locality 3
  EXPECT_EQ(log.events[1].data.back(), 3);
}

// A log cut at a record boundary is a shorter valid log; cut anywhere else it must fail, naming
// the record that was cut.
TEST(EventLog, EveryTruncationFailsUnlessItFallsOnARecordBoundary) {
  for (const char* file : {"eventlogs/arch-linux-workstation.bin", "eventlogs/debian-10.bin"}) {
    SCOPED_TRACE(file);
    const Bytes full = FixtureLog(file);
    const EventLog log = ParseEventLog(full).value();
    std::size_t record = 0;
    for (std::size_t size = 1; size < full.size(); ++size) {
      while (record + 1 < log.events.size() && log.events[record + 1].offset <= size) ++record;
      const Bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size));
      auto parsed = ParseEventLog(cut);
      if (log.events[record].offset == size) {
        ASSERT_TRUE(parsed) << size << ": " << parsed.error().message;
        ASSERT_EQ(parsed->events.size(), record);
        continue;
      }
      ASSERT_FALSE(parsed) << size;
      EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
      const std::string prefix = "event " + std::to_string(record) + " at offset " +
                                 std::to_string(log.events[record].offset) + ": ";
      ASSERT_EQ(parsed.error().message.rfind(prefix, 0), 0u)
          << size << ": " << parsed.error().message;
    }
  }
}

TEST(EventLog, TruncationOfTheLargerLogsFailsAtEveryStride) {
  for (const char* file : {"eventlogs/gdc-host.bin", "eventlogs/ubuntu-2404-amd-sevsnp.bin",
                           "eventlogs/eventlogwithsp800155.bin", "gce-cos85-eventlog.bin"}) {
    SCOPED_TRACE(file);
    const Bytes full = FixtureLog(file);
    const EventLog log = ParseEventLog(full).value();
    for (const Event& event : log.events) {
      // One byte into each record, and one byte short of its end: always inside a record.
      for (std::size_t size : {event.offset + 1, event.offset + 13}) {
        if (size >= full.size()) continue;
        const Error error =
            ParseError(Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)));
        EXPECT_EQ(error.message.rfind("event " + std::to_string(event.index) + " at offset " +
                                          std::to_string(event.offset) + ": truncated ",
                                      0),
                  0u)
            << error.message;
      }
    }
  }
}

TEST(EventLog, EmptyLogFails) { EXPECT_EQ(ParseError({}).message, "the event log is empty"); }

TEST(EventLog, EventSizeBeyondTheEndFailsNamingTheEvent) {
  // debian-10 is SHA-1 format: EventSize is at record offset 28.
  Bytes bytes = FixtureLog("eventlogs/debian-10.bin");
  const EventLog log = ParseEventLog(bytes).value();
  const Event& victim = log.events[5];
  test::PutLe32(bytes, victim.offset + 28, 0xFFFFFFFF);
  const Error error = ParseError(bytes);
  EXPECT_EQ(error.code, ErrorCode::kMalformed);
  EXPECT_EQ(error.message, "event 5 at offset " + std::to_string(victim.offset) +
                               ": EventSize 4294967295 exceeds the " +
                               std::to_string(bytes.size() - victim.offset - 32) +
                               " bytes that remain");
}

TEST(EventLog, UnknownDigestAlgorithmFailsNamingTheEvent) {
  // An SM3 digest in a record of a SHA-1 + SHA-256 log.
  Bytes bytes = AgileLog(kSha1Sha256, {AgileRecord(0, kEvSeparator, kSha1Sha256, 1, {0, 0, 0, 0}),
                                       AgileRecord(7, kEvSeparator, kSha1Sha256, 1, {0, 0, 0, 0})});
  const EventLog log = ParseEventLog(bytes).value();
  const std::size_t at = log.events[2].offset;
  bytes[at + 12] = 0x12;  // first TPMT_HA.hashAlg: 0x0004 -> 0x0012
  EXPECT_EQ(ParseError(bytes).message,
            "event 2 at offset " + std::to_string(at) +
                ": digest algorithm 0x0012 is not in the Spec ID event's table");
}

TEST(EventLog, DigestCountOtherThanTheSpecIdTableFails) {
  for (std::uint32_t count : {0u, 1u, 3u, 0xFFFFFFFFu}) {
    Bytes bytes =
        AgileLog(kSha1Sha256, {AgileRecord(4, kEvSeparator, kSha1Sha256, 1, {0, 0, 0, 0})});
    const std::size_t at = ParseEventLog(bytes).value().events[1].offset;
    test::PutLe32(bytes, at + 8, count);
    EXPECT_EQ(ParseError(bytes).message,
              "event 1 at offset " + std::to_string(at) + ": TPML_DIGEST_VALUES.count is " +
                  std::to_string(count) + ", expected the Spec ID event's 2 algorithms");
  }
}

TEST(EventLog, TheSameAlgorithmTwiceInOneRecordFails) {
  Bytes bytes = AgileLog(kSha1Sha256,
                         {AgileRecord(4, kEvSeparator, {{0x4, 20}, {0x4, 20}}, 1, {0, 0, 0, 0})});
  EXPECT_EQ(ParseError(bytes).message, "event 1 at offset 69: digest algorithm sha1 appears twice");
}

TEST(EventLog, PcrIndexOutsideThePcClientRangeFails) {
  Bytes bytes = AgileLog(kSha1Sha256, {AgileRecord(24, kEvSeparator, kSha1Sha256, 1, {})});
  EXPECT_EQ(ParseError(bytes).message,
            "event 1 at offset 69: PCRIndex 24 is not a PC Client PCR (0..23)");
}

TEST(EventLog, SpecIdEventAfterTheFirstRecordFails) {
  Bytes bytes = AgileLog(
      kSha1Sha256, {AgileRecord(0, kEvNoAction, kSha1Sha256, 0, test::SpecIdData(kSha1Sha256))});
  EXPECT_EQ(ParseError(bytes).message,
            "event 1 at offset 69: a Spec ID event may only be the first record");
}

TEST(EventLog, SpecIdHeaderMustBeInPcr0WithAZeroDigest) {
  Bytes pcr = test::Sha1Record(1, kEvNoAction, 0, test::SpecIdData(kSha1Sha256));
  EXPECT_EQ(ParseError(pcr).message,
            "event 0 at offset 0: the Spec ID event is in PCR 1, expected 0");
  Bytes digest = test::Sha1Record(0, kEvNoAction, 7, test::SpecIdData(kSha1Sha256));
  EXPECT_EQ(ParseError(digest).message,
            "event 0 at offset 0: the Spec ID event's digest is not zero");
}

Bytes StartupLocality(std::uint8_t locality) {
  Bytes data;
  test::Append(data, std::string_view("StartupLocality\0", 16));
  data.push_back(locality);
  return data;
}

TEST(EventLog, StartupLocalityIsReadAndCheckedAgainstThePfpValues) {
  for (const std::uint8_t locality : std::initializer_list<std::uint8_t>{0, 3, 4}) {
    const EventLog log =
        ParseEventLog(AgileLog(kSha1Sha256, {AgileRecord(0, kEvNoAction, kSha1Sha256, 0,
                                                         StartupLocality(locality))}))
            .value();
    EXPECT_EQ(log.startup_locality, locality);
  }
  EXPECT_EQ(ParseError(AgileLog(kSha1Sha256,
                                {AgileRecord(0, kEvNoAction, kSha1Sha256, 0, StartupLocality(2))}))
                .message,
            "event 1 at offset 69: StartupLocality is 2, expected 0, 3 or 4");
  Bytes long_data = StartupLocality(3);
  long_data.push_back(0);
  EXPECT_EQ(
      ParseError(AgileLog(kSha1Sha256, {AgileRecord(0, kEvNoAction, kSha1Sha256, 0, long_data)}))
          .message,
      "event 1 at offset 69: StartupLocality event is 18 bytes, expected 17");
  const Bytes once = AgileRecord(0, kEvNoAction, kSha1Sha256, 0, StartupLocality(3));
  const Error twice = ParseError(AgileLog(kSha1Sha256, {once, once}));
  EXPECT_EQ(twice.message, "event 2 at offset " + std::to_string(69 + once.size()) +
                               ": a second StartupLocality event");
}

TEST(EventLog, EventTypeNamesCoverTheTableAndShowUnknownValues) {
  EXPECT_EQ(EventTypeName(kEvEfiBootServicesApplication), "EV_EFI_BOOT_SERVICES_APPLICATION");
  EXPECT_EQ(EventTypeName(kEvSeparator), "EV_SEPARATOR");
  EXPECT_EQ(EventTypeName(0x0000ABCD), "EV_UNKNOWN(0x0000abcd)");
}

}  // namespace
}  // namespace veil::evidence::tpm_eventlog
