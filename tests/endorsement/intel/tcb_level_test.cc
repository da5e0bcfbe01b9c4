// TCB level selection over real TCB Info and the SVNs of real platforms gives the statuses the
// fixture READMEs state (their "Per-quote facts" tables): the SGX components and PCESVN come from
// each quote's PCK certificate, TEE_TCB_SVN from the TD report (16 bytes at the start of the body,
// per tdx/README.md: @48 in v4, @54 in v5).

#include "veil/endorsement/intel/tcb_level.h"

#include <gtest/gtest.h>

#include "intel_fixtures.h"
#include "veil/base/rfc3339.h"
#include "veil/endorsement/intel/collateral_json.h"
#include "veil/testing/fixtures.h"

namespace veil::endorsement::intel {
namespace {

using testing::PckChainOfQuote;
using testing::TextFixture;

std::array<std::uint8_t, 16> TeeTcbSvn(std::string_view quote) {
  const Bytes bytes = veil::testing::ReadFixture(quote);
  const std::size_t body = bytes.at(0) == 4 ? 48 : 54;  // version u16 LE @0
  std::array<std::uint8_t, 16> svn{};
  std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(body), svn.size(), svn.begin());
  return svn;
}

PlatformTcb PlatformOf(std::string_view quote, bool tdx) {
  const SgxExtensions ext = SgxExtensionsOf(PckChainOfQuote(quote).front()).value();
  PlatformTcb platform{ext.tcb_components, ext.pce_svn, std::nullopt};
  if (tdx) platform.tee_tcb_svn = TeeTcbSvn(quote);
  return platform;
}

TcbInfo TcbInfoOfCollateral(std::string_view file) {
  return ParseCollateralJson(TextFixture(file), file).value().tcb_infos.at(0).info;
}

TcbInfo TcbInfoOfResponse(std::string_view file) {
  return ParseTcbInfo(SplitSignedJson(TextFixture(file), "tcbInfo").value().body).value();
}

Result<TcbVerdict> Select(std::string_view quote, const TcbInfo& info) {
  const PlatformTcb platform = PlatformOf(quote, info.kind == TeeKind::kTdx);
  const SgxExtensions ext = SgxExtensionsOf(PckChainOfQuote(quote).front()).value();
  VEIL_TRY(CheckTcbInfoForPck(info, ext));
  return SelectTcbLevel(info, platform);
}

void ExpectStatus(std::string_view quote, const TcbInfo& info, TcbStatus status,
                  std::string_view tcb_date) {
  SCOPED_TRACE(quote);
  const auto verdict = Select(quote, info);
  ASSERT_TRUE(verdict) << verdict.error().ToString();
  EXPECT_EQ(TcbStatusName(verdict->status), TcbStatusName(status));
  EXPECT_EQ(FormatRfc3339(verdict->tcb_date), tcb_date);
}

void ExpectNoMatchingLevel(std::string_view quote, const TcbInfo& info) {
  SCOPED_TRACE(quote);
  const auto verdict = Select(quote, info);
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(verdict.error().message.rfind("no matching TCB level in TDX TCB Info for FMSPC ", 0),
            0u)
      << verdict.error().message;
}

TEST(SelectTcbLevel, SgxPlatformNeedsConfigurationAndSwHardeningWithItsAdvisories) {
  const TcbInfo info = TcbInfoOfCollateral("sgx/dq-sgx-quote-v3.collateral.json");
  const auto verdict = Select("sgx/dq-sgx-quote-v3.dat", info);
  ASSERT_TRUE(verdict) << verdict.error().ToString();
  EXPECT_EQ(verdict->status, TcbStatus::kConfigurationAndSwHardeningNeeded);
  EXPECT_EQ(FormatRfc3339(verdict->tcb_date), "2024-03-13T00:00:00Z");
  EXPECT_EQ(verdict->advisory_ids, (std::vector<std::string>{"INTEL-SA-00289", "INTEL-SA-00615"}));
  EXPECT_FALSE(verdict->tdx_module_id);
}

TEST(SelectTcbLevel, TdxPlatformsUpToDate) {
  ExpectStatus("tdx/dq-quote-v4-b0c06f.dat",
               TcbInfoOfCollateral("tdx/dq-quote-v4-b0c06f.collateral.json"), TcbStatus::kUpToDate,
               FormatRfc3339(TcbInfoOfCollateral("tdx/dq-quote-v4-b0c06f.collateral.json")
                                 .tcb_levels.front()
                                 .tcb_date));
  ExpectStatus("tdx/dq-near-quote-v4-20a06f.dat",
               TcbInfoOfCollateral("tdx/dq-near-quote-v4-20a06f.collateral.json"),
               TcbStatus::kUpToDate,
               FormatRfc3339(TcbInfoOfCollateral("tdx/dq-near-quote-v4-20a06f.collateral.json")
                                 .tcb_levels.front()
                                 .tcb_date));
  ExpectStatus("tdx/trustee-quote-v4-50806f.dat",
               TcbInfoOfResponse("tdx/gtg-tcbinfo-50806f000000.json"), TcbStatus::kUpToDate,
               "2023-02-15T00:00:00Z");
}

TEST(SelectTcbLevel, UpToDateWithoutAdvisoriesForTheDcapQvlSample) {
  const auto verdict = Select("tdx/dq-quote-v4-b0c06f.dat",
                              TcbInfoOfCollateral("tdx/dq-quote-v4-b0c06f.collateral.json"));
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->advisory_ids.empty());
}

TEST(SelectTcbLevel, Tdx15ModuleIsJudgedByItsModuleIdentity) {
  const TcbInfo info = TcbInfoOfCollateral("tdx/dq-quote-v5-90c06f-outdated.collateral.json");
  ExpectStatus("tdx/gtg-quote-v5.dat", info, TcbStatus::kUpToDate, "2024-11-13T00:00:00Z");
  const auto verdict = Select("tdx/gtg-quote-v5.dat", info);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->tdx_module_id, "TDX_01");
  ASSERT_TRUE(verdict->tdx_module_level);
  EXPECT_EQ(verdict->tdx_module_level->isvsvn, 6);
  EXPECT_EQ(verdict->tdx_module_level->status, TcbStatus::kUpToDate);
}

TEST(SelectTcbLevel, GraniteRapidsPlatformIsOutOfDateByItsPcesvn) {
  const TcbInfo info = TcbInfoOfResponse("tdx/trustee-tcbinfo-00a06d080000.json");
  ExpectStatus("tdx/trustee-quote-v4-00a06d.dat", info, TcbStatus::kOutOfDate,
               "2018-01-04T00:00:00Z");
  const auto verdict = Select("tdx/trustee-quote-v4-00a06d.dat", info);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->tdx_module_id, "TDX_03");
  EXPECT_EQ(verdict->tdx_module_level->status, TcbStatus::kUpToDate);
}

TEST(SelectTcbLevel, PlatformsBelowEveryLevelHaveNoMatchingLevel) {
  ExpectNoMatchingLevel("tdx/gtg-spr-quote-v4.dat",
                        TcbInfoOfResponse("tdx/gtg-tcbinfo-50806f000000.json"));
  ExpectNoMatchingLevel("tdx/dq-tappd-quote-v4-b0c06f.dat",
                        TcbInfoOfCollateral("tdx/dq-quote-v4-b0c06f.collateral.json"));
  ExpectNoMatchingLevel("tdx/dq-quote-v5-90c06f-outdated.dat",
                        TcbInfoOfCollateral("tdx/dq-quote-v5-90c06f-outdated.collateral.json"));
  ExpectNoMatchingLevel("tdx/trustee-quote-v5-90c06f.dat",
                        TcbInfoOfCollateral("tdx/dq-quote-v5-90c06f-outdated.collateral.json"));
}

TEST(SelectTcbLevel, AnOutOfDateModuleMakesAnUpToDatePlatformOutOfDate) {
  const TcbInfo info = TcbInfoOfCollateral("tdx/dq-quote-v5-90c06f-outdated.collateral.json");
  PlatformTcb platform = PlatformOf("tdx/gtg-quote-v5.dat", true);
  (*platform.tee_tcb_svn)[0] = 4;  // TDX_01 ISVSVN 4: the OutOfDate level of 2024-03-13
  const auto verdict = SelectTcbLevel(info, platform);
  ASSERT_TRUE(verdict) << verdict.error().ToString();
  EXPECT_EQ(verdict->platform_status, TcbStatus::kUpToDate);
  EXPECT_EQ(verdict->status, TcbStatus::kOutOfDate);
  EXPECT_EQ(verdict->advisory_ids, (std::vector<std::string>{"INTEL-SA-01036", "INTEL-SA-01099"}));
}

TEST(SelectTcbLevel, AnUnknownModuleVersionIsRefused) {
  const TcbInfo info = TcbInfoOfCollateral("tdx/dq-quote-v5-90c06f-outdated.collateral.json");
  PlatformTcb platform = PlatformOf("tdx/gtg-quote-v5.dat", true);
  (*platform.tee_tcb_svn)[1] = 2;
  const auto verdict = SelectTcbLevel(info, platform);
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().message, "TCB Info has no TDX module identity TDX_02");
}

TEST(CheckTcbInfoForPck, RefusesAnotherFmspcsTcbInfo) {
  const TcbInfo info = TcbInfoOfResponse("tdx/gtg-tcbinfo-50806f000000.json");
  const SgxExtensions ext =
      SgxExtensionsOf(PckChainOfQuote("tdx/dq-quote-v4-b0c06f.dat").front()).value();
  const auto checked = CheckTcbInfoForPck(info, ext);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().message,
            "TCB Info is for FMSPC 50806f000000, the PCK certificate's is b0c06f000000");
}

TEST(SelectTcbLevel, RefusesATeeTcbSvnAgainstSgxTcbInfo) {
  const TcbInfo info = TcbInfoOfCollateral("sgx/dq-sgx-quote-v3.collateral.json");
  PlatformTcb platform = PlatformOf("sgx/dq-sgx-quote-v3.dat", false);
  platform.tee_tcb_svn = std::array<std::uint8_t, 16>{};
  EXPECT_FALSE(SelectTcbLevel(info, platform));
}

// MRSIGNERSEAM @64 (48 bytes) and SEAMATTRIBUTES @112 (8 bytes) of the TD report body.
struct SeamFields {
  Bytes mrsignerseam;
  Bytes seam_attributes;
};

SeamFields SeamOf(std::string_view quote) {
  const Bytes bytes = veil::testing::ReadFixture(quote);
  const std::size_t body = bytes.at(0) == 4 ? 48 : 54;
  const auto at = [&](std::size_t offset, std::size_t size) {
    return Bytes(bytes.begin() + static_cast<std::ptrdiff_t>(body + offset),
                 bytes.begin() + static_cast<std::ptrdiff_t>(body + offset + size));
  };
  return {at(64, 48), at(112, 8)};
}

TEST(CheckTdxModule, IntelSignedModulesMatchTheirTcbInfo) {
  const std::vector<std::pair<const char*, TcbInfo>> cases = {
      {"tdx/trustee-quote-v4-50806f.dat", TcbInfoOfResponse("tdx/gtg-tcbinfo-50806f000000.json")},
      {"tdx/gtg-quote-v5.dat",
       TcbInfoOfCollateral("tdx/dq-quote-v5-90c06f-outdated.collateral.json")},
      {"tdx/trustee-quote-v4-00a06d.dat",
       TcbInfoOfResponse("tdx/trustee-tcbinfo-00a06d080000.json")},
  };
  for (const auto& [quote, info] : cases) {
    SCOPED_TRACE(quote);
    const SeamFields seam = SeamOf(quote);
    const auto checked =
        CheckTdxModule(info, TeeTcbSvn(quote), seam.mrsignerseam, seam.seam_attributes);
    EXPECT_TRUE(checked) << checked.error().ToString();
  }
}

TEST(CheckTdxModule, RefusesAnotherSignerOrAttributes) {
  const TcbInfo info = TcbInfoOfCollateral("tdx/dq-quote-v5-90c06f-outdated.collateral.json");
  const auto svn = TeeTcbSvn("tdx/gtg-quote-v5.dat");
  SeamFields seam = SeamOf("tdx/gtg-quote-v5.dat");
  seam.mrsignerseam[47] = 1;
  const auto signer = CheckTdxModule(info, svn, seam.mrsignerseam, seam.seam_attributes);
  ASSERT_FALSE(signer);
  EXPECT_EQ(signer.error().message.rfind("TDX module TDX_01: MRSIGNERSEAM mismatch", 0), 0u);
  seam = SeamOf("tdx/gtg-quote-v5.dat");
  seam.seam_attributes[0] = 0x80;
  const auto attributes = CheckTdxModule(info, svn, seam.mrsignerseam, seam.seam_attributes);
  ASSERT_FALSE(attributes);
  EXPECT_EQ(
      attributes.error().message,
      "TDX module TDX_01: SEAMATTRIBUTES 8000000000000000 under mask ffffffffffffffff are not "
      "0000000000000000");
}

}  // namespace
}  // namespace veil::endorsement::intel
