// The real SGX quote of shared/fixtures/sgx with its collateral, at a time inside its window,
// gives the README's verdict (ConfigurationAndSWHardeningNeeded with INTEL-SA-00289 and
// INTEL-SA-00615) and claims; flipped bytes, a wrong REPORTDATA and collateral outside its
// window are refused naming the step.

#include "veil/appraisal/sgx/verify_quote.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "veil/appraisal/dcap/quote_signatures.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/chain.h"
#include "veil/endorsement/intel/collateral_directory.h"
#include "veil/endorsement/intel/pck_chain.h"
#include "veil/endorsement/intel/root.h"
#include "veil/endorsement/intel/tcb_status.h"
#include "veil/evidence/sgx/quote.h"
#include "veil/testing/fixtures.h"

namespace veil::appraisal::sgx {
namespace {

using endorsement::intel::Collateral;

const char* const kQuote = "sgx/dq-sgx-quote-v3.dat";
const char* const kAt = "2025-07-01T00:00:00Z";

Collateral DqCollateral() {
  auto collateral = endorsement::intel::LoadCollateral(
      veil::testing::Fixture("sgx/dq-sgx-quote-v3.collateral.json"));
  EXPECT_TRUE(collateral) << collateral.error().ToString();
  return *std::move(collateral);
}

Result<VerifiedClaims> Verify(const Bytes& quote, std::string_view at,
                              std::optional<Bytes> report_data = std::nullopt) {
  const Collateral collateral = DqCollateral();
  return VerifyQuote({quote, collateral, *ParseRfc3339(at), std::move(report_data)});
}

std::string Refusal(const Result<VerifiedClaims>& verdict) {
  EXPECT_FALSE(verdict);
  return verdict ? std::string("(verified)") : verdict.error().ToString();
}

TEST(SgxVerifyQuote, DcapQvlSampleNeedsConfigurationAndSwHardening) {
  const auto verdict = Verify(veil::testing::ReadFixture(kQuote), kAt);
  ASSERT_TRUE(verdict) << verdict.error().ToString();
  const nlohmann::json& claims = verdict->claims();
  EXPECT_EQ(verdict->tee(), "sgx");
  EXPECT_EQ(claims["tcb_status"], "ConfigurationAndSWHardeningNeeded");
  EXPECT_EQ(claims["advisory_ids"], (nlohmann::json{"INTEL-SA-00289", "INTEL-SA-00615"}));
  EXPECT_EQ(claims["tcb_date"], "2024-03-13T00:00:00Z");
  EXPECT_EQ(claims["qe_tcb_status"], "UpToDate");
  EXPECT_EQ(claims["fmspc"], "00a067110000");
  EXPECT_EQ(claims["pce_id"], "0000");
  EXPECT_EQ(claims["pck_ca"], "processor");
  EXPECT_EQ(claims["collateral_expiry"], "2025-07-19T10:01:18Z");
  EXPECT_EQ(claims["mr_enclave"],
            "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
  EXPECT_EQ(claims["mr_signer"],
            "815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6");
  EXPECT_EQ(claims["isv_prod_id"], 0);
  EXPECT_EQ(claims["isv_svn"], 0);
  EXPECT_EQ(claims["attributes"], "0500000000000000e700000000000000");
  EXPECT_EQ(claims["debug"], false);
  EXPECT_EQ(claims["cpu_svn"], "0b0b1a18ffff04000000000000000000");
  EXPECT_EQ(claims["report_data"], HexEncode(AsBytes("Hello, world!")) + std::string(102, '0'));
}

TEST(SgxVerifyQuote, ExpectedReportDataIsCompared) {
  const Bytes quote = veil::testing::ReadFixture(kQuote);
  EXPECT_TRUE(Verify(quote, kAt, ToBytes(AsBytes("Hello, world!"))));
  EXPECT_EQ(Refusal(Verify(quote, kAt, ToBytes(AsBytes("Hello, world?")))),
            "sgx: REPORTDATA mismatch: expected " + HexEncode(AsBytes("Hello, world?")) +
                std::string(102, '0') + ", found " + HexEncode(AsBytes("Hello, world!")) +
                std::string(102, '0'));
}

// Offsets in quote v3 (Intel SGX ECDSA Quote Library API): header 0, body 48, signature data
// size 432, quote signature 436, attestation key 500, QE report 564, QE report signature 948,
// QE auth data size 1012.
std::string FlippedRefusal(std::size_t offset) {
  Bytes quote = veil::testing::ReadFixture(kQuote);
  quote.at(offset) ^= 0x01;
  return Refusal(Verify(quote, kAt));
}

TEST(SgxVerifyQuote, EachFlippedByteIsRefusedAtItsStep) {
  const std::string quote_signature =
      "sgx: quote signature: quote signature does not verify with the attestation key over the "
      "header and body (432 bytes)";
  EXPECT_EQ(FlippedRefusal(0x1C), quote_signature);       // header user data
  EXPECT_EQ(FlippedRefusal(48 + 0x40), quote_signature);  // MRENCLAVE
  EXPECT_EQ(FlippedRefusal(436 + 7), quote_signature);    // quote signature
  for (const std::size_t offset : {500u + 9u, 1014u}) {   // attestation key, QE auth data
    const std::string refusal = FlippedRefusal(offset);
    EXPECT_EQ(refusal.rfind("sgx: QE report data: QE report REPORTDATA does not bind", 0), 0u)
        << refusal;
  }
  for (const std::size_t offset : {564u, 948u + 40u}) {  // QE report CPUSVN, its signature
    const std::string refusal = FlippedRefusal(offset);
    EXPECT_EQ(refusal.rfind("sgx: QE report signature: QE report signature does not verify", 0), 0u)
        << refusal;
  }
}

TEST(SgxVerifyQuote, AChangedCharacterInThePckCertificateBreaksThePckChain) {
  Bytes quote = veil::testing::ReadFixture(kQuote);
  const std::size_t auth_size = std::size_t{quote.at(1012)} | (std::size_t{quote.at(1013)} << 8);
  const std::size_t pem = 1014 + auth_size + 6;  // after certification data type and size
  ASSERT_EQ(std::string(quote.begin() + static_cast<std::ptrdiff_t>(pem),
                        quote.begin() + static_cast<std::ptrdiff_t>(pem) + 27),
            "-----BEGIN CERTIFICATE-----");
  std::uint8_t& c = quote.at(pem + 28 + 300);
  c = c == 'A' ? 'B' : 'A';
  const std::string refusal = Refusal(Verify(quote, kAt));
  EXPECT_EQ(
      refusal.rfind("sgx: PCK chain: certificate signature failure at 2025-07-01T00:00:00Z: ", 0),
      0u)
      << refusal;
}

TEST(SgxVerifyQuote, CollateralOutsideItsWindowIsRefused) {
  // The first item to expire is the QE identity.
  EXPECT_EQ(Refusal(Verify(veil::testing::ReadFixture(kQuote), "2025-07-19T10:01:18Z")),
            "sgx: collateral: QE identity (from " +
                veil::testing::Fixture("sgx/dq-sgx-quote-v3.collateral.json").string() +
                " qe_identity) is not current at 2025-07-19T10:01:18Z: issued "
                "2025-06-19T10:01:18Z, next update 2025-07-19T10:01:18Z");
}

// A level Intel has revoked (the parsed levels of the real collateral marked Revoked; the signed
// bytes, which are verified, are unchanged) refuses the quote that matched it, naming the level.
TEST(SgxVerifyQuote, APlatformTcbAtARevokedLevelIsRefused) {
  const Bytes quote = veil::testing::ReadFixture(kQuote);
  Collateral collateral = DqCollateral();
  const auto matched = VerifyQuote({quote, collateral, *ParseRfc3339(kAt), std::nullopt});
  ASSERT_TRUE(matched) << matched.error().ToString();
  ASSERT_EQ(collateral.tcb_infos.size(), 1u);
  for (auto& level : collateral.tcb_infos[0].info.tcb_levels)
    level.status = endorsement::intel::TcbStatus::kRevoked;
  EXPECT_EQ(Refusal(VerifyQuote({quote, collateral, *ParseRfc3339(kAt), std::nullopt})),
            "sgx: TCB level: the platform's TCB matches a Revoked TCB level (tcbDate " +
                matched->claims()["tcb_date"].get<std::string>() + ")");
}

// The Occlum enclave's quote (sgx/README.md: "signatures valid; no collateral shipped"): its
// QE report signature, attestation-key binding, quote signature and PCK chain to the Intel root
// all hold. The only SGX collateral there is belongs to a platform under the PCK Processor CA,
// so this quote (PCK Platform CA) is refused at the first item it lacks, the platform CA's CRL,
// and its TCB status cannot be judged here.
TEST(SgxVerifyQuote, OcclumQuoteIsGenuineButHasNoCollateralForItsFmspc) {
  const Bytes bytes = veil::testing::ReadFixture("sgx/trustee-occlum-quote-v3.dat");
  const auto quote = evidence::sgx::ParseQuote(bytes);
  ASSERT_TRUE(quote) << quote.error().ToString();
  const auto& data = quote->signature_data;
  const auto chain =
      endorsement::intel::ParsePckChainPem(AsBytes(data.qe_certification.pck_chain_pem));
  ASSERT_TRUE(chain) << chain.error().ToString();
  ASSERT_EQ(chain->size(), 3u);
  const crypto::Certificate& root = endorsement::intel::BundledRoot();
  EXPECT_TRUE(crypto::VerifyChain({chain->front(), std::span(*chain).subspan(1, 1),
                                   std::span(&root, 1), *ParseRfc3339("2025-01-01T00:00:00Z")}));
  const auto pck_key = chain->front().GetPublicKey();
  ASSERT_TRUE(pck_key) << pck_key.error().ToString();
  EXPECT_TRUE(dcap::VerifyQeReportSignature(data, *pck_key, chain->front().CommonName()));
  EXPECT_TRUE(dcap::VerifyAttestationKeyBinding(data));
  EXPECT_TRUE(dcap::VerifyQuoteSignature(data, evidence::sgx::SignedPart(bytes, *quote)));
  EXPECT_TRUE(quote->body.attributes[0] & 0x02) << "the README's debug enclave";

  EXPECT_EQ(Refusal(Verify(bytes, kAt)),
            "sgx: PCK chain: the collateral holds no PCK CRL of the platform CA, which issued the "
            "quote's PCK certificate");
}

}  // namespace
}  // namespace veil::appraisal::sgx
