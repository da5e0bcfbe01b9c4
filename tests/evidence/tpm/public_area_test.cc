#include "veil/evidence/tpm/public_area.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/testing/fixtures.h"
#include "wire.h"

namespace veil::evidence::tpm {
namespace {

// GCE AK TPMT_PUBLIC offsets: authPolicy.size at 8, unique.rsa.size at 22.
constexpr std::size_t kAttributesAt = 4;
constexpr std::size_t kAuthPolicySizeAt = 8;
constexpr std::size_t kKeyBitsAt = 16;
constexpr std::size_t kModulusSizeAt = 22;

Bytes GceAk() { return testing::ReadFixture("tpm/gce-cos85-ak-pub.tpmt"); }

Bytes Tpm2b(const Bytes& tpmt) {
  Bytes sized;
  test::Sized(sized, tpmt);
  return sized;
}

// An ECC P-256 signing AK (ECDSA-SHA256) with the given curve and coordinate sizes.
Bytes EccAk(std::uint16_t curve = kEccNistP256, std::size_t coordinate = 32) {
  Bytes area;
  test::Be16(area, kAlgEcc);
  test::Be16(area, kAlgSha256);
  test::Be32(area, 0x00050072);
  test::Sized(area, {});
  test::Be16(area, kAlgNull);  // symmetric
  test::Be16(area, kAlgEcdsa);
  test::Be16(area, kAlgSha256);
  test::Be16(area, curve);
  test::Be16(area, kAlgNull);  // kdf
  test::Sized(area, Bytes(coordinate, 0x0A));
  test::Sized(area, Bytes(coordinate, 0x0B));
  return area;
}

Error ParseError(Result<PublicArea> parsed) {
  EXPECT_FALSE(parsed) << "parsed unexpectedly";
  return parsed ? Error{} : parsed.error();
}

TEST(PublicArea, ParsesTheGceAk) {
  const PublicArea area = ParseTpmtPublic(GceAk()).value();
  EXPECT_EQ(area.type, kAlgRsa);
  EXPECT_EQ(area.name_alg, kAlgSha256);
  EXPECT_EQ(area.object_attributes, 0x00050072u);
  EXPECT_TRUE(area.IsRestrictedSigningKey());
  EXPECT_TRUE(area.auth_policy.empty());
  EXPECT_EQ(area.symmetric.algorithm, kAlgNull);
  EXPECT_EQ(area.scheme.scheme, kAlgRsassa);
  EXPECT_EQ(area.scheme.hash, kAlgSha256);
  const auto& rsa = std::get<RsaPublic>(area.key);
  EXPECT_EQ(rsa.key_bits, 2048);
  EXPECT_EQ(rsa.exponent, 0u);
  EXPECT_EQ(rsa.EffectiveExponent(), 65537u);
  ASSERT_EQ(rsa.modulus.size(), 256u);
  EXPECT_EQ(HexEncode(rsa.modulus).substr(0, 16), "cbad6f089c698224");
}

TEST(PublicArea, Tpm2bFormAndAutoDetection) {
  const PublicArea sized = ParseTpm2bPublic(Tpm2b(GceAk())).value();
  EXPECT_EQ(std::get<RsaPublic>(sized.key).modulus,
            std::get<RsaPublic>(ParsePublicArea(GceAk()).value().key).modulus);
  EXPECT_EQ(ParsePublicArea(Tpm2b(GceAk())).value().object_attributes, 0x00050072u);
  EXPECT_EQ(ParsePublicArea(Tpm2b(EccAk())).value().type, kAlgEcc);
}

TEST(PublicArea, ParsesEccKeys) {
  const PublicArea area = ParseTpmtPublic(EccAk(kEccNistP384, 48)).value();
  EXPECT_EQ(area.scheme.scheme, kAlgEcdsa);
  const auto& ecc = std::get<EccPublic>(area.key);
  EXPECT_EQ(ecc.curve, EccCurve::kNistP384);
  EXPECT_EQ(ecc.kdf.scheme, kAlgNull);
  EXPECT_EQ(ecc.x, Bytes(48, 0x0A));
  EXPECT_EQ(ecc.y, Bytes(48, 0x0B));
}

TEST(PublicArea, EveryTruncationFails) {
  const struct {
    Bytes full;
    Result<PublicArea> (*parse)(ByteSpan);
  } cases[] = {{GceAk(), ParseTpmtPublic},
               {EccAk(), ParseTpmtPublic},
               {Tpm2b(GceAk()), ParseTpm2bPublic},
               {Tpm2b(EccAk()), ParseTpm2bPublic}};
  for (const auto& c : cases) {
    for (std::size_t size = 0; size < c.full.size(); ++size) {
      const Error error = ParseError(c.parse(ByteSpan(c.full).first(size)));
      EXPECT_EQ(error.code, ErrorCode::kMalformed) << size << ": " << error.message;
    }
  }
}

TEST(PublicArea, TrailingBytesFail) {
  Bytes tpmt = GceAk();
  tpmt.push_back(0);
  EXPECT_EQ(ParseError(ParseTpmtPublic(tpmt)).message, "1 trailing bytes after TPMT_PUBLIC");
  Bytes tpm2b = Tpm2b(GceAk());
  tpm2b.push_back(0);
  EXPECT_EQ(ParseError(ParseTpm2bPublic(tpm2b)).message, "1 trailing bytes after TPM2B_PUBLIC");
  // The TPM2B says 280 bytes but the inner TPMT_PUBLIC is followed by one more byte.
  Bytes inner = GceAk();
  inner.push_back(0);
  EXPECT_EQ(ParseError(ParseTpm2bPublic(Tpm2b(inner))).message,
            "1 trailing bytes after TPMT_PUBLIC");
}

TEST(PublicArea, SizesAboveTheirMaximumFail) {
  Bytes policy = GceAk();
  test::PutBe16(policy, kAuthPolicySizeAt, 0xFFFF);
  EXPECT_EQ(ParseError(ParseTpmtPublic(policy)).message,
            "TPMT_PUBLIC.authPolicy size 65535 exceeds the maximum 64");
  Bytes modulus = GceAk();
  test::PutBe16(modulus, kModulusSizeAt, 0xFFFF);
  EXPECT_EQ(ParseError(ParseTpmtPublic(modulus)).message,
            "TPMT_PUBLIC.unique.rsa size 65535 exceeds the maximum 512");
  Bytes x = EccAk();
  test::PutBe16(x, x.size() - 2 * 34, 0xFFFF);
  EXPECT_EQ(ParseError(ParseTpmtPublic(x)).message,
            "TPMT_PUBLIC.unique.ecc.x size 65535 exceeds the maximum 128");
  Bytes tpm2b = Tpm2b(GceAk());
  test::PutBe16(tpm2b, 0, 0xFFFF);
  EXPECT_EQ(ParseError(ParseTpm2bPublic(tpm2b)).message,
            "TPM2B_PUBLIC.publicArea size 65535 exceeds the maximum 604");
}

TEST(PublicArea, ReservedAttributeBitsFail) {
  Bytes area = GceAk();
  area[kAttributesAt] = 0x80;  // bit 31
  EXPECT_EQ(ParseError(ParseTpmtPublic(area)).message,
            "TPMT_PUBLIC.objectAttributes: reserved bits must be zero, got 0x80000000");
}

TEST(PublicArea, ModulusMustMatchKeyBits) {
  Bytes area = GceAk();
  test::PutBe16(area, kKeyBitsAt, 1024);
  EXPECT_EQ(ParseError(ParseTpmtPublic(area)).message,
            "TPMT_PUBLIC.unique.rsa: expected a 128-byte modulus for keyBits 1024, got 256 bytes");
}

TEST(PublicArea, UnsupportedTypesCurvesAndSchemes) {
  Bytes keyed = GceAk();
  test::PutBe16(keyed, 0, kAlgKeyedHash);
  const Error type = ParseError(ParseTpmtPublic(keyed));
  EXPECT_EQ(type.code, ErrorCode::kUnsupported);
  EXPECT_EQ(type.message, "TPMT_PUBLIC.type: expected RSA (0x0001) or ECC (0x0023), got 0x0008");

  const Error curve = ParseError(ParseTpmtPublic(EccAk(0x0010)));  // TPM_ECC_BN_P256
  EXPECT_EQ(curve.code, ErrorCode::kUnsupported);
  EXPECT_EQ(curve.message,
            "TPMS_ECC_PARMS.curveID: expected NIST P-256 (0x0003), P-384 (0x0004) or P-521 "
            "(0x0005), got 0x0010");

  Bytes ecdsa_on_rsa = GceAk();
  test::PutBe16(ecdsa_on_rsa, 12, kAlgEcdsa);
  EXPECT_EQ(ParseError(ParseTpmtPublic(ecdsa_on_rsa)).code, ErrorCode::kUnsupported);
}

TEST(PublicArea, CoordinateLongerThanTheCurveFails) {
  EXPECT_EQ(ParseError(ParseTpmtPublic(EccAk(kEccNistP256, 33))).message,
            "TPMT_PUBLIC.unique.ecc.x: expected 1 to 32 bytes for the curve, got 33");
}

}  // namespace
}  // namespace veil::evidence::tpm
