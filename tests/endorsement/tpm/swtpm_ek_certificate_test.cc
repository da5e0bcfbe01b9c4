// EK certificates of a real software TPM, manufactured with `swtpm_setup --create-ek-cert` and
// its swtpm_localca CA: each certificate is read from its TCG NV index and validated against the
// local CA and the EK the TPM presents: for RSA-2048 and ECC P-256 the EK that veil-agent
// re-creates from the TCG default templates (so the agent's EK is the certified one), for the
// P-384 EK swtpm_setup persists, the key at its persistent handle.

#include <gtest/gtest.h>

#include <string>

#include "veil/agent/attester/tpm/endorsement_key.h"
#include "veil/appraisal/tpm/attestation_key.h"
#include "veil/base/clock.h"
#include "veil/base/file.h"
#include "veil/endorsement/tpm/ek_certificate.h"
#include "veil/endorsement/tpm/ek_trust_store.h"
#include "veil/evidence/tpm/public_area.h"
#include "veil/testing/swtpm.h"

namespace veil::endorsement::tpm {
namespace {

using crypto::Certificate;
using testing::Swtpm;

// TCG EK Credential Profile 2.0, 2.2.1.5: EK certificate NV indices.
constexpr std::uint32_t kRsa2048EkCertIndex = 0x01c00002;
constexpr std::uint32_t kEccP256EkCertIndex = 0x01c0000a;
constexpr std::uint32_t kEccP384EkCertIndex = 0x01c00016;  // high range, as swtpm_setup 0.7 uses
constexpr char kEccP384EkHandle[] = "0x81010016";          // where swtpm_setup persists it

std::unique_ptr<Swtpm> StartManufactured() {
  auto started = Swtpm::Start({.ek_certificates = true});
  EXPECT_TRUE(started) << started.error().ToString();
  return started ? std::move(*started) : nullptr;
}

EkTrustStore LocalCa(const Swtpm& tpm) {
  std::vector<Certificate> certificates;
  for (const auto& path : {tpm.LocalCaRoot(), tpm.LocalCaIssuer()}) {
    auto pem = ReadFileText(path);
    EXPECT_TRUE(pem) << pem.error().ToString();
    auto chain = Certificate::ChainFromPem(*pem);
    EXPECT_TRUE(chain) << chain.error().ToString();
    for (Certificate& cert : *chain) certificates.push_back(std::move(cert));
  }
  return EkTrustStore::FromCertificates(std::move(certificates)).value();
}

Certificate EkCertificate(const Swtpm& tpm, std::uint32_t index) {
  auto der = tpm.ReadNv(index);
  EXPECT_TRUE(der) << der.error().ToString();
  auto cert = Certificate::FromDer(*der);
  EXPECT_TRUE(cert) << cert.error().ToString();
  return std::move(cert).value();
}

// The EK veil-agent creates from the TCG default template, as the OpenSSL key of its public area.
crypto::PublicKey AgentEk(const Swtpm& tpm, agent::tpm::EkAlgorithm algorithm) {
  auto connection = agent::tpm::EsysConnection::Open(tpm.tcti());
  EXPECT_TRUE(connection) << connection.error().ToString();
  auto ek = agent::tpm::CreateEndorsementKey(*connection, algorithm);
  EXPECT_TRUE(ek) << ek.error().ToString();
  auto area = evidence::tpm::ParseTpmtPublic(ek->public_area);
  EXPECT_TRUE(area) << area.error().ToString();
  return appraisal::tpm::PublicKeyFromArea(*area).value();
}

class SwtpmEkCertificateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tpm_ = StartManufactured().release();
    stranger_ = StartManufactured().release();
    if (tpm_ != nullptr) {
      const Status provisioned = tpm_->ProvisionEccP256EkCertificate();
      EXPECT_TRUE(provisioned) << provisioned.error().ToString();
    }
  }
  static void TearDownTestSuite() {
    delete tpm_;
    delete stranger_;
    tpm_ = stranger_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(tpm_, nullptr) << "swtpm_setup or swtpm failed";
    ASSERT_NE(stranger_, nullptr) << "swtpm_setup or swtpm failed";
  }

  static Result<EkCertificateClaims> Verify(const Certificate& cert, const crypto::PublicKey& ek,
                                            const EkTrustStore& store) {
    const SystemClock clock;
    return VerifyEkCertificate({cert, ek, store, {}, clock.Now()});
  }

  static Swtpm* tpm_;
  static Swtpm* stranger_;
};
Swtpm* SwtpmEkCertificateTest::tpm_ = nullptr;
Swtpm* SwtpmEkCertificateTest::stranger_ = nullptr;

void ExpectSwtpmIdentity(const EkCertificateClaims& claims) {
  EXPECT_EQ(claims.issuer, "CN=swtpm-localca");
  ASSERT_TRUE(claims.tpm.has_value());
  EXPECT_EQ(claims.tpm->manufacturer, "id:00001014");  // swtpm's vendor: IBM's PCI ID
  EXPECT_EQ(claims.tpm->manufacturer_ascii, "");
  EXPECT_EQ(claims.tpm->model, "swtpm");
  EXPECT_EQ(claims.tpm->version, "id:20191023");
  EXPECT_TRUE(claims.ek_certificate_usage);
}

TEST_F(SwtpmEkCertificateTest, TheRsaEkCertificateCertifiesTheAgentsDefaultRsaEk) {
  const Certificate cert = EkCertificate(*tpm_, kRsa2048EkCertIndex);
  auto claims = Verify(cert, AgentEk(*tpm_, agent::tpm::EkAlgorithm::kRsa2048), LocalCa(*tpm_));
  ASSERT_TRUE(claims) << claims.error().ToString();
  EXPECT_EQ(claims->key, "RSA-2048");
  ExpectSwtpmIdentity(*claims);
}

TEST_F(SwtpmEkCertificateTest, TheEccP256EkCertificateCertifiesTheAgentsDefaultEccEk) {
  const Certificate cert = EkCertificate(*tpm_, kEccP256EkCertIndex);
  auto claims = Verify(cert, AgentEk(*tpm_, agent::tpm::EkAlgorithm::kEcP256), LocalCa(*tpm_));
  ASSERT_TRUE(claims) << claims.error().ToString();
  EXPECT_EQ(claims->key, "EC P-256");
  ExpectSwtpmIdentity(*claims);
}

TEST_F(SwtpmEkCertificateTest, TheEccP384EkCertificateCertifiesThePersistedEk) {
  ASSERT_TRUE(
      tpm_->Tpm2({"tpm2_readpublic", "-c", kEccP384EkHandle, "-f", "pem", "-o", "ek-p384.pem"}));
  const crypto::PublicKey ek =
      crypto::PublicKey::FromPem(ReadFileText(tpm_->Path("ek-p384.pem")).value()).value();
  const Certificate cert = EkCertificate(*tpm_, kEccP384EkCertIndex);
  auto claims = Verify(cert, ek, LocalCa(*tpm_));
  ASSERT_TRUE(claims) << claims.error().ToString();
  EXPECT_EQ(claims->key, "EC P-384");
  ExpectSwtpmIdentity(*claims);
}

TEST_F(SwtpmEkCertificateTest, ACertificateOfAnotherEkIsRefused) {
  const Certificate rsa_cert = EkCertificate(*tpm_, kRsa2048EkCertIndex);
  // This TPM's ECC EK, and the other TPM's RSA EK.
  for (const crypto::PublicKey& ek : {AgentEk(*tpm_, agent::tpm::EkAlgorithm::kEcP256),
                                      AgentEk(*stranger_, agent::tpm::EkAlgorithm::kRsa2048)}) {
    auto refused = Verify(rsa_cert, ek, LocalCa(*tpm_));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed);
    EXPECT_NE(refused.error().message.find("the TPM presents"), std::string::npos)
        << refused.error().message;
  }
}

TEST_F(SwtpmEkCertificateTest, AnotherManufacturersCaIsNotTrusted) {
  // The stranger's certificate for its own EK is genuine, but its local CA is not in this store.
  const Certificate cert = EkCertificate(*stranger_, kRsa2048EkCertIndex);
  const crypto::PublicKey ek = AgentEk(*stranger_, agent::tpm::EkAlgorithm::kRsa2048);
  EXPECT_TRUE(Verify(cert, ek, LocalCa(*stranger_)));
  auto refused = Verify(cert, ek, LocalCa(*tpm_));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(refused.error().message.find("not issued by a trusted TPM manufacturer"),
            std::string::npos)
      << refused.error().message;
}

TEST_F(SwtpmEkCertificateTest, ATimeBeforeManufactureIsRefused) {
  const Certificate cert = EkCertificate(*tpm_, kRsa2048EkCertIndex);
  const crypto::PublicKey ek = AgentEk(*tpm_, agent::tpm::EkAlgorithm::kRsa2048);
  auto refused =
      VerifyEkCertificate({cert, ek, LocalCa(*tpm_), {}, cert.NotBefore() - std::chrono::hours(1)});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(refused.error().message.find("not yet valid"), std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace veil::endorsement::tpm
