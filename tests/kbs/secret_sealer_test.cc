#include "veil/kbs/secret_sealer.h"

#include <gtest/gtest.h>

#include "veil/crypto/random.h"

namespace veil::kbs {
namespace {

TEST(SecretSealer, SealsToThePathAndDetectsTampering) {
  const SecretSealer sealer = SecretSealer::Create(crypto::RandomSecretBytes(32)).value();
  const Bytes sealed = sealer.Seal(AsBytes("s3cret"), "prod/key/web").value();
  EXPECT_EQ(sealed.size(), 1u + 12u + 16u + 6u);
  const auto opened = sealer.Open(sealed, "prod/key/web").value();
  EXPECT_EQ(std::string(opened.span().begin(), opened.span().end()), "s3cret");
  // Two seals of the same secret differ (fresh IV).
  EXPECT_NE(sealer.Seal(AsBytes("s3cret"), "prod/key/web").value(), sealed);

  EXPECT_FALSE(sealer.Open(sealed, "prod/key/other"));
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    Bytes tampered = sealed;
    tampered[i] ^= 0x01;
    EXPECT_FALSE(sealer.Open(tampered, "prod/key/web")) << "byte " << i;
  }
  EXPECT_FALSE(sealer.Open(ByteSpan(sealed).first(10), "prod/key/web"));
  const SecretSealer other = SecretSealer::Create(crypto::RandomSecretBytes(32)).value();
  EXPECT_FALSE(other.Open(sealed, "prod/key/web"));
}

TEST(SecretSealer, RefusesShortKeys) {
  EXPECT_FALSE(SecretSealer::Create(crypto::RandomSecretBytes(16)));
}

}  // namespace
}  // namespace veil::kbs
