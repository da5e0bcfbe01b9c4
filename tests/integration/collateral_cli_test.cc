// `veil collateral inspect` as a user runs it: on a dcap-qvl collateral file and on a bundle
// directory built from Intel PCS responses it lists every item with its window; with --at it
// exits 0 inside the window, 1 outside it naming the item, and 2 for an unreadable bundle.

#include <gtest/gtest.h>

#include <filesystem>

#include "veil/testing/command.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/scratch_dir.h"

namespace veil {
namespace {

using testing::CommandResult;

CommandResult Inspect(std::vector<std::string> args) {
  args.insert(args.begin(), {testing::BuiltBinary("veil"), "collateral", "inspect"});
  return testing::RunCommand(args);
}

TEST(CollateralInspect, ListsEveryItemOfACollateralFileWithItsWindow) {
  const std::string file = testing::Fixture("tdx/dq-quote-v4-b0c06f.collateral.json").string();
  const CommandResult result = Inspect({file});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* line :
       {"TCB Info TDX FMSPC b0c06f000000", "valid 2025-06-19T10:16:03Z to 2025-07-19T10:16:03Z",
        "Enclave identity TD_QE", "valid 2025-06-19T10:32:27Z to 2025-07-19T10:32:27Z",
        "PCK CRL (platform CA)", "valid 2025-06-19T10:00:35Z to 2025-07-19T10:00:35Z",
        "Root CA CRL", "valid 2025-03-20T11:21:57Z to 2026-04-03T11:21:57Z"}) {
    EXPECT_NE(result.out.find(line), std::string::npos) << line << "\n" << result.out;
  }
  EXPECT_EQ(result.out.find("verified"), std::string::npos);  // nothing verified without --at
}

TEST(CollateralInspect, VerifiesABundleDirectoryAtAGivenTime) {
  const testing::ScratchDir dir("dcap-cli");
  std::filesystem::create_directories(dir.path() / "tcbinfo");
  std::filesystem::create_directories(dir.path() / "qeidentity");
  std::filesystem::copy_file(testing::Fixture("tdx/gtg-tcbinfo-50806f000000.json"),
                             dir.path() / "tcbinfo" / "tdx-50806f000000.json");
  std::filesystem::copy_file(testing::Fixture("tdx/gtg-qeidentity-tdqe.json"),
                             dir.path() / "qeidentity" / "td_qe.json");
  std::filesystem::copy_file(testing::Fixture("tdx/gtg-pckcrl-platform.der"),
                             dir.path() / "pckcrl-platform.der");
  std::filesystem::copy_file(testing::Fixture("tdx/gtg-rootcrl.der"), dir.path() / "rootcrl.der");
  std::filesystem::copy_file(testing::Fixture("certs/intel/tcb_signing_chain_notafter2025.pem"),
                             dir.path() / "tcb-signing-chain.pem");

  const CommandResult inside = Inspect({dir.path().string(), "--at", "2023-07-01T01:00:00Z"});
  EXPECT_EQ(inside.exit_code, 0) << inside.out << inside.err;
  EXPECT_NE(inside.out.find("every item verifies at 2023-07-01T01:00:00Z"), std::string::npos)
      << inside.out;

  const CommandResult after = Inspect({dir.path().string(), "--at", "2023-07-10T00:00:00Z"});
  EXPECT_EQ(after.exit_code, 1) << after.out << after.err;
  EXPECT_NE(after.out.find("FAILED: TD_QE identity"), std::string::npos) << after.out;
  EXPECT_NE(after.out.find("2 item(s) fail"), std::string::npos) << after.out;  // + PCK CRL
}

TEST(CollateralInspect, AnUnreadableBundleIsAUsageError) {
  const testing::ScratchDir dir("dcap-cli");
  const CommandResult empty = Inspect({dir.path().string()});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("holds no DCAP collateral"), std::string::npos) << empty.err;
  const CommandResult bad_time = Inspect({dir.path().string(), "--at", "yesterday"});
  EXPECT_EQ(bad_time.exit_code, 2);
}

}  // namespace
}  // namespace veil
