// ParseCcEventLog over the real CCEL log area of a Google Cloud COS-113 TD
// (shared/fixtures/tdx/README.md): MR indexes, the Spec ID event in MR 1, and the end of the
// records at the area's 0xFF padding; cut anywhere but at a record boundary it fails naming the
// record, and what is not a CC event log is refused.

#include <gtest/gtest.h>

#include "log_builder.h"
#include "veil/evidence/tpm_eventlog/event_log.h"
#include "veil/evidence/tpm_eventlog/event_type.h"

namespace veil::evidence::tpm_eventlog {
namespace {

constexpr std::size_t kUsedBytes = 18101;  // README: 43 events, then padding to 256 KiB

Bytes Area() { return testing::ReadFixture("tdx/gce-cos113-ccel-eventlog.bin"); }

std::string Refusal(const Bytes& area) {
  auto log = ParseCcEventLog(area);
  EXPECT_FALSE(log) << "parsed unexpectedly";
  return log ? std::string() : log.error().message;
}

TEST(CcEventLog, TheGceAreaParsesToItsRecordsWithMrIndexes) {
  const Bytes area = Area();
  ASSERT_EQ(area.size(), 262144u);
  const auto log = ParseCcEventLog(area);
  ASSERT_TRUE(log) << log.error().ToString();
  EXPECT_EQ(log->registers, RegisterSpace::kCcMr);
  EXPECT_EQ(log->format, EventLogFormat::kCryptoAgile);
  EXPECT_EQ(log->Banks(), std::vector<std::uint16_t>{0x000C});  // SHA-384 only
  EXPECT_EQ(log->events.size(), 44u);
  EXPECT_EQ(log->used_bytes, kUsedBytes);
  EXPECT_EQ(log->events[0].pcr, 1u);  // TDVF puts the Spec ID event in MR 1
  EXPECT_EQ(log->events[1].type, kEvEfiHandoffTables2);
  EXPECT_EQ(log->events[43].pcr, 2u);
  EXPECT_EQ(log->events[43].type, kEvEfiAction);
  // Read as a TPM log it is refused: its Spec ID event is not in PCR 0.
  EXPECT_FALSE(ParseEventLog(area));
}

// A cut at a record boundary is a shorter log; anywhere else it fails, naming the cut record.
TEST(CcEventLog, EveryTruncationOfTheRecordsFailsUnlessItFallsOnABoundary) {
  const Bytes area = Area();
  const EventLog log = ParseCcEventLog(area).value();
  std::size_t record = 0;
  for (std::size_t size = 1; size < kUsedBytes; ++size) {
    while (record + 1 < log.events.size() && log.events[record + 1].offset <= size) ++record;
    const Bytes cut(area.begin(), area.begin() + static_cast<std::ptrdiff_t>(size));
    auto parsed = ParseCcEventLog(cut);
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

TEST(CcEventLog, PaddingMustBeUniformToTheEnd) {
  Bytes area = Area();
  area.back() = 0x00;
  EXPECT_EQ(Refusal(area), "unused log area at offset 18101 holds data at offset 262143");
  Bytes zeros = Area();
  std::fill(zeros.begin() + kUsedBytes, zeros.end(), std::uint8_t{0});
  EXPECT_EQ(ParseCcEventLog(zeros).value().used_bytes, kUsedBytes);
  // Fewer than 8 padding bytes are no end marker: they are read as a (truncated) record.
  const Bytes short_tail(area.begin(), area.begin() + kUsedBytes + 7);
  EXPECT_EQ(Refusal(short_tail).rfind("event 44 at offset 18101: ", 0), 0u) << Refusal(short_tail);
}

TEST(CcEventLog, IndexesPastRtmr3AndASpecIdEventElsewhereAreRefused) {
  Bytes area = Area();
  const std::size_t event2 = ParseCcEventLog(area).value().events[2].offset;
  test::PutLe32(area, event2, 5);
  EXPECT_EQ(Refusal(area), "event 2 at offset " + std::to_string(event2) +
                               ": MR index 5 is not a CC measurement register (0..4)");
  Bytes spec = Area();
  test::PutLe32(spec, 0, 2);
  EXPECT_EQ(Refusal(spec),
            "event 0 at offset 0: the Spec ID event is in MR index 2, expected 0 or 1");
}

TEST(CcEventLog, ASha1FormatLogOrATpmLogIsNoCcEventLog) {
  Bytes sha1 = test::Sha1Record(1, kEvSeparator, 0xAB, Bytes(4, 0));
  const Bytes second = test::Sha1Record(2, kEvSeparator, 0xCD, Bytes(4, 0));
  sha1.insert(sha1.end(), second.begin(), second.end());
  EXPECT_EQ(Refusal(sha1),
            "a CC event log must be crypto-agile: its first record is no Spec ID event");
  EXPECT_EQ(Refusal(test::FixtureLog("eventlogs/debian-10.bin")),
            "event 2 at offset 144: MR index 7 is not a CC measurement register (0..4)");
}

}  // namespace
}  // namespace veil::evidence::tpm_eventlog
