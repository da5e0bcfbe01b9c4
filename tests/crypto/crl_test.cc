// X.509 CRLs from exact DER: Intel's real root CA CRL and PCK Platform CA CRL give their issuer and
// dates, verify only with their issuer's certificate, and list nothing of the fixtures' chains;
// trailing bytes and truncations are refused.

#include "veil/crypto/crl.h"

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"
#include "veil/crypto/certificate_issuer.h"
#include "veil/crypto/private_key.h"
#include "veil/testing/fixtures.h"

namespace veil::crypto {
namespace {

Certificate Root() {
  return Certificate::FromDer(testing::ReadFixture("certs/intel/Intel_SGX_RootCA.der")).value();
}

Certificate PlatformCa() {
  const Bytes pem = testing::ReadFixture("certs/intel/pck_platform_ca_chain.pem");
  return Certificate::ChainFromPem(std::string(pem.begin(), pem.end())).value().front();
}

TEST(Crl, ReadsIntelsRootCaCrl) {
  const auto crl = Crl::FromDer(testing::ReadFixture("tdx/gtg-rootcrl.der"));
  ASSERT_TRUE(crl) << crl.error().ToString();
  EXPECT_NE(crl->Issuer().find("CN=Intel SGX Root CA"), std::string::npos);
  EXPECT_EQ(FormatRfc3339(crl->ThisUpdate()), "2023-04-03T10:22:51Z");
  EXPECT_EQ(FormatRfc3339(crl->NextUpdate().value()), "2024-04-02T10:22:51Z");
  EXPECT_TRUE(crl->VerifyIssuedBy(Root()));
  EXPECT_FALSE(crl->Lists(PlatformCa()));
  EXPECT_EQ(crl->Der(), testing::ReadFixture("tdx/gtg-rootcrl.der"));
}

TEST(Crl, VerifiesOnlyWithItsIssuer) {
  const auto crl = Crl::FromDer(testing::ReadFixture("tdx/gtg-pckcrl-platform.der")).value();
  EXPECT_TRUE(crl.VerifyIssuedBy(PlatformCa()));
  const auto wrong = crl.VerifyIssuedBy(Root());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kVerificationFailed);
  EXPECT_GT(crl.RevokedCount(), 0);  // Intel's platform CRL of June 2023 lists revoked PCKs
}

TEST(Crl, RefusesATamperedSignature) {
  Bytes der = testing::ReadFixture("tdx/gtg-rootcrl.der");
  der[der.size() - 5] ^= 1;
  const auto crl = Crl::FromDer(der);
  ASSERT_TRUE(crl);
  EXPECT_FALSE(crl->VerifyIssuedBy(Root()));
}

TEST(Crl, RefusesTrailingBytesAndTruncations) {
  Bytes der = testing::ReadFixture("tdx/gtg-rootcrl.der");
  for (std::size_t size = 0; size < der.size(); ++size) {
    EXPECT_FALSE(Crl::FromDer(ByteSpan(der).first(size))) << size;
  }
  der.push_back(0);
  const auto crl = Crl::FromDer(der);
  ASSERT_FALSE(crl);
  EXPECT_EQ(crl.error().message, "1 trailing bytes after DER CRL");
}

TEST(IssueCrl, ListsWhatItRevokesAndVerifiesWithItsIssuer) {
  const TimePoint now = ParseRfc3339("2025-01-01T00:00:00Z").value();
  const PrivateKey key = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  const PublicKey key_public = key.GetPublicKey();
  const auto issue = [&](std::uint64_t serial, const Certificate* issuer) {
    return IssueCertificate({.common_name = "CA",
                             .organization = "",
                             .subject_key = key_public,
                             .serial = serial,
                             .not_before = now,
                             .not_after = now + std::chrono::hours(1),
                             .is_ca = true,
                             .extensions = {}},
                            {.key = key, .issuer = issuer})
        .value();
  };
  const Certificate ca = issue(1, nullptr);
  const Certificate listed = issue(5, &ca);
  const Certificate other = issue(6, &ca);
  const auto crl = IssueCrl(
      {.this_update = now, .next_update = now + std::chrono::hours(1), .revoked_serials = {5}},
      {.key = key, .issuer = &ca});
  ASSERT_TRUE(crl) << crl.error().ToString();
  EXPECT_TRUE(crl->VerifyIssuedBy(ca));
  EXPECT_TRUE(crl->Lists(listed));
  EXPECT_FALSE(crl->Lists(other));
  EXPECT_EQ(crl->RevokedCount(), 1);
  EXPECT_EQ(FormatRfc3339(crl->NextUpdate().value()), "2025-01-01T01:00:00Z");
  EXPECT_FALSE(IssueCrl({.this_update = now, .next_update = now, .revoked_serials = {}},
                        {.key = key}));  // no issuer certificate
}

}  // namespace
}  // namespace veil::crypto
