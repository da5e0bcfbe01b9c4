#include "veil/crypto/aes_gcm.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"

namespace veil::crypto {
namespace {

Bytes Hex(std::string_view text) { return HexDecode(text).value(); }

// McGrew & Viega, "The Galois/Counter Mode of Operation", test case 16 (AES-256, 96-bit IV, AAD);
// the same vector is in NIST's GCM validation data.
const Bytes kKey = Hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
const Bytes kIv = Hex("cafebabefacedbaddecaf888");
const Bytes kPlaintext =
    Hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449"
        "a6b525b16aedf5aa0de657ba"
        "637b39");
const Bytes kAad = Hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
const Bytes kCiphertext =
    Hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056"
        "828838c5f61e6393ba7a0a"
        "bcc9f662");
const Bytes kTag = Hex("76fc6ece0f4e1768cddf8853bb2d551b");

TEST(AesGcm, SealMatchesKnownAnswer) {
  auto sealed = AesGcmSeal(kKey, kIv, kPlaintext, kAad);
  ASSERT_TRUE(sealed) << sealed.error().ToString();
  EXPECT_EQ(HexEncode(sealed->ciphertext), HexEncode(kCiphertext));
  EXPECT_EQ(HexEncode(sealed->tag), HexEncode(kTag));
}

TEST(AesGcm, OpenMatchesKnownAnswer) {
  auto opened = AesGcmOpen(kKey, kIv, kCiphertext, kTag, kAad);
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ(ToBytes(opened->span()), kPlaintext);
}

TEST(AesGcm, EmptyPlaintextAndAadRoundTrip) {
  auto sealed = AesGcmSeal(kKey, kIv, {}, {});
  ASSERT_TRUE(sealed) << sealed.error().ToString();
  EXPECT_TRUE(sealed->ciphertext.empty());
  EXPECT_EQ(sealed->tag.size(), kAesGcmTagSize);
  auto opened = AesGcmOpen(kKey, kIv, {}, sealed->tag, {});
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_TRUE(opened->empty());
}

TEST(AesGcm, RejectsEveryTamperedInput) {
  auto flip = [](Bytes bytes, std::size_t at) {
    bytes[at] ^= 0x01;
    return bytes;
  };
  for (const Status& result : {
           AesGcmOpen(kKey, kIv, flip(kCiphertext, 0), kTag, kAad).map([](auto&&) {}),
           AesGcmOpen(kKey, kIv, kCiphertext, flip(kTag, 15), kAad).map([](auto&&) {}),
           AesGcmOpen(kKey, kIv, kCiphertext, kTag, flip(kAad, 3)).map([](auto&&) {}),
           AesGcmOpen(kKey, flip(kIv, 11), kCiphertext, kTag, kAad).map([](auto&&) {}),
           AesGcmOpen(flip(kKey, 31), kIv, kCiphertext, kTag, kAad).map([](auto&&) {}),
           AesGcmOpen(kKey, kIv, ByteSpan(kCiphertext).first(59), kTag, kAad).map([](auto&&) {}),
           AesGcmOpen(kKey, kIv, kCiphertext, kTag, {}).map([](auto&&) {}),
       }) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kVerificationFailed);
    EXPECT_EQ(result.error().message,
              "AES-256-GCM tag does not authenticate the ciphertext and AAD");
  }
}

TEST(AesGcm, RejectsWrongSizes) {
  EXPECT_EQ(AesGcmSeal(ByteSpan(kKey).first(16), kIv, kPlaintext, kAad).error().message,
            "AES-256-GCM key of 16 bytes, expected 32");
  EXPECT_EQ(AesGcmSeal(kKey, Bytes(16, 0), kPlaintext, kAad).error().message,
            "AES-256-GCM IV of 16 bytes, expected 12");
  // A truncated tag would weaken authentication: refused, not accepted as a shorter tag.
  EXPECT_EQ(AesGcmOpen(kKey, kIv, kCiphertext, ByteSpan(kTag).first(12), kAad).error().message,
            "AES-256-GCM tag of 12 bytes, expected 16");
  EXPECT_EQ(AesGcmOpen(kKey, Bytes{}, kCiphertext, kTag, kAad).error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace veil::crypto
