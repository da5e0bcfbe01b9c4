// CoCo's TDX claim names (trustee deps/verifier/src/tdx/claims.rs generate_parsed_claim, and
// intel_dcap/claims.rs) over real quotes verified by Veil's TDX verifier with their real
// collateral (shared/fixtures/tdx/README.md gives each quote's collateral, window and
// measurements), and CoCo's ear_default_policy_cpu.rego (byte-identical fixture) deciding on them.
#include "veil/policy/coco/coco_tdx_claims.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "veil/appraisal/tdx/ccel_replay.h"
#include "veil/appraisal/tdx/quote_claims.h"
#include "veil/appraisal/tdx/verify_quote.h"
#include "veil/base/rfc3339.h"
#include "veil/endorsement/intel/collateral_directory.h"
#include "veil/evidence/tdx/quote.h"
#include "veil/policy/coco/coco_attestation_input.h"
#include "veil/policy/coco/rego_attestation_policy.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/scratch_dir.h"

namespace veil::policy::coco {
namespace {

using nlohmann::json;

appraisal::VerifiedClaims Verify(std::string_view quote_fixture,
                                 const endorsement::intel::Collateral& collateral,
                                 std::string_view at) {
  const Bytes quote = testing::ReadFixture(quote_fixture);
  auto claims = appraisal::tdx::VerifyQuote({quote, collateral, *ParseRfc3339(at), std::nullopt});
  EXPECT_TRUE(claims) << claims.error().ToString();
  return std::move(claims).value();
}

endorsement::intel::Collateral Load(const std::filesystem::path& path) {
  auto collateral = endorsement::intel::LoadCollateral(path);
  EXPECT_TRUE(collateral) << collateral.error().ToString();
  return *std::move(collateral);
}

// dcap-qvl's UpToDate, non-debug TD 1.0 sample.
appraisal::VerifiedClaims DqQuote() {
  return Verify("tdx/dq-quote-v4-b0c06f.dat",
                Load(testing::Fixture("tdx/dq-quote-v4-b0c06f.collateral.json")),
                "2025-07-01T00:00:00Z");
}

void Copy(std::string_view fixture, const std::filesystem::path& to) {
  std::filesystem::create_directories(to.parent_path());
  std::filesystem::copy_file(testing::Fixture(fixture), to);
}

// trustee's tdx_quote_4: UpToDate with TDATTRIBUTES DEBUG set, under go-tdx-guest's collateral.
appraisal::VerifiedClaims DebugQuote() {
  const testing::ScratchDir dir("coco-tdx-gtg");
  Copy("tdx/gtg-tcbinfo-50806f000000.json", dir / "tcbinfo" / "tdx-50806f000000.json");
  Copy("tdx/gtg-qeidentity-tdqe.json", dir / "qeidentity" / "td_qe.json");
  Copy("tdx/gtg-pckcrl-platform.der", dir / "pckcrl-platform.der");
  Copy("certs/intel/pck_platform_ca_chain.pem", dir / "pckcrl-platform-issuer-chain.pem");
  Copy("tdx/gtg-rootcrl.der", dir / "rootcrl.der");
  Copy("certs/intel/tcb_signing_chain_notafter2025.pem", dir / "tcb-signing-chain.pem");
  return Verify("tdx/trustee-quote-v4-50806f.dat", Load(dir.path()), "2023-07-01T01:00:00Z");
}

const CocoRuntimeClaims kRuntime{"00", {{"nonce", "n"}}, nullptr, nullptr};

TEST(CocoTdxClaims, ARealQuoteGetsCocosNames) {
  const appraisal::VerifiedClaims verified = DqQuote();
  const json& veil = verified.claims();
  const json input = CocoAttestationInput("tdx", veil, kRuntime);
  const json& tdx = input["tdx"];
  // Header: quote v4, ECDSA-P256 attestation key, TEE type 0x81, Intel's QE vendor id.
  EXPECT_EQ(tdx["quote"]["header"]["version"], "0400");
  EXPECT_EQ(tdx["quote"]["header"]["att_key_type"], "0200");
  EXPECT_EQ(tdx["quote"]["header"]["tee_type"], "81000000");
  EXPECT_EQ(tdx["quote"]["header"]["vendor_id"], "939a7233f79c4ca9940a0db3957f0607");
  // Body: the README's measurements under CoCo's names.
  const json& body = tdx["quote"]["body"];
  EXPECT_EQ(body["mr_td"],
            "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b"
            "2538873118b7");
  EXPECT_EQ(body["rtmr_1"],
            "0084452c01668329d4bc06acdf58a7205c26743304509973949e5619bf81a6a7aea8c323c173019b3093"
            "d54e579e9378");
  EXPECT_EQ(body["rtmr_3"], std::string(96, '0'));
  EXPECT_EQ(body["tcb_svn"], veil["tee_tcb_svn"]);
  EXPECT_EQ(body["mrsigner_seam"], veil["mr_signer_seam"]);
  EXPECT_EQ(body["td_attributes"], veil["td_attributes"]);
  EXPECT_EQ(body["report_data"], veil["report_data"]);
  EXPECT_FALSE(body.contains("mr_servicetd"));
  EXPECT_FALSE(tdx["quote"].contains("type"));  // v4 quotes have no body descriptor
  EXPECT_EQ(tdx["td_attributes"], (json{{"debug", false},
                                        {"septve_disable", true},
                                        {"protection_keys", false},
                                        {"key_locker", false},
                                        {"perfmon", false}}))
      << veil["td_attributes"];
  EXPECT_EQ(tdx["tcb_status"], "UpToDate");
  EXPECT_EQ(tdx["advisory_ids"], json::array());
  EXPECT_EQ(tdx["collateral_expiration_status"], "0");
  // CoCo's TDX init_data is MRCONFIGID, lifted to the top of the input.
  EXPECT_EQ(input["init_data"], veil["mr_config_id"]);
}

TEST(CocoTdxClaims, AV5QuoteCarriesItsBodyDescriptorAndTd15Fields) {
  const appraisal::VerifiedClaims verified =
      Verify("tdx/gtg-quote-v5.dat",
             Load(testing::Fixture("tdx/dq-quote-v5-90c06f-outdated.collateral.json")),
             "2026-03-01T00:00:00Z");
  const json tdx = WithCocoTdxNames(verified.claims());
  EXPECT_EQ(tdx["quote"]["header"]["version"], "0500");
  EXPECT_EQ(tdx["quote"]["type"], "0300");      // TD 1.5 body
  EXPECT_EQ(tdx["quote"]["size"], "88020000");  // 648 bytes
  EXPECT_EQ(tdx["quote"]["body"]["mr_servicetd"], std::string(96, '0'));
  EXPECT_EQ(tdx["quote"]["body"]["tee_tcb_svn2"], verified.claims()["tee_tcb_svn2"]);
}

// The COS-113 TD's CCEL, replayed against its quote (which has no collateral, so the claims are
// the quote's parsed claims plus the replay's, as VerifyQuote would add them): each measured event
// becomes a CoCo uefi_event_logs entry with its MR index, type name and SHA-384 digest.
TEST(CocoTdxClaims, AReplayedCcelGivesCocosUefiEventLogs) {
  const Bytes quote_bytes = testing::ReadFixture("tdx/gce-cos113-quote-v4.dat");
  const auto quote = evidence::tdx::ParseQuote(quote_bytes);
  ASSERT_TRUE(quote) << quote.error().ToString();
  const auto replay = appraisal::tdx::ReplayCcel(
      testing::ReadFixture("tdx/gce-cos113-ccel-eventlog.bin"), quote->body.rtmr);
  ASSERT_TRUE(replay) << replay.error().ToString();
  json veil = appraisal::tdx::QuoteClaims(*quote);
  veil["ccel"] = appraisal::tdx::CcelClaims(*replay);
  const json coco = WithCocoTdxNames(veil);
  const json& logs = coco["uefi_event_logs"];
  ASSERT_EQ(logs.size(), 43u);
  EXPECT_EQ(
      logs[14],
      (json{{"index", 2},
            {"type_name", "EV_EFI_ACTION"},
            {"digests",
             json::array({{{"alg", "SHA-384"}, {"digest", veil["ccel"]["events"][14]["sha384"]}}})},
            {"digest_matches_event", true},
            {"details", json::object()}}));
  EXPECT_EQ(logs[17]["type_name"], "EV_EFI_BOOT_SERVICES_APPLICATION");
  EXPECT_EQ(logs[17]["digest_matches_event"], false);
  // Without a replay there is no uefi_event_logs.
  EXPECT_FALSE(WithCocoTdxNames(appraisal::tdx::QuoteClaims(*quote)).contains("uefi_event_logs"));
}

TEST(CocoTdxClaims, TheDebugBitIsCocosTdAttributesDebug) {
  const json tdx = WithCocoTdxNames(DebugQuote().claims());
  EXPECT_EQ(tdx["td_attributes"]["debug"], true);
  EXPECT_EQ(tdx["quote"]["body"]["td_attributes"], "0100001000000000");
}

TEST(CocoTdxClaims, MissingOrMistypedVeilClaimsAddNothing) {
  const json tdx = WithCocoTdxNames({{"td_attributes", 5}, {"mr_td", 7}});
  EXPECT_EQ(tdx["td_attributes"], 5);
  EXPECT_FALSE(tdx.contains("quote"));
  EXPECT_FALSE(tdx.contains("collateral_expiration_status"));
  EXPECT_TRUE(CocoTdxInitData({{"mr_td", "00"}}).is_null());
}

RegoAttestationPolicy EarCpuPolicy() {
  const Bytes text = testing::ReadFixture("rego/trustee/as-ear_default_policy_cpu.rego");
  auto policy = CompileRegoAttestationPolicy(std::string(text.begin(), text.end()), "default");
  EXPECT_TRUE(policy) << policy.error().ToString();
  return *policy;
}

ReferenceValueSet Enrolled(const json& veil) {
  ReferenceValueSet set;
  for (const auto& [name, claim] : {std::pair{"mr_td", "mr_td"}, std::pair{"xfam", "xfam"},
                                    std::pair{"rtmr_1", "rtmr1"}, std::pair{"rtmr_2", "rtmr2"}}) {
    EXPECT_TRUE(set.Add({name, {veil[claim].get<std::string>()}, {}, ""}));
  }
  return set;
}

// The policy's TDX section with MRTD, XFAM, RTMR1 and RTMR2 enrolled:
//   executables 4: the RTMRs match, and the first body's UEFI event checks need
//     uefi_event_logs, which this evidence (no CCEL) has none of, so the Grub/GKE else holds.
//   hardware 2: TDX TEE type, Intel's vendor id, MR_TD enrolled, UpToDate, collateral valid.
//   configuration 2: debug off and XFAM enrolled.
TEST(CocoTdxClaimsWithEarCpuPolicy, AnUpToDateTdIsAffirmed) {
  const appraisal::VerifiedClaims verified = DqQuote();
  auto appraisal = AppraiseWithRego(EarCpuPolicy(), verified, kRuntime, Enrolled(verified.claims()),
                                    *ParseRfc3339("2025-07-01T00:00:00Z"));
  ASSERT_TRUE(appraisal) << appraisal.error().ToString();
  EXPECT_EQ(appraisal->vector.Get(Ar4siComponent::kExecutables), 4);
  EXPECT_EQ(appraisal->vector.Get(Ar4siComponent::kHardware), 2);
  EXPECT_EQ(appraisal->vector.Get(Ar4siComponent::kConfiguration), 2);
  EXPECT_EQ(appraisal->status, ArStatus::kAffirming);
}

// The debug TD with the same values of its own enrolled: configuration keeps its default 36
// (the TDX body needs debug == false), a warning, so it is not affirmed.
TEST(CocoTdxClaimsWithEarCpuPolicy, ADebugTdIsNotAffirmed) {
  const appraisal::VerifiedClaims verified = DebugQuote();
  auto appraisal = AppraiseWithRego(EarCpuPolicy(), verified, kRuntime, Enrolled(verified.claims()),
                                    *ParseRfc3339("2023-07-01T01:00:00Z"));
  ASSERT_TRUE(appraisal) << appraisal.error().ToString();
  EXPECT_EQ(appraisal->vector.Get(Ar4siComponent::kHardware), 2);
  EXPECT_EQ(appraisal->vector.Get(Ar4siComponent::kConfiguration), 36);
  EXPECT_NE(appraisal->status, ArStatus::kAffirming);
}

}  // namespace
}  // namespace veil::policy::coco
