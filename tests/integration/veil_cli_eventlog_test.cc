// `veil evidence eventlog show|replay` as a user runs it: the GCE attestation's event log shows
// its claims as JSON and replays to its quoted PCRs (exit 0); against another machine's quote it
// exits 1 naming the bank, PCR and events; a file that is no event log exits 2 naming the offset.
// A TDX CCEL log area replays to the RTMRs of its quote (--tdx-quote) and shows with --ccel.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "veil/testing/command.h"
#include "veil/testing/fixtures.h"

namespace veil {
namespace {

using testing::CommandResult;

CommandResult EventLog(std::vector<std::string> args) {
  args.insert(args.begin(), {testing::BuiltBinary("veil"), "evidence", "eventlog"});
  return testing::RunCommand(args);
}

std::string FixturePath(const char* relative) { return testing::Fixture(relative).string(); }

TEST(VeilEventLog, ShowPrintsTheGceLogAndItsClaimsAsJson) {
  const CommandResult result =
      EventLog({"show", FixturePath("tpm/gce-cos85-eventlog.bin"), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const nlohmann::json out = nlohmann::json::parse(result.out);
  EXPECT_EQ(out["format"], "crypto-agile");
  EXPECT_EQ(out["banks"], nlohmann::json({"sha1", "sha256", "sha384"}));
  EXPECT_EQ(out["events"].size(), 45u);  // the Spec ID header and 44 events
  EXPECT_EQ(out["events"][1]["type"], "EV_S_CRTM_VERSION");
  const nlohmann::json& claims = out["claims"];
  EXPECT_EQ(claims["secure_boot_variables"].size(), 4u);
  EXPECT_EQ(claims["boot_applications"][0]["path"], "\\EFI\\BOOT\\BOOTX64.EFI");
  EXPECT_EQ(claims["boot_applications"][0]["digests"]["sha256"],
            "dba8d69ffb244496ac8ab2950695d3da539d6ac5ec660fc6b4bdde245284cf23");
  EXPECT_EQ(claims["kernel_image"]["path"], "/syslinux/vmlinuz.A");
  EXPECT_EQ(claims["kernel_cmdline"]["source"], "grub");
  EXPECT_EQ(claims["sequence"]["0"],
            nlohmann::json({"EV_S_CRTM_VERSION", "EV_NONHOST_INFO", "EV_SEPARATOR"}));
}

TEST(VeilEventLog, ShowStatesSecureBootInText) {
  const CommandResult on = EventLog({"show", FixturePath("tpm/eventlogs/debian-10.bin")});
  ASSERT_EQ(on.exit_code, 0) << on.err;
  EXPECT_NE(on.out.find("format: sha1, banks: sha1, 25 records"), std::string::npos) << on.out;
  EXPECT_NE(on.out.find("secure boot: on\n"), std::string::npos) << on.out;
  const CommandResult off =
      EventLog({"show", FixturePath("tpm/eventlogs/arch-linux-workstation.bin")});
  ASSERT_EQ(off.exit_code, 0) << off.err;
  EXPECT_NE(off.out.find("secure boot: off\n"), std::string::npos) << off.out;
}

TEST(VeilEventLog, ReplayMatchesTheGceQuotedPcrs) {
  const CommandResult result =
      EventLog({"replay", FixturePath("tpm/gce-cos85-eventlog.bin"), "--pcrs",
                FixturePath("tpm/gce-cos85-pcrs.json"), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const nlohmann::json out = nlohmann::json::parse(result.out);
  EXPECT_EQ(out["result"], "match");
  EXPECT_EQ(out["matched"].size(), 30u);  // PCR 0-9 of three banks
  EXPECT_EQ(out["not_quoted"].size(), 0u);
}

TEST(VeilEventLog, ReplayAgainstAnotherMachinesQuoteExits1NamingThePcr) {
  const CommandResult result = EventLog({"replay", FixturePath("tpm/eventlogs/debian-10.bin"),
                                         "--pcrs", FixturePath("tpm/gce-cos85-pcrs.json")});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_EQ(result.out.rfind("mismatch: sha1 PCR 0: the log replays to "
                             "0f2d3a2a1adaa479aeeca8f5df76aadc41b862ea, the quote has "
                             "c032c3b51dbb6f96b047421512fd4b4dfde496f3; ",
                             0),
            0u)
      << result.out;
  EXPECT_NE(result.out.find("its events: 0 EV_S_CRTM_VERSION, 1 EV_NONHOST_INFO, 12 EV_SEPARATOR"),
            std::string::npos)
      << result.out;
}

TEST(VeilEventLog, NotAnEventLogExits2NamingTheOffset) {
  const CommandResult result = EventLog({"show", FixturePath("tpm/gce-cos85-pcrs.json")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(": event 0 at offset 0: PCRIndex "), std::string::npos) << result.err;
  const CommandResult no_pcrs = EventLog({"replay", FixturePath("tpm/gce-cos85-eventlog.bin")});
  EXPECT_EQ(no_pcrs.exit_code, 2);
  EXPECT_NE(no_pcrs.err.find("give --pcrs FILE (TPM) or --tdx-quote FILE"), std::string::npos)
      << no_pcrs.err;
  const CommandResult bad_pcrs = EventLog({"replay", FixturePath("tpm/gce-cos85-eventlog.bin"),
                                           "--pcrs", FixturePath("tpm/gce-cos85-eventlog.bin")});
  EXPECT_EQ(bad_pcrs.exit_code, 2);
  EXPECT_NE(bad_pcrs.err.find("expected JSON"), std::string::npos) << bad_pcrs.err;
}

// TDX: the COS-113 TD's CCEL log area replays to RTMR0..2 of its quote, through the trustee's
// replay step. The quote has no collateral, so `verify --tee tdx --eventlog` cannot run on it;
// `replay --tdx-quote` checks the log alone (it says the quote's signature was not checked).
TEST(VeilEventLog, ReplayMatchesTheRtmrsOfTheGceTdxQuote) {
  const CommandResult text = EventLog({"replay", FixturePath("tdx/gce-cos113-ccel-eventlog.bin"),
                                       "--tdx-quote", FixturePath("tdx/gce-cos113-quote-v4.dat")});
  ASSERT_EQ(text.exit_code, 0) << text.out << text.err;
  EXPECT_TRUE(text.out.starts_with("match: 3 RTMRs (RTMR0, RTMR1, RTMR2); ")) << text.out;
  const CommandResult json =
      EventLog({"replay", FixturePath("tdx/gce-cos113-ccel-eventlog.bin"), "--tdx-quote",
                FixturePath("tdx/gce-cos113-quote-v4.dat"), "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.out << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out),
            (nlohmann::json{{"result", "match"}, {"rtmrs_replayed", {0, 1, 2}}}));
}

TEST(VeilEventLog, TheCcelAgainstAnotherTdsQuoteExits1NamingRtmr0) {
  const CommandResult result = EventLog({"replay", FixturePath("tdx/gce-cos113-ccel-eventlog.bin"),
                                         "--tdx-quote", FixturePath("tdx/dq-quote-v4-b0c06f.dat")});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(result.out.starts_with("mismatch: cc_eventlog: RTMR0 (MR 1): the log replays to "))
      << result.out;
}

TEST(VeilEventLog, ShowReadsACcelLogAreaWithMrIndexes) {
  const CommandResult result =
      EventLog({"show", "--ccel", FixturePath("tdx/gce-cos113-ccel-eventlog.bin"), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const nlohmann::json out = nlohmann::json::parse(result.out);
  EXPECT_EQ(out["banks"], nlohmann::json({"sha384"}));
  EXPECT_EQ(out["events"].size(), 44u);
  EXPECT_EQ(out["claims"]["kernel_cmdline"]["pcr"], 3);
  // Without --ccel it is read as a TPM log, whose Spec ID event must be in PCR 0.
  const CommandResult plain = EventLog({"show", FixturePath("tdx/gce-cos113-ccel-eventlog.bin")});
  EXPECT_EQ(plain.exit_code, 2) << plain.out;
  EXPECT_NE(plain.err.find("event 0 at offset 0: the Spec ID event is in PCR 1, expected 0"),
            std::string::npos)
      << plain.err;
}

TEST(VeilEventLog, ReplayNeedsPcrsOrATdxQuote) {
  const CommandResult result =
      EventLog({"replay", FixturePath("tdx/gce-cos113-ccel-eventlog.bin")});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.err.find("--pcrs FILE (TPM) or --tdx-quote FILE"), std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace veil
