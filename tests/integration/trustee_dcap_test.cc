// A real veil-trustee with [dcap] collateral (docs/trustee-config.md): the bundle is loaded at
// start and named in the log; a collateral file that cannot be read stops the start, naming the
// setting, rather than leaving TDX guests to fail one by one.

#include <gtest/gtest.h>

#include <fstream>

#include "veil/testing/fixtures.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

std::string WriteConfig(const testing::ScratchDir& dir, const std::string& collateral) {
  const std::string path = (dir / "trustee.toml").string();
  std::ofstream(path) << "[dcap]\ncollateral = \"" << collateral << "\"\n";
  return path;
}

TEST(TrusteeDcapCollateral, TheBundleIsLoadedAtStart) {
  const testing::ScratchDir dir("trustee-dcap");
  const std::string collateral =
      testing::Fixture("tdx/dq-quote-v4-b0c06f.collateral.json").string();
  auto trustee =
      testing::TrusteeProcess::Start(dir / "data", {"--config", WriteConfig(dir, collateral)});
  ASSERT_TRUE(trustee) << trustee.error().ToString();
  EXPECT_NE((*trustee)->Log().find("TDX quotes are verified against the DCAP collateral in " +
                                   collateral + " (1 TCB info, 1 QE identities)"),
            std::string::npos)
      << (*trustee)->Log();
}

TEST(TrusteeDcapCollateral, AnUnreadableBundleStopsTheStart) {
  const testing::ScratchDir dir("trustee-dcap-bad");
  const std::string missing = (dir / "no-such-bundle.json").string();
  auto trustee =
      testing::TrusteeProcess::Start(dir / "data", {"--config", WriteConfig(dir, missing)});
  ASSERT_FALSE(trustee);
  EXPECT_NE(trustee.error().message.find("[dcap] collateral"), std::string::npos)
      << trustee.error().message;
}

}  // namespace
}  // namespace veil
