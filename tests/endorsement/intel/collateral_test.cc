// Real DCAP collateral — the dcap-qvl one-file JSON of every fixture, and bundle directories built
// from go-tdx-guest's and trustee's PCS responses — verifies inside its stated window, and is
// refused one second outside it, when one byte of a signed body or of a signature changes, and
// with a chain that is not the TCB signing chain. Every refusal names the item and the dates.

#include "veil/endorsement/intel/collateral.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "intel_fixtures.h"
#include "veil/base/rfc3339.h"
#include "veil/endorsement/intel/collateral_directory.h"
#include "veil/endorsement/intel/collateral_json.h"
#include "veil/endorsement/intel/collateral_verify.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/scratch_dir.h"

namespace veil::endorsement::intel {
namespace {

using testing::At;
using testing::TextFixture;

Collateral LoadJsonFixture(std::string_view file) {
  auto collateral = ParseCollateralJson(TextFixture(file), file);
  EXPECT_TRUE(collateral) << collateral.error().ToString();
  return *std::move(collateral);
}

std::string Shifted(std::string_view rfc3339, int seconds) {
  return FormatRfc3339(At(rfc3339) + std::chrono::seconds(seconds));
}

// The collateral's joint window [start, end) and the items that bound it, as messages say them.
struct Window {
  const char* file;
  const char* start;
  const char* end;
  const char* first_item;  // the last item to become valid (issued at `start`)
  const char* first_item_until;
  const char* last_item;  // the first item to expire (at `end`)
  const char* last_item_from;
};

const std::vector<Window>& Windows() {
  static const std::vector<Window> windows = {
      {"tdx/dq-quote-v4-b0c06f.collateral.json", "2025-06-19T10:32:27Z", "2025-07-19T10:00:35Z",
       "TD_QE identity", "2025-07-19T10:32:27Z", "PCK CRL", "2025-06-19T10:00:35Z"},
      {"tdx/dq-near-quote-v4-20a06f.collateral.json", "2025-09-02T07:41:59Z",
       "2025-10-02T07:03:51Z", "TDX TCB Info for FMSPC 20a06f000000", "2025-10-02T07:41:59Z",
       "PCK CRL", "2025-09-02T07:03:51Z"},
      {"tdx/dq-quote-v5-90c06f-outdated.collateral.json", "2026-02-18T10:58:51Z",
       "2026-03-20T10:41:15Z", "TDX TCB Info for FMSPC 90c06f000000", "2026-03-20T10:58:51Z",
       "PCK CRL", "2026-02-18T10:41:15Z"},
      {"sgx/dq-sgx-quote-v3.collateral.json", "2025-06-19T10:56:11Z", "2025-07-19T10:01:18Z",
       "SGX TCB Info for FMSPC 00a067110000", "2025-07-19T10:56:11Z", "QE identity",
       "2025-06-19T10:01:18Z"},
  };
  return windows;
}

TEST(CollateralJson, EveryFixtureVerifiesAtBothEndsOfItsWindow) {
  for (const Window& window : Windows()) {
    SCOPED_TRACE(window.file);
    const Collateral collateral = LoadJsonFixture(window.file);
    EXPECT_EQ(collateral.tcb_infos.size(), 1u);
    EXPECT_EQ(collateral.qe_identities.size(), 1u);
    EXPECT_TRUE(collateral.root_ca_crl);
    const auto at_start = VerifyCollateral(collateral, At(window.start));
    EXPECT_TRUE(at_start) << at_start.error().ToString();
    const auto at_end = VerifyCollateral(collateral, At(window.end) - std::chrono::seconds(1));
    EXPECT_TRUE(at_end) << at_end.error().ToString();
  }
}

TEST(CollateralJson, EveryFixtureIsRefusedJustBeforeItsWindow) {
  for (const Window& window : Windows()) {
    SCOPED_TRACE(window.file);
    const std::string at = Shifted(window.start, -1);
    const auto verified = VerifyCollateral(LoadJsonFixture(window.file), At(at));
    ASSERT_FALSE(verified);
    const std::string& message = verified.error().message;
    EXPECT_EQ(message.rfind(window.first_item, 0), 0u) << message;
    EXPECT_NE(message.find("is not current at " + at + ": issued " + window.start +
                           ", next update " + window.first_item_until),
              std::string::npos)
        << message;
  }
}

TEST(CollateralJson, EveryFixtureIsRefusedAtTheEndOfItsWindow) {
  for (const Window& window : Windows()) {
    SCOPED_TRACE(window.file);
    const auto verified = VerifyCollateral(LoadJsonFixture(window.file), At(window.end));
    ASSERT_FALSE(verified);
    const std::string& message = verified.error().message;
    EXPECT_EQ(message.rfind(window.last_item, 0), 0u) << message;
    EXPECT_NE(message.find(std::string("is not current at ") + window.end), std::string::npos)
        << message;
    EXPECT_NE(message.find(window.last_item_from), std::string::npos) << message;
    EXPECT_NE(message.find(std::string(window.end), message.find(window.last_item_from)),
              std::string::npos)
        << message;
  }
}

nlohmann::json FixtureDocument(std::string_view file) {
  return nlohmann::json::parse(TextFixture(file));
}

TEST(CollateralJson, OneChangedByteOfTheTcbInfoBodyIsRefused) {
  auto document = FixtureDocument("tdx/dq-quote-v4-b0c06f.collateral.json");
  std::string body = document["tcb_info"].get<std::string>();
  const std::size_t fmspc = body.find("B0C06F000000");
  ASSERT_NE(fmspc, std::string::npos);
  body[fmspc] = 'b';  // the same FMSPC once parsed; not the bytes Intel signed
  document["tcb_info"] = body;
  const auto collateral = ParseCollateralJson(document.dump(), "tampered");
  ASSERT_TRUE(collateral);
  const auto verified = VerifyCollateral(*collateral, At("2025-07-01T00:00:00Z"));
  ASSERT_FALSE(verified);
  EXPECT_NE(verified.error().message.find(
                "TDX TCB Info for FMSPC b0c06f000000 (from tampered tcb_info) signature does not "
                "verify with"),
            std::string::npos)
      << verified.error().message;
}

TEST(CollateralJson, OneChangedByteOfTheQeIdentitySignatureIsRefused) {
  auto document = FixtureDocument("sgx/dq-sgx-quote-v3.collateral.json");
  std::string signature = document["qe_identity_signature"].get<std::string>();
  signature[10] = signature[10] == '0' ? '1' : '0';
  document["qe_identity_signature"] = signature;
  const auto verified = VerifyCollateral(ParseCollateralJson(document.dump(), "tampered").value(),
                                         At("2025-07-01T00:00:00Z"));
  ASSERT_FALSE(verified);
  EXPECT_NE(verified.error().message.find("QE identity (from tampered qe_identity) signature does "
                                          "not verify"),
            std::string::npos)
      << verified.error().message;
}

TEST(CollateralJson, AChainOtherThanTheTcbSigningChainIsRefused) {
  auto document = FixtureDocument("tdx/dq-quote-v4-b0c06f.collateral.json");
  document["tcb_info_issuer_chain"] = document["pck_crl_issuer_chain"];
  const auto verified = VerifyCollateral(ParseCollateralJson(document.dump(), "swapped").value(),
                                         At("2025-07-01T00:00:00Z"));
  ASSERT_FALSE(verified);
  EXPECT_NE(verified.error().message.find("is not the Intel SGX TCB Signing certificate"),
            std::string::npos)
      << verified.error().message;
}

TEST(CollateralJson, AnExpiredTcbSigningCertificateIsRefused) {
  auto document = FixtureDocument("tdx/dq-quote-v4-b0c06f.collateral.json");
  document["tcb_info_issuer_chain"] = TextFixture("certs/intel/tcb_signing_chain_notafter2025.pem");
  const auto verified = VerifyCollateral(ParseCollateralJson(document.dump(), "old chain").value(),
                                         At("2025-07-01T00:00:00Z"));
  ASSERT_FALSE(verified);
  EXPECT_NE(verified.error().message.find("certificate has expired"), std::string::npos)
      << verified.error().message;
}

TEST(CollateralJson, NamesAMissingMember) {
  auto document = FixtureDocument("tdx/dq-quote-v4-b0c06f.collateral.json");
  document.erase("root_ca_crl");
  const auto collateral = ParseCollateralJson(document.dump(), "partial");
  ASSERT_FALSE(collateral);
  EXPECT_NE(collateral.error().message.find("root_ca_crl"), std::string::npos);
}

void Copy(std::string_view fixture, const std::filesystem::path& to) {
  std::filesystem::create_directories(to.parent_path());
  std::filesystem::copy_file(veil::testing::Fixture(fixture), to);
}

// The go-tdx-guest PCS responses for the Sapphire Rapids quotes, as a bundle directory.
void BuildGtgBundle(const std::filesystem::path& dir) {
  Copy("tdx/gtg-tcbinfo-50806f000000.json", dir / "tcbinfo" / "tdx-50806f000000.json");
  Copy("tdx/gtg-qeidentity-tdqe.json", dir / "qeidentity" / "td_qe.json");
  Copy("tdx/gtg-pckcrl-platform.der", dir / "pckcrl-platform.der");
  Copy("certs/intel/pck_platform_ca_chain.pem", dir / "pckcrl-platform-issuer-chain.pem");
  Copy("tdx/gtg-rootcrl.der", dir / "rootcrl.der");
  Copy("certs/intel/tcb_signing_chain_notafter2025.pem", dir / "tcb-signing-chain.pem");
}

TEST(CollateralDirectory, GoTdxGuestBundleLoadsAndVerifiesInItsWindow) {
  const veil::testing::ScratchDir dir("dcap-bundle");
  BuildGtgBundle(dir.path());
  const auto collateral = LoadCollateral(dir.path());
  ASSERT_TRUE(collateral) << collateral.error().ToString();
  ASSERT_EQ(collateral->tcb_infos.size(), 1u);
  EXPECT_EQ(collateral->tcb_infos[0].info.kind, TeeKind::kTdx);
  ASSERT_EQ(collateral->qe_identities.size(), 1u);
  EXPECT_EQ(collateral->qe_identities[0].identity.kind, EnclaveKind::kTdQe);
  EXPECT_TRUE(collateral->pck_crl_platform);
  EXPECT_FALSE(collateral->pck_crl_processor);
  const auto verified = VerifyCollateral(*collateral, At("2023-07-01T01:00:00Z"));
  EXPECT_TRUE(verified) << verified.error().ToString();
  const auto late = VerifyCollateral(*collateral, At("2023-07-08T07:24:59Z"));
  ASSERT_FALSE(late);
  EXPECT_NE(late.error().message.find("TD_QE identity (from " +
                                      (dir.path() / "qeidentity" / "td_qe.json").string() +
                                      ") is not current at 2023-07-08T07:24:59Z"),
            std::string::npos)
      << late.error().message;
}

TEST(CollateralDirectory, TrusteeAndV5ResponsesLoadAndVerify) {
  const veil::testing::ScratchDir dir("dcap-bundle");
  Copy("tdx/trustee-tcbinfo-00a06d080000.json", dir / "tcbinfo" / "tdx-00a06d080000.json");
  Copy("tdx/gtg-tcbinfo-v5-90c06f000000.json", dir / "tcbinfo" / "tdx-90c06f000000.json");
  Copy("tdx/trustee-qeidentity-tdqe.json", dir / "qeidentity" / "td_qe.json");
  Copy("certs/intel/tcb_signing_chain_notafter2032.pem", dir / "tcb-signing-chain.pem");
  const auto collateral = LoadCollateral(dir.path());
  ASSERT_TRUE(collateral) << collateral.error().ToString();
  ASSERT_EQ(collateral->tcb_infos.size(), 2u);
  const SignedTcbInfo& trustee = collateral->tcb_infos[0];
  EXPECT_TRUE(VerifyTcbInfo(trustee, nullptr, At("2025-11-01T00:00:00Z")));
  EXPECT_TRUE(VerifyQeIdentity(collateral->qe_identities[0], nullptr, At("2025-11-01T00:00:00Z")));
  const SignedTcbInfo& v5 = collateral->tcb_infos[1];
  EXPECT_TRUE(VerifyTcbInfo(v5, nullptr, At("2026-02-15T00:00:00Z")));
  EXPECT_FALSE(VerifyTcbInfo(v5, nullptr, At("2026-03-03T14:49:26Z")));
}

TEST(CollateralDirectory, ASignedBodyIsVerifiedAsServedNotReserialized) {
  // go-tdx-guest's file is the PCS response byte for byte: the raw `tcbInfo` text verifies, and
  // the same value serialized again by a JSON library does not equal it.
  const std::string text = TextFixture("tdx/gtg-tcbinfo-50806f000000.json");
  const auto signed_json = SplitSignedJson(text, "tcbInfo");
  ASSERT_TRUE(signed_json);
  EXPECT_EQ(text.find(signed_json->body), std::string("{\"tcbInfo\":").size());
  const auto signer = VerifyTcbSigningChain(
      testing::PemChainFixture("certs/intel/tcb_signing_chain_notafter2025.pem"), nullptr,
      At("2023-07-01T00:00:00Z"));
  ASSERT_TRUE(signer);
  EXPECT_TRUE(VerifySignedBody(signed_json->body, signed_json->signature, *signer, "tcbInfo"));
  const std::string reserialized = nlohmann::json::parse(signed_json->body).dump();
  EXPECT_FALSE(VerifySignedBody(reserialized, signed_json->signature, *signer, "tcbInfo"));
}

TEST(CollateralDirectory, AnEmptyDirectoryIsNotCollateral) {
  const veil::testing::ScratchDir dir("dcap-bundle");
  const auto collateral = LoadCollateral(dir.path());
  ASSERT_FALSE(collateral);
  EXPECT_EQ(collateral.error().code, ErrorCode::kNotFound);
}

TEST(CollateralDirectory, APckCrlUnderTheWrongNameIsRefused) {
  const veil::testing::ScratchDir dir("dcap-bundle");
  Copy("tdx/gtg-pckcrl-platform.der", dir / "pckcrl-processor.der");
  const auto collateral = LoadCollateral(dir.path());
  ASSERT_FALSE(collateral);
  EXPECT_NE(collateral.error().message.find("is not issued by the PCK processor CA"),
            std::string::npos)
      << collateral.error().message;
}

}  // namespace
}  // namespace veil::endorsement::intel
