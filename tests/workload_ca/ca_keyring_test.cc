#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/crypto/chain.h"
#include "veil/trustee/kek_rotation.h"
#include "veil/trustee/key_check.h"
#include "workload_ca_test_support.h"

namespace veil::workload_ca::test {
namespace {

using std::chrono::hours;

TEST_F(WorkloadCaTest, CreatesOneP384CaSealedLikeTheSecrets) {
  const CaHandle first = keyring_.EnsureCurrent().value();
  EXPECT_EQ(keyring_.EnsureCurrent().value().record.id, first.record.id);  // created once
  EXPECT_EQ(store_.ListWorkloadCas().value().size(), 1u);
  EXPECT_EQ(first.record.id, HexEncode(first.certificate.Sha256Fingerprint()));
  EXPECT_TRUE(first.key->IsEc(crypto::EcCurve::kP384));
  EXPECT_TRUE(first.certificate.GetPublicKey().value().IsEc(crypto::EcCurve::kP384));
  EXPECT_EQ(first.certificate.NotBefore(), kT0);
  EXPECT_EQ(first.certificate.NotAfter(), kT0 + hours(24 * 365));
  EXPECT_NE(first.certificate.Subject().find("O=Veil"), std::string::npos);
  // Self-signed CA: it verifies as its own anchor.
  const std::vector<crypto::Certificate> roots{first.certificate};
  EXPECT_TRUE(crypto::VerifyChain({first.certificate, {}, roots, kT0}));
  // The stored key is sealed, for this CA only: it opens with the sealer, not as another CA.
  const Bytes sealed = store_.ListWorkloadCas().value().front().sealed_key;
  const auto pem = sealer_.Open(sealed, store::WorkloadCaKeySealedFor(first.record.id));
  ASSERT_TRUE(pem);
  EXPECT_NE(std::string(reinterpret_cast<const char*>(pem->span().data()), pem->size())
                .find("BEGIN PRIVATE KEY"),
            std::string::npos);
  EXPECT_FALSE(sealer_.Open(sealed, store::WorkloadCaKeySealedFor(std::string(64, 'f'))));
  // Creation is audited once.
  const auto audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, kCaCreateAction);
  EXPECT_EQ(audit[0].subject, first.record.id);
}

TEST_F(WorkloadCaTest, AKeyringWithAnotherKekCannotOpenTheCa) {
  ASSERT_TRUE(keyring_.EnsureCurrent());
  const kbs::SecretSealer other = MakeSealer(9);
  CaKeyring stranger(store_, other, clock_, Options());
  auto opened = stranger.Current();
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kVerificationFailed);
}

TEST_F(WorkloadCaTest, RotationPublishesBothCasForTheOverlapThenOnlyTheNewOne) {
  const CaHandle old_ca = keyring_.EnsureCurrent().value();
  clock_.Set(kT0 + hours(1));
  const CaHandle new_ca = keyring_.Rotate(hours(48), "admin:test").value();
  EXPECT_NE(new_ca.record.id, old_ca.record.id);
  EXPECT_NE(new_ca.certificate.Subject(), old_ca.certificate.Subject());  // CRLs told apart
  EXPECT_EQ(keyring_.Current().value().record.id, new_ca.record.id);

  auto published = keyring_.Published().value();
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(published[0].record.id, new_ca.record.id);  // current first
  EXPECT_EQ(published[1].record.id, old_ca.record.id);
  EXPECT_EQ(published[1].record.published_until, kT0 + hours(49));

  clock_.Set(kT0 + hours(49) - std::chrono::seconds(1));
  EXPECT_EQ(keyring_.Published().value().size(), 2u);
  clock_.Set(kT0 + hours(49));
  published = keyring_.Published().value();
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].record.id, new_ca.record.id);
  // Retired, not deleted: its certificates' status and CRL history stay answerable.
  EXPECT_EQ(store_.ListWorkloadCas().value().size(), 2u);
  EXPECT_EQ(Audit().back().action, kCaRotateAction);
}

TEST_F(WorkloadCaTest, RotationRefusesAnOverlapShorterThanTheCertificateLifetime) {
  ASSERT_TRUE(keyring_.EnsureCurrent());
  auto refused = keyring_.Rotate(hours(23), "admin:test");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("shorter than the certificate lifetime 1d"),
            std::string::npos)
      << refused.error().message;
  EXPECT_EQ(store_.ListWorkloadCas().value().size(), 1u);
  // The default overlap is the configured one (24 h here).
  ASSERT_TRUE(keyring_.Rotate(std::nullopt, "admin:test"));
  EXPECT_EQ(store_.ListWorkloadCas().value()[1].published_until, kT0 + hours(24));
}

TEST_F(WorkloadCaTest, KekRotationResealsTheCaKeys) {
  testing::FakeStore store(clock_);
  CaKeyring keyring(store, sealer_, clock_, Options());
  const CaHandle ca = keyring.EnsureCurrent().value();
  clock_.Set(kT0 + hours(1));
  ASSERT_TRUE(keyring.Rotate(hours(24), "admin:test"));
  ASSERT_TRUE(trustee::CheckKeyEncryptionKey(store, sealer_, "test"));
  const kbs::SecretSealer next = MakeSealer(8);
  const std::size_t resealed =
      trustee::RotateKeyEncryptionKey(store, sealer_, next, "veil-trustee rotate-kek").value();
  EXPECT_EQ(resealed, 2u);  // both CA keys, no resources

  CaKeyring after(store, next, clock_, Options());
  const auto published = after.Published().value();
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(published[1].record.id, ca.record.id);
  EXPECT_TRUE(published[1].key->IsEc(crypto::EcCurve::kP384));
  CaKeyring before(store, sealer_, clock_, Options());
  EXPECT_FALSE(before.Current());  // the old KEK opens nothing any more
}

}  // namespace
}  // namespace veil::workload_ca::test
