#include "veil/appraisal/tpm_eventlog/replay.h"

#include <gtest/gtest.h>

#include "expected_pcrs.h"
#include "veil/appraisal/tpm_eventlog/extend.h"
#include "veil/evidence/tpm_eventlog/event_type.h"

namespace veil::appraisal::tpm_eventlog {
namespace {

namespace el = evidence::tpm_eventlog;
using test::HashAlg;
using test::Hex;

el::EventLog Log(const std::string& file) {
  return el::ParseEventLog(testing::ReadFixture("tpm/" + file)).value();
}

const BankReplay& Bank(const std::vector<BankReplay>& banks, HashAlg hash) {
  for (const BankReplay& bank : banks) {
    if (bank.hash == hash) return bank;
  }
  ADD_FAILURE() << "no bank " << evidence::tpm::HashAlgName(hash);
  return banks.front();
}

std::vector<std::uint32_t> Pcrs(const BankReplay& bank) {
  std::vector<std::uint32_t> pcrs;
  for (const auto& [pcr, replay] : bank.pcrs) pcrs.push_back(pcr);
  return pcrs;
}

const std::vector<std::uint32_t> kPcrs0To9And14 = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 14};

TEST(Replay, GceLogReplaysToTheQuotedPcrs0To9OfAllThreeBanks) {
  const std::vector<BankReplay> banks = ReplayEventLog(Log("gce-cos85-eventlog.bin"));
  ASSERT_EQ(banks.size(), 3u);
  const test::PcrValues quoted = test::GceQuotedPcrs();
  for (HashAlg hash : {HashAlg::kSha1, HashAlg::kSha256, HashAlg::kSha384}) {
    SCOPED_TRACE(evidence::tpm::HashAlgName(hash));
    const BankReplay& bank = Bank(banks, hash);
    EXPECT_EQ(Pcrs(bank), (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    for (const auto& [pcr, replay] : bank.pcrs) {
      EXPECT_EQ(HexEncode(replay.value), HexEncode(quoted.at(hash).at(pcr))) << "PCR " << pcr;
    }
  }
  EXPECT_EQ(HexEncode(Bank(banks, HashAlg::kSha256).pcrs.at(0).value),
            "0f35c214608d93c7a6e68ae7359b4a8be5a0e99eea9107ece427c4dea4e439cf");
}

TEST(Replay, ArchAndDebianLogsReplayToTheirKnownBanks) {
  for (const auto& [file, expected] :
       {std::pair{"eventlogs/arch-linux-workstation.bin", test::ArchPcrs()},
        std::pair{"eventlogs/debian-10.bin", test::DebianPcrs()}}) {
    SCOPED_TRACE(file);
    const std::vector<BankReplay> banks = ReplayEventLog(Log(file));
    ASSERT_EQ(banks.size(), expected.size());
    for (const auto& [hash, values] : expected) {
      const BankReplay& bank = Bank(banks, hash);
      ASSERT_EQ(bank.pcrs.size(), values.size());
      for (const auto& [pcr, value] : values) {
        EXPECT_EQ(HexEncode(bank.pcrs.at(pcr).value), HexEncode(value)) << "PCR " << pcr;
      }
    }
  }
}

// PCR 0 (SHA-256) as shared/fixtures/tpm/README.md gives it; the GDC log's PCR 0 starts at
// 0x00..03 (StartupLocality 3).
TEST(Replay, OtherFixtureLogsReplayPcr0ToTheReadmeValue) {
  const struct {
    std::string file;
    std::string pcr0;
  } cases[] = {
      {"eventlogs/gdc-host.bin",
       "dab77c454bd12c27ff6b6ce1f9adca90b7a330c1cef0b5cd01cb89fb3bd0dffa"},
      {"eventlogs/ubuntu-2404-amd-sevsnp.bin",
       "50597a27846e91d025eef597abbc89f72bff9af849094db97b0684d8bc4c515e"},
      {"eventlogs/eventlogwithsp800155.bin",
       "d0c70a9310cd0b55767084333022ce53f42befbb69c059ee6c0a32766f160783"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const std::vector<BankReplay> banks = ReplayEventLog(Log(c.file));
    const BankReplay& sha256 = Bank(banks, HashAlg::kSha256);
    EXPECT_EQ(HexEncode(sha256.pcrs.at(0).value), c.pcr0);
    EXPECT_EQ(Pcrs(sha256), kPcrs0To9And14);
  }
}

TEST(Replay, StartupLocalitySetsTheInitialPcr0) {
  el::EventLog log = Log("eventlogs/gdc-host.bin");
  ASSERT_EQ(log.startup_locality, 3);
  EXPECT_EQ(HexEncode(InitialPcrValue(log, HashAlg::kSha256, 0)), std::string(62, '0') + "03");
  EXPECT_EQ(HexEncode(InitialPcrValue(log, HashAlg::kSha256, 1)), std::string(64, '0'));
  EXPECT_EQ(HexEncode(InitialPcrValue(log, HashAlg::kSha1, 17)), std::string(40, 'f'));
  log.startup_locality = 0;  // as if the event were absent: PCR 0 no longer replays
  EXPECT_NE(HexEncode(Bank(ReplayEventLog(log), HashAlg::kSha256).pcrs.at(0).value),
            "dab77c454bd12c27ff6b6ce1f9adca90b7a330c1cef0b5cd01cb89fb3bd0dffa");
}

TEST(Replay, NoActionEventsAreNotExtended) {
  const el::EventLog log = Log("eventlogs/eventlogwithsp800155.bin");
  std::size_t no_action = 0;
  for (const el::Event& event : log.events) no_action += event.type == el::kEvNoAction ? 1 : 0;
  EXPECT_GE(no_action, 2u);  // the Spec ID header and the SP 800-155 events
  for (const BankReplay& bank : ReplayEventLog(log)) {
    for (const auto& [pcr, replay] : bank.pcrs) {
      for (std::size_t index : replay.event_indexes) {
        EXPECT_NE(log.events[index].type, el::kEvNoAction) << index;
      }
    }
  }
}

TEST(Extend, IsTheHashOfTheOldValueAndTheDigest) {
  // SHA-256(32 zero bytes || SHA-256("")): extend of the empty string's digest into a reset PCR.
  const Bytes empty = Hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Extend(HashAlg::kSha256, Bytes(32, 0), empty)), HexEncode(crypto::Sha256([&] {
              Bytes in(32, 0);
              in.insert(in.end(), empty.begin(), empty.end());
              return in;
            }())));
  // The separator of value 0 in SHA-1 is 9069ca78e7450a285173431b3e52c5c25299e473.
  el::Event separator;
  separator.type = el::kEvSeparator;
  separator.data = {0, 0, 0, 0};
  EXPECT_EQ(HexEncode(ExpectedDigestOfData(separator, HashAlg::kSha1).value()),
            "9069ca78e7450a285173431b3e52c5c25299e473");
  separator.type = el::kEvEfiBootServicesApplication;
  EXPECT_FALSE(ExpectedDigestOfData(separator, HashAlg::kSha1));
}

}  // namespace
}  // namespace veil::appraisal::tpm_eventlog
