// Revocations and Revoked levels through the whole DCAP verifier. No real Intel CRL lists a
// fixture's certificate and no real TCB Info marks its level Revoked, so each real quote is moved
// under an Intel-like test hierarchy (testing/intel_test_ca.h): its PCK chain is replaced and its
// QE report re-signed, while the hardware's QE report, key binding and quote signature stay. The
// fixture's own TCB Info and QE identity are re-signed by the test TCB signing key, unchanged or
// with every level marked Revoked. Each case is refused at its step, naming what was revoked.

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "veil/appraisal/sgx/verify_quote.h"
#include "veil/appraisal/tdx/verify_quote.h"
#include "veil/base/rfc3339.h"
#include "veil/endorsement/intel/collateral_directory.h"
#include "veil/endorsement/intel/pck_chain.h"
#include "veil/endorsement/intel/sgx_extensions.h"
#include "veil/evidence/sgx/quote.h"
#include "veil/evidence/tdx/quote.h"
#include "veil/testing/dcap_quote_reissue.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/intel_test_ca.h"
#include "veil/testing/snp_test_ca.h"

namespace veil::appraisal {
namespace {

using endorsement::intel::Collateral;
using veil::testing::IntelTestCa;

constexpr std::uint64_t kPckSerial = 0x5ec;

// One real quote of the fixtures, with the collateral and time of its README.
struct RealQuote {
  std::string name;
  std::string quote;
  std::string collateral;
  std::string at;
  std::string verdict;  // its TCB status there
};

const RealQuote kTdx{"tdx", "tdx/dq-quote-v4-b0c06f.dat", "tdx/dq-quote-v4-b0c06f.collateral.json",
                     "2025-07-01T00:00:00Z", "UpToDate"};
const RealQuote kSgx{"sgx", "sgx/dq-sgx-quote-v3.dat", "sgx/dq-sgx-quote-v3.collateral.json",
                     "2025-07-01T00:00:00Z", "ConfigurationAndSWHardeningNeeded"};

// What the minted collateral revokes or marks Revoked.
struct Revocations {
  std::vector<std::uint64_t> by_root;      // serials on the root CA CRL
  std::vector<std::uint64_t> by_platform;  // serials on the platform CA CRL
  bool tcb_levels_revoked = false;
  bool qe_levels_revoked = false;
};

Revocations RevokedBy(std::vector<std::uint64_t> by_root, std::vector<std::uint64_t> by_platform) {
  return {std::move(by_root), std::move(by_platform), false, false};
}

TimePoint At(std::string_view rfc3339) { return *ParseRfc3339(rfc3339); }

const evidence::dcap::EcdsaSignatureData& SignatureDataOf(
    const RealQuote& real, const Bytes& quote, std::optional<evidence::tdx::Quote>& tdx,
    std::optional<evidence::sgx::Quote>& sgx) {
  if (real.name == "tdx") {
    tdx = evidence::tdx::ParseQuote(quote).value();
    return tdx->signature_data;
  }
  sgx = evidence::sgx::ParseQuote(quote).value();
  return sgx->signature_data;
}

// `body` re-serialized with every "tcbLevels" entry's tcbStatus set to Revoked.
std::string WithRevokedLevels(const std::string& body) {
  nlohmann::json parsed = nlohmann::json::parse(body);
  for (nlohmann::json& level : parsed.at("tcbLevels")) level["tcbStatus"] = "Revoked";
  return parsed.dump();
}

class DcapRevocation : public ::testing::TestWithParam<RealQuote> {
 protected:
  void SetUp() override {
    const RealQuote& real = GetParam();
    auto ca = IntelTestCa::Create(At(real.at));
    ASSERT_TRUE(ca) << ca.error().ToString();
    ca_.emplace(*std::move(ca));
    auto fixture = endorsement::intel::LoadCollateral(veil::testing::Fixture(real.collateral));
    ASSERT_TRUE(fixture) << fixture.error().ToString();
    fixture_.emplace(*std::move(fixture));

    const Bytes quote = veil::testing::ReadFixture(real.quote);
    std::optional<evidence::tdx::Quote> tdx;
    std::optional<evidence::sgx::Quote> sgx;
    const auto& signature_data = SignatureDataOf(real, quote, tdx, sgx);
    const auto chain =
        endorsement::intel::ParsePckChainPem(AsBytes(signature_data.qe_certification.pck_chain_pem))
            .value();
    const auto extension = chain[0].ExtensionValue(endorsement::intel::kSgxExtensionsOid);
    ASSERT_TRUE(extension.has_value());
    auto pck = ca_->IssuePck(*extension, kPckSerial);
    ASSERT_TRUE(pck) << pck.error().ToString();
    pck_leaf_subject_ = pck->certificate.Subject();
    const std::string chain_pem = veil::testing::CertificatePem(pck->certificate) +
                                  veil::testing::CertificatePem(ca_->platform_ca()) +
                                  veil::testing::CertificatePem(ca_->root());
    auto reissued = veil::testing::ReissueDcapQuote(quote, signature_data, chain_pem, pck->key);
    ASSERT_TRUE(reissued) << reissued.error().ToString();
    quote_ = *std::move(reissued);
  }

  Collateral Minted(const Revocations& revocations = {}) const {
    Collateral minted;
    const auto& tcb_info = fixture_->tcb_infos.at(0);
    const std::string tcb_body = revocations.tcb_levels_revoked
                                     ? WithRevokedLevels(tcb_info.signed_json.body)
                                     : tcb_info.signed_json.body;
    EXPECT_TRUE(endorsement::intel::AddTcbInfo(minted, ca_->SignCollateralBody(tcb_body).value(),
                                               ca_->TcbSigningChain(), "minted"));
    const auto& qe = fixture_->qe_identities.at(0);
    const std::string qe_body = revocations.qe_levels_revoked
                                    ? WithRevokedLevels(qe.signed_json.body)
                                    : qe.signed_json.body;
    EXPECT_TRUE(endorsement::intel::AddQeIdentity(minted, ca_->SignCollateralBody(qe_body).value(),
                                                  ca_->TcbSigningChain(), "minted"));
    EXPECT_TRUE(
        endorsement::intel::AddPckCrl(minted, ca_->PlatformCaCrl(revocations.by_platform).value()));
    minted.root_ca_crl = ca_->RootCaCrl(revocations.by_root).value();
    return minted;
  }

  Result<VerifiedClaims> Verify(const Bytes& quote, const Collateral& collateral,
                                bool trust_test_root = true) const {
    const RealQuote& real = GetParam();
    const crypto::Certificate& root =
        trust_test_root ? ca_->root() : endorsement::intel::BundledRoot();
    if (real.name == "tdx") {
      return tdx::VerifyQuote({quote, collateral, At(real.at), std::nullopt, root});
    }
    return sgx::VerifyQuote({quote, collateral, At(real.at), std::nullopt, root});
  }

  std::string Refusal(const Collateral& collateral) const { return Refusal(quote_, collateral); }
  std::string Refusal(const Bytes& quote, const Collateral& collateral) const {
    const auto verdict = Verify(quote, collateral);
    EXPECT_FALSE(verdict);
    return verdict ? std::string("(verified)") : verdict.error().ToString();
  }

  std::optional<IntelTestCa> ca_;
  std::optional<Collateral> fixture_;
  Bytes quote_;
  std::string pck_leaf_subject_;
};

TEST_P(DcapRevocation, TheMovedQuoteVerifiesUnderTheTestRootWithItsRealTcbStatus) {
  const auto verdict = Verify(quote_, Minted());
  ASSERT_TRUE(verdict) << verdict.error().ToString();
  EXPECT_EQ(verdict->claims()["tcb_status"], GetParam().verdict);
  EXPECT_EQ(verdict->claims()["pck_ca"], "platform");
}

TEST_P(DcapRevocation, TheTestRootIsNotTrustedUnlessPassed) {
  const auto verdict = Verify(quote_, Minted(), /*trust_test_root=*/false);
  ASSERT_FALSE(verdict);
  EXPECT_NE(verdict.error().ToString().find("PCK chain"), std::string::npos)
      << verdict.error().ToString();
  EXPECT_NE(verdict.error().ToString().find("is not the trusted Intel SGX Root CA"),
            std::string::npos)
      << verdict.error().ToString();
}

TEST_P(DcapRevocation, ARevokedPckCertificateIsRefused) {
  const std::string refusal = Refusal(Minted(RevokedBy({}, {kPckSerial})));
  EXPECT_NE(refusal.find("PCK chain"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find(pck_leaf_subject_ + " is revoked by the PCK platform CA CRL"),
            std::string::npos)
      << refusal;
}

TEST_P(DcapRevocation, ARevokedPckCaIsRefused) {
  const std::string refusal = Refusal(Minted(RevokedBy({IntelTestCa::kPlatformCaSerial}, {})));
  EXPECT_NE(refusal.find("PCK chain"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find(ca_->platform_ca().Subject() + " is revoked by the root CA CRL"),
            std::string::npos)
      << refusal;
}

TEST_P(DcapRevocation, ARevokedTcbSigningCertificateIsRefused) {
  const std::string refusal = Refusal(Minted(RevokedBy({IntelTestCa::kTcbSigningSerial}, {})));
  EXPECT_NE(refusal.find("collateral"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("CN=Intel SGX TCB Signing"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("is revoked by the root CA CRL"), std::string::npos) << refusal;
}

TEST_P(DcapRevocation, ARevokedTcbLevelIsRefused) {
  const std::string refusal = Refusal(Minted({{}, {}, /*tcb_levels_revoked=*/true, false}));
  EXPECT_NE(refusal.find("TCB level"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("matches a Revoked TCB level"), std::string::npos) << refusal;
}

TEST_P(DcapRevocation, ARevokedQeLevelIsRefused) {
  const std::string refusal = Refusal(Minted({{}, {}, false, /*qe_levels_revoked=*/true}));
  EXPECT_NE(refusal.find("QE identity"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("matches a Revoked level"), std::string::npos) << refusal;
}

TEST_P(DcapRevocation, AFlippedQeReportSignatureOfTheMovedQuoteIsRefused) {
  // The test PCK's signature over the QE report is checked like Intel's: the refusals above
  // come from the revocations, not from a moved quote the verifier would refuse anyway.
  std::optional<evidence::tdx::Quote> tdx;
  std::optional<evidence::sgx::Quote> sgx;
  const auto& parsed = SignatureDataOf(GetParam(), quote_, tdx, sgx);
  Bytes tampered = quote_;
  const auto at = std::search(tampered.begin(), tampered.end(),
                              parsed.qe_certification.qe_report_signature.begin(),
                              parsed.qe_certification.qe_report_signature.end());
  ASSERT_NE(at, tampered.end());
  *at ^= 0x01;
  const std::string refusal = Refusal(tampered, Minted());
  EXPECT_NE(refusal.find("QE report signature"), std::string::npos) << refusal;
}

INSTANTIATE_TEST_SUITE_P(RealQuotes, DcapRevocation, ::testing::Values(kTdx, kSgx),
                         [](const auto& test_param) { return test_param.param.name; });

}  // namespace
}  // namespace veil::appraisal
