// EK certificate validation against the real Google vTPM CA. The GCE fixtures hold no EK
// certificate, only the AK certificate of a GCE Shielded VM (tpm/README.md), issued under the same
// "tpm_ek" CA with the same TCG profile fields: the same checks validate it against the AK
// public key that the TPM presents as its TPMT_PUBLIC.

#include "veil/endorsement/tpm/ek_certificate.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/appraisal/tpm/attestation_key.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/private_key.h"
#include "veil/endorsement/tpm/ek_trust_store.h"
#include "veil/endorsement/tpm/tcg_ek_profile.h"
#include "veil/testing/fixtures.h"

namespace veil::endorsement::tpm {
namespace {

using crypto::Certificate;

Certificate Load(std::string_view fixture) {
  return Certificate::FromDer(testing::ReadFixture(fixture)).value();
}

TimePoint At(std::string_view rfc3339) { return ParseRfc3339(rfc3339).value(); }

class GceCertificateTest : public ::testing::Test {
 protected:
  GceCertificateTest()
      : ak_cert_(Load("tpm/gce-cos85-ak-cert.der")),
        ak_public_(
            appraisal::tpm::LoadAttestationKey(testing::ReadFixture("tpm/gce-cos85-ak-pub.tpmt"))
                .value()
                .key),
        store_(EkTrustStore::FromDirectory(testing::Fixture("certs/google")).value()) {}

  Result<EkCertificateClaims> Verify(const crypto::PublicKey& key, const EkTrustStore& store,
                                     TimePoint at) {
    return VerifyEkCertificate({ak_cert_, key, store, {}, at});
  }

  Certificate ak_cert_;
  crypto::PublicKey ak_public_;
  EkTrustStore store_;
};

TEST_F(GceCertificateTest, TheDirectoryStoreSortsRootsFromIntermediates) {
  ASSERT_EQ(store_.roots().size(), 2u);  // gce_tpm_ek_root_1, gcp_ek_ak_ca_root
  EXPECT_EQ(store_.intermediates().size(), 3u);
  for (const Certificate& root : store_.roots()) EXPECT_EQ(root.Subject(), root.Issuer());
}

TEST_F(GceCertificateTest, TheGceAkCertificateChainsToGooglesRootAndMatchesTheAk) {
  auto claims = Verify(ak_public_, store_, At("2025-01-01T00:00:00Z"));
  ASSERT_TRUE(claims) << claims.error().ToString();
  EXPECT_EQ(claims->subject, "");
  EXPECT_NE(claims->issuer.find("tpm_ek_v1_cloud_host-signer"), std::string::npos);
  EXPECT_EQ(claims->key, "RSA-2048");
  EXPECT_EQ(HexEncode(claims->fingerprint).substr(0, 16), "7dbdf36e4e897ed2");
  ASSERT_TRUE(claims->tpm.has_value());
  EXPECT_EQ(claims->tpm->manufacturer, "id:474F4F47");
  EXPECT_EQ(claims->tpm->manufacturer_ascii, "GOOG");
  EXPECT_EQ(claims->tpm->model, "vTPM");
  EXPECT_EQ(claims->tpm->version, "id:20160511");
  EXPECT_TRUE(claims->ek_certificate_usage);
}

TEST_F(GceCertificateTest, AnotherKeyIsRefusedBeforeTheChain) {
  const crypto::PrivateKey other =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kRsa2048).value();
  auto refused = Verify(other.GetPublicKey(), store_, At("2025-01-01T00:00:00Z"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(refused.error().message.find("EK certificate: certifies RSA-2048 key"),
            std::string::npos)
      << refused.error().message;
}

TEST_F(GceCertificateTest, ATimeOutsideTheValidityIsRefused) {
  // The AK certificate is valid from 2021-08-31; the CA certificates long before.
  auto refused = Verify(ak_public_, store_, At("2021-01-01T00:00:00Z"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(refused.error().message.find("not yet valid"), std::string::npos)
      << refused.error().message;
}

TEST_F(GceCertificateTest, OnlyTheIntermediateOrOnlyAnotherRootDoesNotAnchor) {
  // Without the root the intermediate cannot anchor: a store needs a self-issued root.
  std::vector<Certificate> intermediate_only;
  intermediate_only.push_back(Load("certs/google/gce_tpm_ek_intermediate_2.der"));
  auto no_root = EkTrustStore::FromCertificates(std::move(intermediate_only));
  ASSERT_FALSE(no_root);
  EXPECT_EQ(no_root.error().code, ErrorCode::kInvalidArgument);

  // Google's other (EK/AK CA v3) root with its intermediate: a real, trusted CA, but not this
  // certificate's issuer.
  std::vector<Certificate> other_ca;
  other_ca.push_back(Load("certs/google/gcp_ek_ak_ca_root.der"));
  other_ca.push_back(Load("certs/google/gcp_ek_ak_ca_intermediate_v3.der"));
  const EkTrustStore other = EkTrustStore::FromCertificates(std::move(other_ca)).value();
  auto refused = Verify(ak_public_, other, At("2025-01-01T00:00:00Z"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(refused.error().message.find("not issued by a trusted TPM manufacturer"),
            std::string::npos)
      << refused.error().message;
}

TEST_F(GceCertificateTest, TheIntermediateMayComeWithTheCertificate) {
  std::vector<Certificate> root_only;
  root_only.push_back(Load("certs/google/gce_tpm_ek_root_1.der"));
  const EkTrustStore root = EkTrustStore::FromCertificates(std::move(root_only)).value();
  EXPECT_FALSE(Verify(ak_public_, root, At("2025-01-01T00:00:00Z")));
  const Certificate sent[] = {Load("certs/google/gce_tpm_ek_intermediate_2.der")};
  auto claims = VerifyEkCertificate({ak_cert_, ak_public_, root, sent, At("2025-01-01T00:00:00Z")});
  EXPECT_TRUE(claims) << claims.error().ToString();
}

TEST(EkTrustStore, AMissingDirectoryOrABadFileIsNamed) {
  auto missing = EkTrustStore::FromDirectory("/nonexistent/veil-ek-roots");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  // The fixture directory of event logs has no certificate file at all.
  auto empty = EkTrustStore::FromDirectory(testing::Fixture("tpm/eventlogs"));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
}

TEST(TcgEkProfile, ACertificateWithoutTpmFieldsHasNoIdentity) {
  const Certificate root = Load("certs/google/gce_tpm_ek_root_1.der");
  auto identity = ReadTpmIdentity(root);
  ASSERT_TRUE(identity) << identity.error().ToString();
  EXPECT_FALSE(identity->has_value());
  // Google's CA certificates list tcg-kp-EKCertificate themselves; the Intel root lists no EKU.
  auto usage = HasEkCertificateUsage(root);
  ASSERT_TRUE(usage) << usage.error().ToString();
  EXPECT_TRUE(*usage);

  const Certificate intel = Load("certs/intel/Intel_SGX_RootCA.der");
  auto no_eku = HasEkCertificateUsage(intel);
  ASSERT_TRUE(no_eku) << no_eku.error().ToString();
  EXPECT_FALSE(*no_eku);
}

}  // namespace
}  // namespace veil::endorsement::tpm
