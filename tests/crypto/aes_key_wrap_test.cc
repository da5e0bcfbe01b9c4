#include "veil/crypto/aes_key_wrap.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"

namespace veil::crypto {
namespace {

Bytes Hex(std::string_view text) { return HexDecode(text).value(); }

// RFC 3394 section 4.6: wrap 256 bits of key data with a 256-bit KEK.
const Bytes kKek = Hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
const Bytes kKeyData = Hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
const Bytes kWrapped =
    Hex("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");

TEST(AesKeyWrap, MatchesRfc3394Section4_6) {
  auto wrapped = AesKeyWrap(kKek, kKeyData);
  ASSERT_TRUE(wrapped) << wrapped.error().ToString();
  EXPECT_EQ(*wrapped, kWrapped);
  auto unwrapped = AesKeyUnwrap(kKek, kWrapped);
  ASSERT_TRUE(unwrapped) << unwrapped.error().ToString();
  EXPECT_EQ(ToBytes(unwrapped->span()), kKeyData);
}

TEST(AesKeyWrap, RoundTripsSixteenBytes) {
  const Bytes key(16, 0x5a);
  const Bytes wrapped = AesKeyWrap(kKek, key).value();
  EXPECT_EQ(wrapped.size(), 24u);
  EXPECT_EQ(ToBytes(AesKeyUnwrap(kKek, wrapped).value().span()), key);
}

TEST(AesKeyWrap, UnwrapDetectsTamperingAndWrongKek) {
  for (std::size_t at : {0u, 7u, 8u, 39u}) {
    Bytes tampered = kWrapped;
    tampered[at] ^= 0x80;
    auto result = AesKeyUnwrap(kKek, tampered);
    ASSERT_FALSE(result) << "byte " << at;
    EXPECT_EQ(result.error().code, ErrorCode::kVerificationFailed);
  }
  Bytes other_kek = kKek;
  other_kek[0] ^= 1;
  EXPECT_EQ(AesKeyUnwrap(other_kek, kWrapped).error().code, ErrorCode::kVerificationFailed);
}

TEST(AesKeyWrap, RejectsBadSizes) {
  EXPECT_EQ(AesKeyWrap(ByteSpan(kKek).first(16), kKeyData).error().message,
            "AES-256 key wrap KEK of 16 bytes, expected 32");
  EXPECT_EQ(AesKeyWrap(kKek, Bytes(8, 0)).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(AesKeyWrap(kKek, Bytes(20, 0)).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(AesKeyUnwrap(kKek, Bytes(16, 0)).error().message,
            "AES-wrapped key of 16 bytes, expected a multiple of 8 of at least 24");
  EXPECT_EQ(AesKeyUnwrap(kKek, ByteSpan(kWrapped).first(39)).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(AesKeyUnwrap(Bytes{}, kWrapped).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace veil::crypto
