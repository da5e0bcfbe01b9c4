// HMAC, the SP 800-108 counter-mode KDF (the TPM's KDFa) and AES-CFB against values computed
// independently (Python `cryptography` and a hand-written KDFa over the stdlib HMAC), plus
// the argument checks.

#include <gtest/gtest.h>

#include <string>

#include "veil/base/hex.h"
#include "veil/crypto/aes_cfb.h"
#include "veil/crypto/hmac.h"
#include "veil/crypto/kbkdf.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/rsa_oaep.h"

namespace veil::crypto {
namespace {

Bytes Range(std::uint8_t first, std::size_t count) {
  Bytes bytes(count);
  for (std::size_t i = 0; i < count; ++i) bytes[i] = static_cast<std::uint8_t>(first + i);
  return bytes;
}

Bytes Text(std::string_view text) { return Bytes(text.begin(), text.end()); }

TEST(Hmac, MatchesTheRfc2104Sha256Example) {
  auto tag = Hmac(DigestAlgorithm::kSha256, Text("key"),
                  Text("The quick brown fox jumps over the lazy dog"));
  ASSERT_TRUE(tag) << tag.error().ToString();
  EXPECT_EQ(HexEncode(*tag), "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  EXPECT_EQ(Hmac(DigestAlgorithm::kSha256, {}, Text("x")).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(Kbkdf, DerivesTheTpmKdfaStorageKey) {
  Bytes context = {0x00, 0x0b};  // a name: nameAlg SHA-256 || digest
  const Bytes digest = Range(100, 32);
  context.insert(context.end(), digest.begin(), digest.end());
  auto key = KbkdfHmacCounter(DigestAlgorithm::kSha256, Range(0, 32), "STORAGE", context, 16);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(HexEncode(key->span()), "d98939313878365f823837e2ce0286ca");
}

TEST(Kbkdf, SpansSeveralHmacBlocksWithAnEmptyContext) {
  auto key = KbkdfHmacCounter(DigestAlgorithm::kSha256, Range(0, 32), "INTEGRITY", {}, 40);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(HexEncode(key->span()),
            "5d667f96855df2608a698bfb8824b1268723b3e10f4dd14ced3899b162e3e939c5d5fc375e5a916f");
}

TEST(Kbkdf, RefusesEmptyInputsAndSizesOutOfRange) {
  EXPECT_EQ(KbkdfHmacCounter(DigestAlgorithm::kSha256, {}, "L", {}, 16).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(KbkdfHmacCounter(DigestAlgorithm::kSha256, Range(0, 32), "", {}, 16).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(KbkdfHmacCounter(DigestAlgorithm::kSha256, Range(0, 32), "L", {}, 0).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(KbkdfHmacCounter(DigestAlgorithm::kSha256, Range(0, 32), "L", {}, 65537).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(AesCfb, EncryptsLikeSp800_38aCfb128AndRoundTrips) {
  const Bytes plaintext = Range(0, 40);  // two and a half blocks
  auto ciphertext = AesCfbEncrypt(Range(0, 16), Bytes(16, 0), plaintext);
  ASSERT_TRUE(ciphertext) << ciphertext.error().ToString();
  EXPECT_EQ(HexEncode(*ciphertext),
            "c6a03934838a5d8567468b69adc5d676a59b0277ccb9bf8cc1a95a409958eba40ab0d3d6b96ba8d4");
  auto decrypted = AesCfbDecrypt(Range(0, 16), Bytes(16, 0), *ciphertext);
  ASSERT_TRUE(decrypted) << decrypted.error().ToString();
  EXPECT_EQ(ToBytes(decrypted->span()), plaintext);

  auto aes256 = AesCfbEncrypt(Range(0, 32), Range(0, 16), Text("credential"));
  ASSERT_TRUE(aes256) << aes256.error().ToString();
  EXPECT_EQ(HexEncode(*aes256), "391c61336d9505ff9142");
}

TEST(AesCfb, RefusesWrongKeyAndIvSizes) {
  EXPECT_EQ(AesCfbEncrypt(Range(0, 15), Bytes(16, 0), Text("x")).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(AesCfbEncrypt(Range(0, 16), Bytes(12, 0), Text("x")).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(RsaOaepLabel, RoundTripsOnlyWithTheSameLabel) {
  const PrivateKey key = PrivateKey::Generate(KeyAlgorithm::kRsa2048).value();
  const Bytes label = {'I', 'D', 'E', 'N', 'T', 'I', 'T', 'Y', 0};
  const Bytes seed = Range(7, 32);
  auto sealed = RsaOaepEncrypt(key.GetPublicKey(), DigestAlgorithm::kSha256, label, seed);
  ASSERT_TRUE(sealed) << sealed.error().ToString();
  auto opened = RsaOaepDecrypt(key, DigestAlgorithm::kSha256, label, *sealed);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(ToBytes(opened->span()), seed);
  auto unlabelled = RsaOaepSha256Decrypt(key, *sealed);
  ASSERT_FALSE(unlabelled);
  EXPECT_EQ(unlabelled.error().message, "RSA-OAEP-256 decryption failed");
}

}  // namespace
}  // namespace veil::crypto
