#include "veil/evidence/tpm_eventlog/spec_id_event.h"

#include <gtest/gtest.h>

#include "log_builder.h"
#include "veil/evidence/tpm_eventlog/event_log.h"

namespace veil::evidence::tpm_eventlog {
namespace {

// Offsets in SpecIdData's output.
constexpr std::size_t kVersionMinorAt = 20;
constexpr std::size_t kUintnSizeAt = 23;
constexpr std::size_t kCountAt = 24;
constexpr std::size_t kFirstSizeAt = 30;

std::string ParseError(const Bytes& data) {
  auto event = ParseSpecIdEvent(data);
  EXPECT_FALSE(event) << "parsed unexpectedly";
  return event ? "" : event.error().message;
}

TEST(SpecIdEvent, ReadsTheTableOfTheUbuntuLog) {
  const EventLog log =
      ParseEventLog(test::FixtureLog("eventlogs/ubuntu-2404-amd-sevsnp.bin")).value();
  const SpecIdEvent spec = ParseSpecIdEvent(log.events[0].data).value();
  EXPECT_EQ(spec.spec_version_major, 2);
  EXPECT_EQ(spec.spec_version_minor, 0);
  EXPECT_EQ(spec.uintn_size, 2);
  ASSERT_EQ(spec.algorithms.size(), 3u);
  EXPECT_EQ(spec.algorithms[0].alg_id, 0x0004);
  EXPECT_EQ(spec.algorithms[0].digest_size, 20);
  EXPECT_EQ(spec.algorithms[2].alg_id, 0x000C);
  EXPECT_EQ(spec.algorithms[2].digest_size, 48);
  EXPECT_NE(spec.Find(0x000B), nullptr);
  EXPECT_EQ(spec.Find(0x000D), nullptr);
}

TEST(SpecIdEvent, EveryTruncationFails) {
  const Bytes full = test::SpecIdData(test::kSha1Sha256);
  for (std::size_t size = 0; size < full.size(); ++size) {
    const std::string message =
        ParseError(Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)));
    if (size < 16) {
      EXPECT_EQ(message, "Spec ID event: signature is not \"Spec ID Event03\\0\"") << size;
    } else {
      EXPECT_EQ(message.rfind("truncated Spec ID event ", 0), 0u) << size << ": " << message;
    }
  }
}

TEST(SpecIdEvent, RejectsEachFieldOutOfRange) {
  const Bytes good = test::SpecIdData(test::kSha1Sha256);
  ASSERT_TRUE(ParseSpecIdEvent(good));
  Bytes version = good;
  version[kVersionMinorAt] = 1;
  EXPECT_EQ(ParseError(version),
            "Spec ID event: specVersion is 2.1, expected 2.0 for \"Spec ID Event03\"");
  Bytes uintn = good;
  uintn[kUintnSizeAt] = 3;
  EXPECT_EQ(ParseError(uintn), "Spec ID event: uintnSize is 3, expected 1 (UINT32) or 2 (UINT64)");
  for (std::uint32_t count : {0u, 17u, 0xFFFFFFFFu}) {
    Bytes absurd = good;
    test::PutLe32(absurd, kCountAt, count);
    EXPECT_EQ(ParseError(absurd),
              "Spec ID event: numberOfAlgorithms is " + std::to_string(count) + ", expected 1..16");
  }
  Bytes wrong_size = good;
  wrong_size[kFirstSizeAt] = 32;  // sha1 said to be 32 bytes
  EXPECT_EQ(ParseError(wrong_size), "Spec ID event: sha1 digest size is 32, expected 20");
  Bytes huge = test::SpecIdData({{0x0012, 65}});
  EXPECT_EQ(ParseError(huge), "Spec ID event: sm3_256 digest size 65 is outside 1..64");
  EXPECT_EQ(ParseError(test::SpecIdData({{0x4, 20}, {0x4, 20}})), "Spec ID event lists sha1 twice");
  Bytes trailing = good;
  trailing.push_back(0);
  EXPECT_EQ(ParseError(trailing), "1 trailing bytes after the Spec ID event");
}

TEST(SpecIdEvent, AlgorithmsOutsideTheTpmHashesKeepTheirDeclaredSize) {
  const SpecIdEvent spec = ParseSpecIdEvent(test::SpecIdData({{0x0027, 48}})).value();
  EXPECT_EQ(spec.algorithms[0].digest_size, 48);
  EXPECT_EQ(AlgorithmName(0x0027), "alg 0x0027");
}

}  // namespace
}  // namespace veil::evidence::tpm_eventlog
