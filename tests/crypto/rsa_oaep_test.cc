#include "veil/crypto/rsa_oaep.h"

#include <gtest/gtest.h>

namespace veil::crypto {
namespace {

class RsaOaep : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    key_ = new PrivateKey(PrivateKey::Generate(KeyAlgorithm::kRsa2048).value());
  }
  static void TearDownTestSuite() {
    delete key_;
    key_ = nullptr;
  }
  static PrivateKey* key_;
};
PrivateKey* RsaOaep::key_ = nullptr;

TEST_F(RsaOaep, RoundTripsAndIsRandomized) {
  const Bytes cek(32, 0x42);
  auto first = RsaOaepSha256Encrypt(key_->GetPublicKey(), cek);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->size(), 256u);
  EXPECT_NE(*first, RsaOaepSha256Encrypt(key_->GetPublicKey(), cek).value());
  auto plain = RsaOaepSha256Decrypt(*key_, *first);
  ASSERT_TRUE(plain) << plain.error().ToString();
  EXPECT_EQ(ToBytes(plain->span()), cek);
}

TEST_F(RsaOaep, TamperedCiphertextAndWrongKeyFailWithOneMessage) {
  Bytes ciphertext = RsaOaepSha256Encrypt(key_->GetPublicKey(), Bytes(32, 1)).value();
  ciphertext[100] ^= 1;
  auto tampered = RsaOaepSha256Decrypt(*key_, ciphertext);
  ASSERT_FALSE(tampered);
  EXPECT_EQ(tampered.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(tampered.error().message, "RSA-OAEP-256 decryption failed");
  ciphertext[100] ^= 1;
  const auto other = PrivateKey::Generate(KeyAlgorithm::kRsa2048).value();
  auto wrong_key = RsaOaepSha256Decrypt(other, ciphertext);
  ASSERT_FALSE(wrong_key);
  EXPECT_EQ(wrong_key.error().message, "RSA-OAEP-256 decryption failed");
  EXPECT_FALSE(RsaOaepSha256Decrypt(*key_, ByteSpan(ciphertext).first(255)));
}

TEST_F(RsaOaep, RejectsOverlongPlaintextAndNonRsaKeys) {
  // 2048-bit modulus: at most 256 - 2*32 - 2 = 190 bytes.
  EXPECT_TRUE(RsaOaepSha256Encrypt(key_->GetPublicKey(), Bytes(190, 0)));
  EXPECT_EQ(RsaOaepSha256Encrypt(key_->GetPublicKey(), Bytes(191, 0)).error().code,
            ErrorCode::kInvalidArgument);
  const auto ec = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  EXPECT_EQ(RsaOaepSha256Encrypt(ec.GetPublicKey(), Bytes(32, 0)).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(RsaOaepSha256Decrypt(ec, Bytes(256, 0)).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace veil::crypto
