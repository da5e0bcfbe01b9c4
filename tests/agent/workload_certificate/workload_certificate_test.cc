#include "veil/agent/workload_certificate/workload_certificate.h"

#include <gtest/gtest.h>

#include "fake_issuer.h"

namespace veil::agent {
namespace {

const std::vector<crypto::SubjectAltName> kNames = {
    {crypto::SubjectAltName::Kind::kUri, "spiffe://veil.example/a"}};

crypto::PrivateKey NewKey() {
  return std::move(*crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256));
}

TEST(WorkloadCertificate, ObtainsACertificateForItsOwnKeyFromACsr) {
  FixedClock clock(std::chrono::system_clock::now());
  FakeIssuer issuer(clock);
  auto certificate = WorkloadCertificate::Obtain(NewKey(), kNames, issuer.AsIssuer(), clock);
  ASSERT_TRUE(certificate) << certificate.error().ToString();
  EXPECT_TRUE(certificate->certificate().GetPublicKey()->Equals(certificate->key().GetPublicKey()));
  EXPECT_EQ(certificate->issued().serial, "1");
  EXPECT_NE(certificate->CaBundlePem().find("-----BEGIN CERTIFICATE-----"), std::string::npos);
}

TEST(WorkloadCertificate, RefusesACertificateForAnotherKey) {
  FixedClock clock(std::chrono::system_clock::now());
  const crypto::PrivateKey other = NewKey();
  const auto chain = testing::IssueTestChain(other.GetPublicKey(), clock.Now());
  const CertificateIssuer issue = [&](std::string_view) -> Result<IssuedCertificate> {
    return IssuedCertificate{
        testing::ChainPem({chain[0]}), {testing::ChainPem({chain[1]})}, "7", "", ""};
  };
  auto certificate = WorkloadCertificate::Obtain(NewKey(), kNames, issue, clock);
  ASSERT_FALSE(certificate);
  EXPECT_EQ(certificate.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(certificate.error().message.find("(serial 7) is for another key"), std::string::npos)
      << certificate.error().message;
}

TEST(WorkloadCertificate, RefusesACertificateThatDoesNotChainToTheCasSent) {
  FixedClock clock(std::chrono::system_clock::now());
  crypto::PrivateKey key = NewKey();
  const auto chain = testing::IssueTestChain(key.GetPublicKey(), clock.Now());
  const auto unrelated = testing::IssueTestChain(key.GetPublicKey(), clock.Now());
  const CertificateIssuer issue = [&](std::string_view) -> Result<IssuedCertificate> {
    return IssuedCertificate{
        testing::ChainPem({chain[0]}), {testing::ChainPem({unrelated[1]})}, "8", "", ""};
  };
  auto certificate = WorkloadCertificate::Obtain(std::move(key), kNames, issue, clock);
  ASSERT_FALSE(certificate);
  EXPECT_EQ(certificate.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(certificate.error().message.find("does not chain to the CA certificates it sent"),
            std::string::npos)
      << certificate.error().message;
}

TEST(WorkloadCertificate, ARefusalPassesThroughAndAFailedRenewalKeepsTheCurrentCertificate) {
  FixedClock clock(std::chrono::system_clock::now());
  FakeIssuer issuer(clock);
  issuer.failures.push_back(PolicyDenied("identity policy rule \"b\" refuses it"));
  auto refused = WorkloadCertificate::Obtain(NewKey(), kNames, issuer.AsIssuer(), clock);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPolicyDenied);

  auto certificate = WorkloadCertificate::Obtain(NewKey(), kNames, issuer.AsIssuer(), clock);
  ASSERT_TRUE(certificate) << certificate.error().ToString();
  const Bytes first = certificate->certificate().Der();
  issuer.failures.push_back(Unavailable("the trustee is down"));
  EXPECT_FALSE(certificate->Renew(issuer.AsIssuer(), clock));
  EXPECT_EQ(certificate->certificate().Der(), first);
  ASSERT_TRUE(certificate->Renew(issuer.AsIssuer(), clock));
  EXPECT_NE(certificate->certificate().Der(), first);
}

}  // namespace
}  // namespace veil::agent
