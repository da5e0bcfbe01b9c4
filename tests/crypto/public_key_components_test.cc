#include "veil/crypto/public_key_components.h"

#include <gtest/gtest.h>

#include "veil/base/base64.h"
#include "veil/crypto/private_key.h"

namespace veil::crypto {
namespace {

Bytes B64u(std::string_view text) { return Base64UrlDecode(text).value(); }

TEST(PublicKeyComponents, EcPointIsFixedWidthAndRebuildsTheKey) {
  for (auto algorithm : {KeyAlgorithm::kEcP256, KeyAlgorithm::kEcP384, KeyAlgorithm::kEcP521}) {
    const PublicKey key = PrivateKey::Generate(algorithm).value().GetPublicKey();
    auto point = GetEcPublicPoint(key);
    ASSERT_TRUE(point) << point.error().ToString();
    EXPECT_EQ(point->x.size(), EcCoordinateSize(point->curve));
    EXPECT_EQ(point->y.size(), EcCoordinateSize(point->curve));
    EXPECT_TRUE(PublicKey::FromEcPoint(point->curve, point->x, point->y).value().Equals(key));
  }
}

TEST(PublicKeyComponents, KeepsLeadingZerosOfP521Coordinates) {
  // A P-521 point whose x starts with 0x00 0x01 (from an independent JOSE implementation).
  const Bytes x = B64u(
      "AAFZcOzekmbQkzcnLh7_C4hgKmmxBUok0BRtrfLjsCFvLOdwjdbPRWNuV46J-P0f5ckWZI6Ca6hmydRGqzPv8Blo");
  const Bytes y = B64u(
      "AejOiZD9mfJlapj6eYLoMq-r_y9zshZaBCyN5fmzUYx3YBtAAvctSyjqvLCsgmmoRAf1gR-4H_NrkUEUqyXebDis");
  const PublicKey key = PublicKey::FromEcPoint(EcCurve::kP521, x, y).value();
  const EcPublicPoint point = GetEcPublicPoint(key).value();
  EXPECT_EQ(point.x, x);
  EXPECT_EQ(point.y, y);
}

TEST(PublicKeyComponents, RsaComponentsAreMinimal) {
  const PublicKey key = PrivateKey::Generate(KeyAlgorithm::kRsa2048).value().GetPublicKey();
  auto rsa = GetRsaPublicComponents(key);
  ASSERT_TRUE(rsa) << rsa.error().ToString();
  EXPECT_EQ(rsa->modulus.size(), 256u);
  EXPECT_NE(rsa->modulus.front(), 0);
  EXPECT_EQ(rsa->exponent, (Bytes{1, 0, 1}));
  EXPECT_TRUE(PublicKey::FromRsa(rsa->modulus, rsa->exponent).value().Equals(key));
}

TEST(PublicKeyComponents, Ed25519RawRoundTrip) {
  // RFC 8037 appendix A.2 public key.
  const Bytes raw = B64u("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
  auto key = Ed25519PublicKeyFromRaw(raw);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(key->Describe(), "Ed25519");
  EXPECT_EQ(GetEd25519PublicKey(*key).value(), raw);
  EXPECT_EQ(Ed25519PublicKeyFromRaw(ByteSpan(raw).first(31)).error().message,
            "Ed25519 public key of 31 bytes, expected 32");
}

TEST(PublicKeyComponents, RefusesTheWrongKeyType) {
  const PublicKey ec = PrivateKey::Generate(KeyAlgorithm::kEcP256).value().GetPublicKey();
  const PublicKey ed = PrivateKey::Generate(KeyAlgorithm::kEd25519).value().GetPublicKey();
  EXPECT_EQ(GetRsaPublicComponents(ec).error().message, "expected an RSA public key, got EC P-256");
  EXPECT_EQ(GetEd25519PublicKey(ec).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(GetEcPublicPoint(ed).error().code, ErrorCode::kInvalidArgument);
}

TEST(PublicKeyComponents, EcPointOffTheCurveIsRejected) {
  // RFC 7515 A.3 x with y changed in its last byte: not on P-256.
  Bytes y = B64u("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
  y.back() ^= 1;
  auto key = PublicKey::FromEcPoint(EcCurve::kP256,
                                    B64u("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"), y);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace veil::crypto
