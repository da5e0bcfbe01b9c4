// `veil evidence verify --tee tdx|sgx` as a user runs it: a real TDX and a real SGX quote with
// their dcap-qvl collateral inside its window exit 0 and print the claims as JSON; a wrong
// --report-data exits 1 naming the mismatch, as does a CCEL log (--eventlog) of another TD; a
// missing --collateral exits 2.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "veil/testing/command.h"
#include "veil/testing/fixtures.h"

namespace veil {
namespace {

using testing::CommandResult;

CommandResult Verify(std::vector<std::string> args) {
  args.insert(args.begin(), {testing::BuiltBinary("veil"), "evidence", "verify"});
  return testing::RunCommand(args);
}

std::string FixturePath(const std::string& relative) { return testing::Fixture(relative).string(); }

// dcap-qvl's samples: the quote `<stem>.dat` with its collateral `<stem>.collateral.json`,
// verified at a time inside the collateral's window, as JSON, with `extra` arguments.
constexpr const char* kTdxQuote = "tdx/dq-quote-v4-b0c06f";
constexpr const char* kSgxQuote = "sgx/dq-sgx-quote-v3";

CommandResult VerifyWithCollateral(const char* tee, const std::string& stem,
                                   const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"--tee",        tee,
                                   "--quote",      FixturePath(stem + ".dat"),
                                   "--collateral", FixturePath(stem + ".collateral.json"),
                                   "--at",         "2025-07-01T00:00:00Z"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("--json");
  return Verify(std::move(args));
}

TEST(VeilEvidenceVerifyDcap, TdxQuoteWithItsCollateralIsGenuine) {
  const CommandResult result = VerifyWithCollateral("tdx", kTdxQuote);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const nlohmann::json out = nlohmann::json::parse(result.out);
  EXPECT_EQ(out["valid"], true);
  EXPECT_EQ(out["tee"], "tdx");
  EXPECT_EQ(out["claims"]["tcb_status"], "UpToDate");
  EXPECT_EQ(out["claims"]["mr_td"],
            "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b"
            "2538873118b7");
}

TEST(VeilEvidenceVerifyDcap, SgxQuoteWithItsCollateralIsGenuine) {
  const CommandResult result =
      VerifyWithCollateral("sgx", kSgxQuote, {"--report-data", "48656c6c6f2c20776f726c6421"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const nlohmann::json out = nlohmann::json::parse(result.out);
  EXPECT_EQ(out["valid"], true);
  EXPECT_EQ(out["tee"], "sgx");
  EXPECT_EQ(out["claims"]["tcb_status"], "ConfigurationAndSWHardeningNeeded");
  EXPECT_EQ(out["claims"]["advisory_ids"], (nlohmann::json{"INTEL-SA-00289", "INTEL-SA-00615"}));
  EXPECT_EQ(out["claims"]["mr_enclave"],
            "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
}

TEST(VeilEvidenceVerifyDcap, AWrongReportDataIsRejected) {
  const CommandResult result = VerifyWithCollateral("tdx", kTdxQuote, {"--report-data", "00"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const nlohmann::json out = nlohmann::json::parse(result.out);
  EXPECT_EQ(out["valid"], false);
  EXPECT_EQ(out["claims"], nlohmann::json::object());
  EXPECT_EQ(out["reason"].get<std::string>().rfind("tdx: REPORTDATA mismatch: expected 00", 0), 0u)
      << out.dump();
}

// --eventlog replays a CCEL log area against the verified quote: the COS-113 TD's log does not
// describe the dcap-qvl TD (whose quote has collateral), so the genuine quote is rejected naming
// RTMR0; --eventlog is TDX only. (The log's own quote has no collateral: the matching replay is
// veil_cli_eventlog_test's `replay --tdx-quote`.)
TEST(VeilEvidenceVerifyDcap, ACcelLogOfAnotherTdIsRejectedNamingRtmr0) {
  const CommandResult result =
      Verify({"--tee", "tdx", "--quote", FixturePath("tdx/dq-quote-v4-b0c06f.dat"), "--collateral",
              FixturePath("tdx/dq-quote-v4-b0c06f.collateral.json"), "--at", "2025-07-01T00:00:00Z",
              "--eventlog", FixturePath("tdx/gce-cos113-ccel-eventlog.bin"), "--json"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const nlohmann::json out = nlohmann::json::parse(result.out);
  EXPECT_EQ(out["valid"], false);
  EXPECT_TRUE(out["reason"].get<std::string>().starts_with(
      "tdx: cc_eventlog: RTMR0 (MR 1): the log replays to 3fa2f61f"))
      << out.dump();
  const CommandResult sgx =
      Verify({"--tee", "sgx", "--quote", FixturePath("sgx/dq-sgx-quote-v3.dat"), "--collateral",
              FixturePath("sgx/dq-sgx-quote-v3.collateral.json"), "--eventlog",
              FixturePath("tdx/gce-cos113-ccel-eventlog.bin")});
  EXPECT_EQ(sgx.exit_code, 2);
  EXPECT_NE(sgx.err.find("--eventlog does not apply to --tee sgx (it is for tdx evidence)"),
            std::string::npos)
      << sgx.err;
}

TEST(VeilEvidenceVerifyDcap, AQuoteWithoutCollateralIsAUsageError) {
  const CommandResult result =
      Verify({"--tee", "sgx", "--quote", FixturePath(std::string(kSgxQuote) + ".dat")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--tee sgx needs --collateral BUNDLE_DIR_OR_JSON"), std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace veil
