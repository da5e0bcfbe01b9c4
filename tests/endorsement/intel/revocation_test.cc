// A CRL revokes what it lists: with a minted CA, a CRL naming the leaf's serial refuses it
// ("... is revoked by the PCK CRL"), one that does not passes, one signed by another key with the
// same CA name is refused, and a CRL outside its window is refused naming both dates.

#include "veil/endorsement/intel/revocation.h"

#include <gtest/gtest.h>

#include "intel_fixtures.h"
#include "veil/crypto/certificate_issuer.h"
#include "veil/crypto/private_key.h"

namespace veil::endorsement::intel {
namespace {

using testing::At;

struct MintedCa : ::testing::Test {
  TimePoint now = At("2025-06-01T00:00:00Z");
  crypto::PrivateKey ca_key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  crypto::PublicKey ca_public = ca_key.GetPublicKey();
  crypto::Certificate ca = Issue("Intel SGX PCK Platform CA", ca_public, 1, true, nullptr);
  crypto::PrivateKey leaf_key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  crypto::PublicKey leaf_public = leaf_key.GetPublicKey();
  crypto::Certificate leaf = Issue("Intel SGX PCK Certificate", leaf_public, 7, false, &ca);

  crypto::Certificate Issue(const std::string& name, const crypto::PublicKey& key,
                            std::uint64_t serial, bool is_ca, const crypto::Certificate* issuer) {
    return crypto::IssueCertificate(
               {.common_name = name,
                .organization = "",
                .subject_key = key,
                .serial = serial,
                .not_before = now - std::chrono::hours(24),
                .not_after = now + std::chrono::hours(24),
                .is_ca = is_ca,
                .extensions = {}},
               {.key = ca_key, .issuer = issuer, .digest = crypto::DigestAlgorithm::kSha256})
        .value();
  }

  crypto::Crl Crl(std::vector<std::uint64_t> revoked, const crypto::PrivateKey& key) {
    return crypto::IssueCrl({.this_update = now - std::chrono::hours(1),
                             .next_update = now + std::chrono::hours(1),
                             .revoked_serials = std::move(revoked)},
                            {.key = key, .issuer = &ca, .digest = crypto::DigestAlgorithm::kSha256})
        .value();
  }
};

TEST_F(MintedCa, AListedCertificateIsRevoked) {
  const auto checked = CheckNotRevoked(Crl({3, 7, 9}, ca_key), "PCK CRL", ca, leaf, now);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(checked.error().message, leaf.Subject() + " is revoked by the PCK CRL");
}

TEST_F(MintedCa, AnUnlistedCertificatePasses) {
  EXPECT_TRUE(CheckNotRevoked(Crl({3, 9}, ca_key), "PCK CRL", ca, leaf, now));
}

TEST_F(MintedCa, ACrlSignedByAnotherKeyIsRefused) {
  const crypto::PrivateKey other =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  const auto checked = CheckNotRevoked(Crl({}, other), "PCK CRL", ca, leaf, now);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().message.rfind("PCK CRL: CRL of ", 0), 0u) << checked.error().message;
}

TEST_F(MintedCa, ACrlOutsideItsWindowIsRefused) {
  const auto checked =
      CheckNotRevoked(Crl({}, ca_key), "PCK CRL", ca, leaf, now + std::chrono::hours(2));
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().message,
            "PCK CRL is not current at 2025-06-01T02:00:00Z: valid 2025-05-31T23:00:00Z to "
            "2025-06-01T01:00:00Z");
}

}  // namespace
}  // namespace veil::endorsement::intel
