#include <gtest/gtest.h>

#include "veil/base/base64.h"
#include "veil/workload_ca/crl_publisher.h"
#include "veil/workload_ca/serial.h"
#include "workload_ca_test_support.h"

namespace veil::workload_ca::test {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

class CrlTest : public WorkloadCaTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(keyring_.EnsureCurrent());
    SetIdentityPolicy();
  }
  std::string IssueOne() {
    return issuer_
        .Issue(Csr(key_, {Uri("spiffe://veil.example/web/a")}),
               MakeAttestation(clock_.Now() + minutes(5)))
        .value()
        .record.serial;
  }
  crypto::PrivateKey key_ = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
};

TEST_F(CrlTest, ListsRevokedCertificatesWithTimeAndReason) {
  const std::string kept = IssueOne();
  const std::string revoked = IssueOne();
  clock_.Set(kT0 + minutes(10));
  ASSERT_TRUE(store_.RevokeWorkloadCertificates(
      {.serial = revoked, .tee_identity = {}, .reason = store::RevocationReason::kKeyCompromise},
      {"admin:test", "certificate.revoke", revoked, {}}));
  clock_.Set(kT0 + minutes(20));
  const CaHandle ca = keyring_.Current().value();
  const crypto::Crl crl =
      IssueWorkloadCrl(ca, store_.ListWorkloadCertificates().value(), clock_.Now()).value();
  EXPECT_TRUE(crl.VerifyIssuedBy(ca.certificate));
  EXPECT_EQ(crl.ThisUpdate(), kT0 + minutes(20));
  EXPECT_EQ(crl.NextUpdate(), kT0 + minutes(20) + kCrlValidity);
  const auto entries = crl.Entries().value();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].serial, ParseSerialHex(revoked).value());
  EXPECT_EQ(entries[0].revoked_at, kT0 + minutes(10));
  EXPECT_EQ(entries[0].reason, crypto::RevocationReason::kKeyCompromise);
  EXPECT_NE(SerialHex(entries[0].serial), kept);
  EXPECT_TRUE(crl.Number().has_value());

  // Once expired, a revoked certificate leaves the CRL.
  clock_.Set(kT0 + hours(25));
  EXPECT_EQ(IssueWorkloadCrl(ca, store_.ListWorkloadCertificates().value(), clock_.Now())
                .value()
                .RevokedCount(),
            0);
}

TEST_F(CrlTest, PublishesOneCrlPerPublishedCaEachListingItsOwnCertificates) {
  const std::string old_serial = IssueOne();
  clock_.Set(kT0 + hours(1));
  ASSERT_TRUE(keyring_.Rotate(hours(24), "admin:test"));
  const std::string new_serial = IssueOne();
  for (const std::string& serial : {old_serial, new_serial}) {
    ASSERT_TRUE(
        store_.RevokeWorkloadCertificates({.serial = serial, .tee_identity = {}, .reason = {}},
                                          {"admin:test", "certificate.revoke", serial, {}}));
  }
  const std::string pem = PublishedCrlsPem(keyring_, store_, clock_.Now()).value();
  std::vector<crypto::Crl> crls;
  std::size_t at = 0;
  while ((at = pem.find("-----BEGIN X509 CRL-----\n", at)) != std::string::npos) {
    at += 25;
    const std::size_t end = pem.find("-----END X509 CRL-----", at);
    std::string base64;
    for (char c : pem.substr(at, end - at))
      if (c != '\n') base64 += c;
    crls.push_back(crypto::Crl::FromDer(Base64Decode(base64).value()).value());
  }
  const auto published = keyring_.Published().value();
  ASSERT_EQ(crls.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(crls[i].VerifyIssuedBy(published[i].certificate));
    ASSERT_EQ(crls[i].Entries().value().size(), 1u);
  }
  EXPECT_EQ(SerialHex(crls[0].Entries().value()[0].serial), new_serial);  // current CA first
  EXPECT_EQ(SerialHex(crls[1].Entries().value()[0].serial), old_serial);
  // After the overlap only the new CA's CRL is published.
  clock_.Set(kT0 + hours(25));
  const std::string later = PublishedCrlsPem(keyring_, store_, clock_.Now()).value();
  EXPECT_EQ(later.find("-----BEGIN X509 CRL-----"), later.rfind("-----BEGIN X509 CRL-----"));
}

}  // namespace
}  // namespace veil::workload_ca::test
