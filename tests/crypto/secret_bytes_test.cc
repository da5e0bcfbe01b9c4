#include "veil/crypto/secret_bytes.h"

#include <gtest/gtest.h>

#include "veil/crypto/random.h"

namespace veil::crypto {
namespace {

TEST(SecretBytes, HoldsACopyAndClonesExplicitly) {
  Bytes source = {1, 2, 3, 4};
  const SecretBytes secret(source);
  source[0] = 9;  // the secret owns its own buffer
  EXPECT_EQ(ToBytes(secret.span()), (Bytes{1, 2, 3, 4}));
  const SecretBytes copy = secret.Clone();
  EXPECT_EQ(ToBytes(copy.span()), ToBytes(secret.span()));
  EXPECT_NE(copy.span().data(), secret.span().data());
}

TEST(SecretBytes, MoveLeavesTheSourceEmpty) {
  SecretBytes first(ByteSpan(Bytes{5, 6, 7}));
  SecretBytes second(std::move(first));
  EXPECT_TRUE(first.empty());  // NOLINT(bugprone-use-after-move): the contract under test
  EXPECT_EQ(second.size(), 3u);
  SecretBytes third(std::size_t{2});
  third = std::move(second);
  EXPECT_TRUE(second.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(ToBytes(third.span()), (Bytes{5, 6, 7}));
}

TEST(SecretBytes, TruncateKeepsThePrefix) {
  SecretBytes secret(ByteSpan(Bytes{1, 2, 3, 4, 5}));
  secret.Truncate(2);
  EXPECT_EQ(ToBytes(secret.span()), (Bytes{1, 2}));
  secret.Truncate(10);  // never grows
  EXPECT_EQ(secret.size(), 2u);
  EXPECT_TRUE(SecretBytes(std::size_t{0}).empty());
}

TEST(ConstantTimeEquals, ComparesContentAndSize) {
  EXPECT_TRUE(ConstantTimeEquals(Bytes{1, 2, 3}, Bytes{1, 2, 3}));
  EXPECT_FALSE(ConstantTimeEquals(Bytes{1, 2, 3}, Bytes{1, 2, 4}));
  EXPECT_FALSE(ConstantTimeEquals(Bytes{1, 2, 3}, Bytes{1, 2}));
  EXPECT_TRUE(ConstantTimeEquals(Bytes{}, Bytes{}));
}

TEST(Random, ProducesRequestedSizesAndDistinctValues) {
  EXPECT_TRUE(RandomBytes(0).empty());
  const Bytes a = RandomBytes(32);
  const Bytes b = RandomBytes(32);
  ASSERT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);  // 2^-256 chance of a false failure
  const SecretBytes key = RandomSecretBytes(32);
  EXPECT_EQ(key.size(), 32u);
  EXPECT_FALSE(ConstantTimeEquals(key.span(), RandomSecretBytes(32).span()));
}

}  // namespace
}  // namespace veil::crypto
