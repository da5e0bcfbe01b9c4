// PCK chains cut from real quotes verify up to the bundled Intel SGX Root CA with the PCK CRL and
// root CA CRL of their period, and are refused outside the CRLs' windows, with another CA's CRL,
// with a foreign root, or when the PCK CRL lists the leaf.

#include "veil/endorsement/intel/pck_chain.h"

#include <gtest/gtest.h>

#include "intel_fixtures.h"
#include "veil/base/hex.h"
#include "veil/endorsement/intel/collateral_json.h"
#include "veil/endorsement/intel/root.h"
#include "veil/testing/fixtures.h"

namespace veil::endorsement::intel {
namespace {

using testing::At;
using testing::CrlFixture;
using testing::PckChainOfQuote;

TEST(BundledRoot, IsIntelsPublishedRoot) {
  const auto published =
      crypto::Certificate::FromDer(veil::testing::ReadFixture("certs/intel/Intel_SGX_RootCA.der"));
  ASSERT_TRUE(published);
  EXPECT_EQ(BundledRoot().Der(), published->Der());
  EXPECT_TRUE(IsBundledRoot(*published));
  EXPECT_FALSE(IsBundledRoot(PckChainOfQuote("tdx/gtg-spr-quote-v4.dat")[1]));
}

struct GtgChain : ::testing::Test {
  std::vector<crypto::Certificate> chain = PckChainOfQuote("tdx/gtg-spr-quote-v4.dat");
  crypto::Crl pck_crl = CrlFixture("tdx/gtg-pckcrl-platform.der");
  crypto::Crl root_crl = CrlFixture("tdx/gtg-rootcrl.der");
};

TEST_F(GtgChain, VerifiesInsideTheCrlWindow) {
  const auto verified = VerifyPckChain({chain, pck_crl, root_crl, At("2023-07-01T01:00:00Z")});
  ASSERT_TRUE(verified) << verified.error().ToString();
  EXPECT_EQ(verified->ca, PckCa::kPlatform);
  EXPECT_EQ(HexEncode(verified->extensions.fmspc), "50806f000000");
}

TEST_F(GtgChain, IsRefusedAfterThePckCrlsNextUpdate) {
  const auto verified = VerifyPckChain({chain, pck_crl, root_crl, At("2023-07-08T07:27:52Z")});
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().message,
            "PCK platform CA CRL is not current at 2023-07-08T07:27:52Z: valid "
            "2023-06-08T07:27:52Z to 2023-07-08T07:27:52Z");
}

TEST_F(GtgChain, IsRefusedBeforeTheRootCrlsThisUpdate) {
  const auto verified = VerifyPckChain({chain, pck_crl, root_crl, At("2023-04-01T00:00:00Z")});
  ASSERT_FALSE(verified);
  EXPECT_NE(verified.error().message.find("root CA CRL is not current at 2023-04-01T00:00:00Z"),
            std::string::npos)
      << verified.error().message;
}

TEST_F(GtgChain, RefusesTheCrlsInEachOthersPlace) {
  const auto verified = VerifyPckChain({chain, root_crl, pck_crl, At("2023-07-01T01:00:00Z")});
  ASSERT_FALSE(verified);
  EXPECT_NE(verified.error().message.find("root CA CRL: CRL issuer"), std::string::npos)
      << verified.error().message;
}

TEST_F(GtgChain, RefusesAForeignRoot) {
  std::vector<crypto::Certificate> foreign = {chain[0], chain[1], chain[1]};
  const auto verified = VerifyPckChain({foreign, pck_crl, root_crl, At("2023-07-01T01:00:00Z")});
  ASSERT_FALSE(verified);
  EXPECT_NE(verified.error().message.find("is not the trusted Intel SGX Root CA"),
            std::string::npos);
}

TEST_F(GtgChain, RefusesALeafSignedByAnotherCa) {
  // The SGX quote's leaf was issued by the Processor CA, not by this Platform CA.
  std::vector<crypto::Certificate> mixed = {PckChainOfQuote("sgx/dq-sgx-quote-v3.dat")[0],
                                            chain[1]};
  const auto verified = VerifyPckChain({mixed, pck_crl, root_crl, At("2023-07-01T01:00:00Z")});
  ASSERT_FALSE(verified);
  EXPECT_NE(verified.error().message.find("PCK chain: "), std::string::npos);
}

Bytes AsBytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

TEST(ParsePckChainPem, ReadsCertificationDataWithItsNulPadding) {
  const std::string pem = testing::PckChainPemOfQuote("tdx/dq-quote-v4-b0c06f.dat");
  const auto chain = ParsePckChainPem(AsBytes(pem + "\n" + std::string(3, '\0')));
  ASSERT_TRUE(chain) << chain.error().ToString();
  ASSERT_EQ(chain->size(), 3u);
  EXPECT_TRUE(IsBundledRoot((*chain)[2]));
  EXPECT_EQ((*chain)[1].CommonName(), "Intel SGX PCK Platform CA");
}

TEST(ParsePckChainPem, RefusesAnythingButCertificates) {
  const std::string pem = testing::PckChainPemOfQuote("tdx/dq-quote-v4-b0c06f.dat");
  const std::size_t second = pem.find("-----BEGIN", 1);
  const auto junk_between =
      ParsePckChainPem(AsBytes(pem.substr(0, second) + "x\n" + pem.substr(second)));
  ASSERT_FALSE(junk_between);
  EXPECT_NE(junk_between.error().message.find("unexpected byte at offset"), std::string::npos);
  EXPECT_FALSE(ParsePckChainPem(AsBytes("junk" + pem)));
  EXPECT_FALSE(ParsePckChainPem(AsBytes(pem + std::string("\0x", 2))));
  EXPECT_FALSE(ParsePckChainPem(AsBytes(pem.substr(0, pem.size() - 5))));
  const auto one = ParsePckChainPem(AsBytes(pem.substr(0, second)));
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error().message, "PCK chain PEM: expected 2 or 3 certificates, found 1");
}

TEST(PckChain, SgxQuoteChainVerifiesWithItsCollateralsCrls) {
  const auto collateral = ParseCollateralJson(
      testing::TextFixture("sgx/dq-sgx-quote-v3.collateral.json"), "sgx collateral");
  ASSERT_TRUE(collateral) << collateral.error().ToString();
  ASSERT_TRUE(collateral->pck_crl_processor);
  const auto chain = PckChainOfQuote("sgx/dq-sgx-quote-v3.dat");
  const auto verified = VerifyPckChain({chain, collateral->pck_crl_processor->crl,
                                        collateral->root_ca_crl->crl, At("2025-07-01T00:00:00Z")});
  ASSERT_TRUE(verified) << verified.error().ToString();
  EXPECT_EQ(verified->ca, PckCa::kProcessor);
  EXPECT_EQ(verified->extensions.pce_svn, 13);
}

TEST(PckChain, EveryTdxQuoteChainWithCollateralVerifies) {
  const std::vector<std::tuple<const char*, const char*, const char*>> cases = {
      {"tdx/dq-quote-v4-b0c06f.dat", "tdx/dq-quote-v4-b0c06f.collateral.json",
       "2025-07-01T00:00:00Z"},
      {"tdx/dq-tappd-quote-v4-b0c06f.dat", "tdx/dq-quote-v4-b0c06f.collateral.json",
       "2025-07-01T00:00:00Z"},
      {"tdx/dq-near-quote-v4-20a06f.dat", "tdx/dq-near-quote-v4-20a06f.collateral.json",
       "2025-09-15T00:00:00Z"},
      {"tdx/dq-quote-v5-90c06f-outdated.dat", "tdx/dq-quote-v5-90c06f-outdated.collateral.json",
       "2026-03-01T00:00:00Z"},
      {"tdx/gtg-quote-v5.dat", "tdx/dq-quote-v5-90c06f-outdated.collateral.json",
       "2026-03-01T00:00:00Z"},
      {"tdx/trustee-quote-v5-90c06f.dat", "tdx/dq-quote-v5-90c06f-outdated.collateral.json",
       "2026-03-01T00:00:00Z"},
  };
  for (const auto& [quote, collateral_file, at] : cases) {
    SCOPED_TRACE(quote);
    const auto collateral = ParseCollateralJson(testing::TextFixture(collateral_file), "c");
    ASSERT_TRUE(collateral);
    const auto chain = PckChainOfQuote(quote);
    const auto verified = VerifyPckChain(
        {chain, collateral->pck_crl_platform->crl, collateral->root_ca_crl->crl, At(at)});
    EXPECT_TRUE(verified) << verified.error().ToString();
  }
}

}  // namespace
}  // namespace veil::endorsement::intel
