// Every real TDX quote in shared/fixtures/tdx, with the collateral and evaluation time its README
// names, gives exactly the README's outcome; one flipped byte in each part of a quote, collateral
// outside its window, of another FMSPC or with a tampered signature, and a wrong REPORTDATA are
// each refused naming the step and the item.

#include "veil/appraisal/tdx/verify_quote.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/endorsement/intel/collateral_directory.h"
#include "veil/endorsement/intel/collateral_json.h"
#include "veil/endorsement/intel/tcb_status.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/scratch_dir.h"

namespace veil::appraisal::tdx {
namespace {

using endorsement::intel::Collateral;

TimePoint At(std::string_view rfc3339) { return *ParseRfc3339(rfc3339); }

Collateral LoadFixtureCollateral(std::string_view fixture) {
  auto collateral = endorsement::intel::LoadCollateral(veil::testing::Fixture(fixture));
  EXPECT_TRUE(collateral) << collateral.error().ToString();
  return *std::move(collateral);
}

void Copy(std::string_view fixture, const std::filesystem::path& to) {
  std::filesystem::create_directories(to.parent_path());
  std::filesystem::copy_file(veil::testing::Fixture(fixture), to);
}

// go-tdx-guest's PCS responses for FMSPC 50806f000000 (README: 2023-06-18 → 2023-07-08).
Collateral GtgBundle() {
  const veil::testing::ScratchDir dir("dcap-gtg");
  Copy("tdx/gtg-tcbinfo-50806f000000.json", dir / "tcbinfo" / "tdx-50806f000000.json");
  Copy("tdx/gtg-qeidentity-tdqe.json", dir / "qeidentity" / "td_qe.json");
  Copy("tdx/gtg-pckcrl-platform.der", dir / "pckcrl-platform.der");
  Copy("certs/intel/pck_platform_ca_chain.pem", dir / "pckcrl-platform-issuer-chain.pem");
  Copy("tdx/gtg-rootcrl.der", dir / "rootcrl.der");
  Copy("certs/intel/tcb_signing_chain_notafter2025.pem", dir / "tcb-signing-chain.pem");
  auto collateral = endorsement::intel::LoadCollateral(dir.path());
  EXPECT_TRUE(collateral) << collateral.error().ToString();
  return *std::move(collateral);
}

Result<VerifiedClaims> Verify(const Bytes& quote, const Collateral& collateral, std::string_view at,
                              std::optional<Bytes> report_data = std::nullopt) {
  return VerifyQuote({quote, collateral, At(at), std::move(report_data)});
}

const char* const kDqQuote = "tdx/dq-quote-v4-b0c06f.dat";
const char* const kDqCollateral = "tdx/dq-quote-v4-b0c06f.collateral.json";
const char* const kDqAt = "2025-07-01T00:00:00Z";
const char* const kV5Collateral = "tdx/dq-quote-v5-90c06f-outdated.collateral.json";
const char* const kV5At = "2026-03-01T00:00:00Z";

std::string Refusal(const Result<VerifiedClaims>& verdict) {
  EXPECT_FALSE(verdict);
  return verdict ? std::string("(verified)") : verdict.error().ToString();
}

TEST(TdxVerifyQuote, DcapQvlSampleIsUpToDate) {
  const auto verdict =
      Verify(veil::testing::ReadFixture(kDqQuote), LoadFixtureCollateral(kDqCollateral), kDqAt);
  ASSERT_TRUE(verdict) << verdict.error().ToString();
  const nlohmann::json& claims = verdict->claims();
  EXPECT_EQ(verdict->tee(), "tdx");
  EXPECT_EQ(claims["tcb_status"], "UpToDate");
  EXPECT_EQ(claims["advisory_ids"], nlohmann::json::array());
  EXPECT_EQ(claims["qe_tcb_status"], "UpToDate");
  EXPECT_EQ(claims["fmspc"], "b0c06f000000");
  EXPECT_EQ(claims["pck_ca"], "platform");
  EXPECT_EQ(claims["debug"], false);
  EXPECT_EQ(claims["collateral_expiry"], "2025-07-19T10:00:35Z");
  EXPECT_EQ(claims["mr_td"],
            "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b"
            "2538873118b7");
  EXPECT_EQ(claims["rtmr0"],
            "44c0197b39157fdd7a4dcc44767f9d6b0bb3977c7a8e347b8492f827fe9d9e5c48aca29b220b80b6a540"
            "cf994b9bc9c0");
  EXPECT_EQ(claims["rtmr1"],
            "0084452c01668329d4bc06acdf58a7205c26743304509973949e5619bf81a6a7aea8c323c173019b3093"
            "d54e579e9378");
  EXPECT_EQ(claims["rtmr2"],
            "d833feef2cd945148aa38ead2c53e9b7f138190aaaebfc551dccd829fc207aa3ba80b70870d7330733642"
            "e01d48c3132");
  EXPECT_EQ(claims["rtmr3"], std::string(96, '0'));
  EXPECT_EQ(claims["report_data"],
            "9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9eca3efdbb481601c163c"
            "f52493d6e44aed55d51ec39b7e518fadb92c2b523f20");
  EXPECT_EQ(claims["tee_tcb_svn"].get<std::string>().substr(0, 6), "060103");
  EXPECT_FALSE(claims.contains("mr_service_td"));
}

TEST(TdxVerifyQuote, MatchingReportDataVerifiesAndAWrongOneIsRefused) {
  const Bytes quote = veil::testing::ReadFixture(kDqQuote);
  const Collateral collateral = LoadFixtureCollateral(kDqCollateral);
  const Bytes expected = *HexDecode(
      "9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9eca3efdbb481601c163cf52493"
      "d6e44aed55d51ec39b7e518fadb92c2b523f20");
  EXPECT_TRUE(Verify(quote, collateral, kDqAt, expected));
  EXPECT_EQ(Refusal(Verify(quote, collateral, kDqAt, Bytes{0x01, 0x02})),
            "tdx: REPORTDATA mismatch: expected 0102" + std::string(124, '0') +
                ", found 9a9d48e7f6799642d3d1b34e1e5e1742d4bb02dd6ddd551862c1211d35c304f9eca3efd"
                "bb481601c163cf52493d6e44aed55d51ec39b7e518fadb92c2b523f20");
}

TEST(TdxVerifyQuote, NearSampleIsUpToDate) {
  const auto verdict = Verify(veil::testing::ReadFixture("tdx/dq-near-quote-v4-20a06f.dat"),
                              LoadFixtureCollateral("tdx/dq-near-quote-v4-20a06f.collateral.json"),
                              "2025-09-15T00:00:00Z");
  ASSERT_TRUE(verdict) << verdict.error().ToString();
  const nlohmann::json& claims = verdict->claims();
  EXPECT_EQ(claims["tcb_status"], "UpToDate");
  EXPECT_EQ(claims["qe_tcb_status"], "UpToDate");
  EXPECT_EQ(claims["fmspc"], "20a06f000000");
  EXPECT_EQ(claims["mr_td"],
            "f06dfda6dce1cf904d4e2bab1dc370634cf95cefa2ceb2de2eee127c9382698090d7a4a13e14c536ec6c"
            "9c3c8fa87077");
  EXPECT_EQ(
      claims["mr_config_id"],
      "0112a20aed7d6c68601e9f6e108a93b4199ae7231684307ffc4833c9cd08d45de7" + std::string(30, '0'));
  EXPECT_EQ(claims["rtmr3"],
            "287a9242edd8c8429913ec66f44af611b820cf9b574f303a6caeddeb4c9826311aef6e518aaf4a17f55a"
            "81154592b7b3");
  EXPECT_EQ(claims["xfam"], "0702000000000000");
}

TEST(TdxVerifyQuote, TrusteeSapphireRapidsQuoteIsUpToDateAndADebugTd) {
  const auto verdict = Verify(veil::testing::ReadFixture("tdx/trustee-quote-v4-50806f.dat"),
                              GtgBundle(), "2023-07-01T01:00:00Z");
  ASSERT_TRUE(verdict) << verdict.error().ToString();
  const nlohmann::json& claims = verdict->claims();
  EXPECT_EQ(claims["tcb_status"], "UpToDate");
  EXPECT_EQ(claims["tcb_date"], "2023-02-15T00:00:00Z");
  EXPECT_EQ(claims["qe_tcb_status"], "UpToDate");
  EXPECT_EQ(claims["td_attributes"], "0100001000000000");
  EXPECT_EQ(claims["debug"], true);
  EXPECT_EQ(claims["mr_td"],
            "705ee9381b8633a9fbe532b52345e8433343d2868959f57889d84ca377c395b689cac1599ccea1b7d420"
            "483a9ce5f031");
  EXPECT_EQ(claims["rtmr0"],
            "e940da7c2712d2790e2961e00484f4fa8e6f9eed71361655ae22699476b14f9e63867eb41edd4b480fef"
            "0c59f496b288");
  EXPECT_EQ(claims["rtmr1"],
            "559cfcf42716ed6c40a48a73d5acb7da255435012f0a9f00fbe8c1c57612ede486a5684c4c9ff3ddf523"
            "15fcdca3a596");
  EXPECT_EQ(claims["report_data"],
            "7c71fe2c86eff65a7cf8dbc22b3275689fd0464a267baced1bf94fc1324656aeb755da3d44d098c0c873"
            "82f3a5f85b45c8a28fee1d3bdb38342bf96671501429");
}

TEST(TdxVerifyQuote, GoTdxGuestV5QuoteIsUpToDateWithTheDcapQvlV5Collateral) {
  const auto verdict = Verify(veil::testing::ReadFixture("tdx/gtg-quote-v5.dat"),
                              LoadFixtureCollateral(kV5Collateral), kV5At);
  ASSERT_TRUE(verdict) << verdict.error().ToString();
  const nlohmann::json& claims = verdict->claims();
  EXPECT_EQ(claims["quote_version"], 5);
  EXPECT_EQ(claims["tcb_status"], "UpToDate");
  EXPECT_EQ(claims["tcb_date"], "2024-11-13T00:00:00Z");
  EXPECT_EQ(claims["qe_tcb_status"], "UpToDate");
  EXPECT_EQ(claims["tdx_module_id"], "TDX_01");
  EXPECT_EQ(claims["fmspc"], "90c06f000000");
  EXPECT_EQ(claims["mr_service_td"], std::string(96, '0'));
  EXPECT_EQ(claims["tee_tcb_svn2"].get<std::string>().substr(0, 6), "0d0104");
  EXPECT_EQ(claims["mr_td"],
            "7348651a34b2d2d3462822e3a750ec6110125f36757c78480bbfc69cc0d21fb001a1ced3ee19747dda8f"
            "750c3bc8f876");
  EXPECT_EQ(claims["rtmr2"],
            "6369b9c9a3b791ebcbdc5a0bb9536cfb57f50df2b393b33c8b29616d3568baa61f4b59dc6092e31ea876"
            "4bcbdfc69f20");
  EXPECT_EQ(claims["report_data"],
            "945eaacf5abc1f719d8666a942fda03d1edcb4490277396093dc5a5289ab9f1e094aed63060cd4a4933a"
            "4dd537ed1255c9c79ecb3ed82cd1b486233e31c25c3a");
}

// The README's "no matching TCB level" quotes: genuine, but Intel's QVL says "TCB not supported".
TEST(TdxVerifyQuote, QuotesBelowEveryTcbLevelAreRefused) {
  struct Case {
    const char* quote;
    Collateral collateral;
    const char* at;
    const char* platform;  // as the refusal describes the platform's SVNs
  };
  Case cases[] = {
      {"tdx/gtg-spr-quote-v4.dat", GtgBundle(), "2023-07-01T01:00:00Z",
       "FMSPC 50806f000000 (SGX components 03030202020100020000000000000000, PCESVN 11, "
       "TEE_TCB_SVN 03000400000000000000000000000000)"},
      {"tdx/dq-tappd-quote-v4-b0c06f.dat", LoadFixtureCollateral(kDqCollateral), kDqAt,
       "FMSPC b0c06f000000 (SGX components 02020202030100030000000000000000, PCESVN 11, "
       "TEE_TCB_SVN 05010200000000000000000000000000)"},
      {"tdx/dq-quote-v5-90c06f-outdated.dat", LoadFixtureCollateral(kV5Collateral), kV5At,
       "FMSPC 90c06f000000 (SGX components 03030202040100030000000000000000, PCESVN 13, "
       "TEE_TCB_SVN 07010300000000000000000000000000)"},
      {"tdx/trustee-quote-v5-90c06f.dat", LoadFixtureCollateral(kV5Collateral), kV5At,
       "FMSPC 90c06f000000 (SGX components 01010202030100030000000000000000, PCESVN 13, "
       "TEE_TCB_SVN 05010200000000000000000000000000)"},
  };
  for (const Case& test : cases) {
    EXPECT_EQ(Refusal(Verify(veil::testing::ReadFixture(test.quote), test.collateral, test.at)),
              std::string("tdx: TCB level: no matching TCB level in TDX TCB Info for ") +
                  test.platform + ": TCB not supported")
        << test.quote;
  }
}

// trustee-quote-v4-00a06d (README: OutOfDate) comes with TCB Info and QE identity only: no PCK
// CRL or root CA CRL of that period exists in the fixtures, so the verdict cannot be reached and
// the quote is refused at the PCK chain, naming what is missing.
TEST(TdxVerifyQuote, GraniteRapidsQuoteWithoutACurrentPckCrlIsRefusedNamingIt) {
  const veil::testing::ScratchDir dir("dcap-trustee");
  Copy("tdx/trustee-tcbinfo-00a06d080000.json", dir / "tcbinfo" / "tdx-00a06d080000.json");
  Copy("tdx/trustee-qeidentity-tdqe.json", dir / "qeidentity" / "td_qe.json");
  Copy("certs/intel/tcb_signing_chain_notafter2032.pem", dir / "tcb-signing-chain.pem");
  auto collateral = endorsement::intel::LoadCollateral(dir.path());
  ASSERT_TRUE(collateral) << collateral.error().ToString();
  EXPECT_EQ(Refusal(Verify(veil::testing::ReadFixture("tdx/trustee-quote-v4-00a06d.dat"),
                           *collateral, "2025-11-01T00:00:00Z")),
            "tdx: PCK chain: the collateral holds no PCK CRL of the platform CA, which issued the "
            "quote's PCK certificate");
}

// Offsets in the dcap-qvl v4 quote (Intel TDX DCAP Quoting Library API, quote v4): header 0,
// body 48, signature data size 632, quote signature 636, attestation key 700, certification
// data type 6 at 764, QE report 770, QE report signature 1154, QE auth data size 1218.
constexpr std::size_t kHeaderUserData = 0x1C;
constexpr std::size_t kBodyMrTd = 48 + 0x88;
constexpr std::size_t kQuoteSignature = 636;
constexpr std::size_t kAttestationKey = 700;
constexpr std::size_t kQeReport = 770;
constexpr std::size_t kQeReportSignature = 1154;
constexpr std::size_t kQeAuthData = 1220;

std::string FlippedRefusal(std::size_t offset) {
  Bytes quote = veil::testing::ReadFixture(kDqQuote);
  quote.at(offset) ^= 0x01;
  return Refusal(Verify(quote, LoadFixtureCollateral(kDqCollateral), kDqAt));
}

TEST(TdxVerifyQuote, AFlippedByteInTheHeaderOrBodyBreaksTheQuoteSignature) {
  const std::string expected =
      "tdx: quote signature: quote signature does not verify with the attestation key over the "
      "header and body (632 bytes)";
  EXPECT_EQ(FlippedRefusal(kHeaderUserData), expected);
  EXPECT_EQ(FlippedRefusal(kBodyMrTd), expected);
  EXPECT_EQ(FlippedRefusal(kQuoteSignature + 10), expected);
}

// Quote v5: the signature covers the body type and size (0x30..0x35) and the 648-byte TD 1.5
// body, MRSERVICETD included.
TEST(TdxVerifyQuote, AFlippedByteInAV5BodyBreaksTheQuoteSignature) {
  const std::string expected =
      "tdx: quote signature: quote signature does not verify with the attestation key over the "
      "header and body (702 bytes)";
  for (const std::size_t offset : {std::size_t{54 + 0x88}, std::size_t{54 + 0x258}}) {
    Bytes quote = veil::testing::ReadFixture("tdx/gtg-quote-v5.dat");
    quote.at(offset) ^= 0x01;
    EXPECT_EQ(Refusal(Verify(quote, LoadFixtureCollateral(kV5Collateral), kV5At)), expected)
        << offset;
  }
}

TEST(TdxVerifyQuote, AFlippedByteInTheAttestationKeyOrQeAuthDataBreaksTheBinding) {
  for (const std::size_t offset : {kAttestationKey + 5, kQeAuthData}) {
    const std::string refusal = FlippedRefusal(offset);
    EXPECT_EQ(refusal.rfind("tdx: QE report data: QE report REPORTDATA does not bind the "
                            "attestation key: expected SHA-256(attestation key || QE auth data) "
                            "|| 32 zero bytes = ",
                            0),
              0u)
        << refusal;
  }
}

TEST(TdxVerifyQuote, AFlippedByteInTheQeReportOrItsSignatureBreaksTheQeReportSignature) {
  for (const std::size_t offset : {kQeReport, kQeReportSignature + 3}) {
    const std::string refusal = FlippedRefusal(offset);
    EXPECT_EQ(refusal.rfind("tdx: QE report signature: QE report signature does not verify with "
                            "the key of the PCK certificate (",
                            0),
              0u)
        << refusal;
  }
}

TEST(TdxVerifyQuote, AChangedCharacterInThePckCertificateBreaksThePckChain) {
  Bytes quote = veil::testing::ReadFixture(kDqQuote);
  const std::size_t auth_size = std::size_t{quote.at(1218)} | (std::size_t{quote.at(1219)} << 8);
  const std::size_t pem = kQeAuthData + auth_size + 6;
  ASSERT_EQ(std::string(quote.begin() + static_cast<std::ptrdiff_t>(pem),
                        quote.begin() + static_cast<std::ptrdiff_t>(pem) + 27),
            "-----BEGIN CERTIFICATE-----");
  // A base64 character of the leaf's signed part, replaced by another valid one.
  std::uint8_t& c = quote.at(pem + 28 + 300);
  c = c == 'A' ? 'B' : 'A';
  // The change lands in the leaf's subject ('r' of "Certificate"): its signature breaks.
  EXPECT_EQ(Refusal(Verify(quote, LoadFixtureCollateral(kDqCollateral), kDqAt)),
            "tdx: PCK chain: certificate signature failure at 2025-07-01T00:00:00Z: C=US,ST=CA,"
            "L=Santa Clara,O=Intel Corporation,CN=Intel SGX PCK Ce\\02tificate (valid "
            "2025-02-06T23:25:51Z to 2032-02-06T23:25:51Z)");
}

TEST(TdxVerifyQuote, CollateralOutsideItsWindowIsRefused) {
  const Bytes quote = veil::testing::ReadFixture(kDqQuote);
  const Collateral collateral = LoadFixtureCollateral(kDqCollateral);
  // The first item to expire is the PCK CRL, checked with the PCK chain.
  EXPECT_EQ(Refusal(Verify(quote, collateral, "2025-07-19T10:00:35Z")),
            "tdx: PCK chain: PCK platform CA CRL is not current at 2025-07-19T10:00:35Z: valid "
            "2025-06-19T10:00:35Z to 2025-07-19T10:00:35Z");
  // The last item to become valid is the TD_QE identity, checked with the collateral.
  EXPECT_EQ(Refusal(Verify(quote, collateral, "2025-06-19T10:32:26Z")),
            "tdx: collateral: TD_QE identity (from " +
                veil::testing::Fixture(kDqCollateral).string() +
                " qe_identity) is not current at 2025-06-19T10:32:26Z: issued "
                "2025-06-19T10:32:27Z, next update 2025-07-19T10:32:27Z");
}

TEST(TdxVerifyQuote, CollateralOfAnotherFmspcIsRefused) {
  EXPECT_EQ(Refusal(Verify(veil::testing::ReadFixture(kDqQuote),
                           LoadFixtureCollateral("tdx/dq-near-quote-v4-20a06f.collateral.json"),
                           "2025-09-15T00:00:00Z")),
            "tdx: PCK SGX extensions: the collateral holds no TDX TCB Info for FMSPC b0c06f000000 "
            "(the PCK certificate's)");
}

TEST(TdxVerifyQuote, ATamperedTcbInfoSignatureIsRefused) {
  const Bytes text = veil::testing::ReadFixture(kDqCollateral);
  nlohmann::json json = nlohmann::json::parse(text.begin(), text.end());
  std::string signature = json["tcb_info_signature"];
  signature[0] = signature[0] == '0' ? '1' : '0';
  json["tcb_info_signature"] = signature;
  auto collateral = endorsement::intel::ParseCollateralJson(json.dump(), "tampered.json");
  ASSERT_TRUE(collateral) << collateral.error().ToString();
  EXPECT_EQ(Refusal(Verify(veil::testing::ReadFixture(kDqQuote), *collateral, kDqAt)),
            "tdx: collateral: TDX TCB Info for FMSPC b0c06f000000 (from tampered.json tcb_info) "
            "signature does not verify with C=US,ST=CA,L=Santa Clara,O=Intel Corporation,"
            "CN=Intel SGX TCB Signing: ECDSA signature (sha256) does not verify with EC P-256");
}

// Intel revoking a TCB level or a QE ISVSVN changes the status in the next collateral it serves.
// No fixture collateral has a Revoked level, so the parsed levels of the real collateral are
// marked Revoked (the signed bytes, which are verified, are unchanged): the quote that matched an
// UpToDate level is refused, naming the level.
TEST(TdxVerifyQuote, APlatformTcbAtARevokedLevelIsRefused) {
  const Bytes quote = veil::testing::ReadFixture(kDqQuote);
  Collateral collateral = LoadFixtureCollateral(kDqCollateral);
  const auto matched = Verify(quote, collateral, kDqAt);
  ASSERT_TRUE(matched) << matched.error().ToString();
  ASSERT_EQ(collateral.tcb_infos.size(), 1u);
  for (auto& level : collateral.tcb_infos[0].info.tcb_levels)
    level.status = endorsement::intel::TcbStatus::kRevoked;
  EXPECT_EQ(Refusal(Verify(quote, collateral, kDqAt)),
            "tdx: TCB level: the platform's TCB matches a Revoked TCB level (tcbDate " +
                matched->claims()["tcb_date"].get<std::string>() + ")");
}

TEST(TdxVerifyQuote, AQuotingEnclaveAtARevokedIsvsvnIsRefused) {
  const Bytes quote = veil::testing::ReadFixture(kDqQuote);
  Collateral collateral = LoadFixtureCollateral(kDqCollateral);
  ASSERT_EQ(collateral.qe_identities.size(), 1u);
  for (auto& level : collateral.qe_identities[0].identity.tcb_levels)
    level.status = endorsement::intel::TcbStatus::kRevoked;
  const std::string refusal = Refusal(Verify(quote, collateral, kDqAt));
  // tdx/README.md: the quote's QE ISVSVN is 6.
  EXPECT_EQ(refusal.rfind("tdx: QE identity: QE ISVSVN 6 matches a Revoked level (ISVSVN ", 0), 0u)
      << refusal;
}

}  // namespace
}  // namespace veil::appraisal::tdx
