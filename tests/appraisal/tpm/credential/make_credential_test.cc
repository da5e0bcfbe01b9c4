// MakeCredential's refusals and output layout, and ObjectName over the GCE fixture AK. That the
// output activates in a real TPM (and only for its EK and AK) is shown by
// tests/agent/attester/tpm/credential_activation_test.cc.

#include "veil/appraisal/tpm/credential/make_credential.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/appraisal/tpm/credential/object_name.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/public_key_components.h"
#include "veil/testing/fixtures.h"

namespace veil::appraisal::tpm::credential {
namespace {

namespace et = evidence::tpm;

constexpr std::uint32_t kEkAttributes = 0x000300b2;  // TCG EK templates L-1/L-2

et::PublicArea EkArea(const crypto::PublicKey& key) {
  et::PublicArea area;
  area.name_alg = et::kAlgSha256;
  area.object_attributes = kEkAttributes;
  area.symmetric = {et::kAlgAes, 128, 0x0043};
  if (key.type() == crypto::KeyType::kRsa) {
    area.type = et::kAlgRsa;
    area.key = et::RsaPublic{2048, 0, crypto::GetRsaPublicComponents(key).value().modulus};
  } else {
    const crypto::EcPublicPoint point = crypto::GetEcPublicPoint(key).value();
    area.type = et::kAlgEcc;
    area.key = et::EccPublic{et::EccCurve::kNistP256, {}, point.x, point.y};
  }
  return area;
}

Bytes Sha256Name(std::uint8_t fill) {
  Bytes name = {0x00, 0x0b};
  name.resize(34, fill);
  return name;
}

class MakeCredentialTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new crypto::PrivateKey(
        crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kRsa2048).value());
    ecc_ =
        new crypto::PrivateKey(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value());
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete ecc_;
    rsa_ = ecc_ = nullptr;
  }
  static crypto::PrivateKey* rsa_;
  static crypto::PrivateKey* ecc_;
};
crypto::PrivateKey* MakeCredentialTest::rsa_ = nullptr;
crypto::PrivateKey* MakeCredentialTest::ecc_ = nullptr;

TEST_F(MakeCredentialTest, RsaOutputHasTheTpmLayout) {
  const Bytes secret(32, 0x5a);
  auto challenge = MakeCredential(EkArea(rsa_->GetPublicKey()), Sha256Name(1), secret);
  ASSERT_TRUE(challenge) << challenge.error().ToString();
  // TPM2B_DIGEST(HMAC-SHA256) || AES-CFB(u16 size || secret)
  ASSERT_EQ(challenge->credential_blob.size(), 2u + 32u + 2u + 32u);
  EXPECT_EQ(challenge->credential_blob[0], 0x00);
  EXPECT_EQ(challenge->credential_blob[1], 0x20);
  EXPECT_EQ(challenge->encrypted_secret.size(), 256u);  // one RSA-2048 OAEP block
}

TEST_F(MakeCredentialTest, EccOutputCarriesAnEphemeralPointOnTheCurve) {
  const Bytes secret(16, 0x5a);
  auto challenge = MakeCredential(EkArea(ecc_->GetPublicKey()), Sha256Name(1), secret);
  ASSERT_TRUE(challenge) << challenge.error().ToString();
  EXPECT_EQ(challenge->credential_blob.size(), 2u + 32u + 2u + 16u);
  const Bytes& point = challenge->encrypted_secret;
  ASSERT_EQ(point.size(), 2u + 32u + 2u + 32u);  // TPMS_ECC_POINT
  EXPECT_EQ(point[0], 0x00);
  EXPECT_EQ(point[1], 0x20);
  EXPECT_EQ(point[34], 0x00);
  EXPECT_EQ(point[35], 0x20);
  auto ephemeral = crypto::PublicKey::FromEcPoint(
      crypto::EcCurve::kP256, ByteSpan(point).subspan(2, 32), ByteSpan(point).subspan(36, 32));
  EXPECT_TRUE(ephemeral) << ephemeral.error().ToString();
  // A fresh ephemeral key every time.
  EXPECT_NE(MakeCredential(EkArea(ecc_->GetPublicKey()), Sha256Name(1), secret)->encrypted_secret,
            point);
}

TEST_F(MakeCredentialTest, RefusesKeysTheTpmCouldNotActivateWith) {
  const Bytes secret(32, 1);
  et::PublicArea signing = EkArea(rsa_->GetPublicKey());
  signing.object_attributes = 0x00050072;  // an AK: restricted signing
  EXPECT_EQ(MakeCredential(signing, Sha256Name(1), secret).error().code, ErrorCode::kUnsupported);

  et::PublicArea sha384 = EkArea(rsa_->GetPublicKey());
  sha384.name_alg = et::kAlgSha384;
  auto refused = MakeCredential(sha384, Sha256Name(1), secret);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "make credential: EK nameAlg 0x000c, expected SHA-256 (0x000b)");

  et::PublicArea no_symmetric = EkArea(ecc_->GetPublicKey());
  no_symmetric.symmetric = {};
  EXPECT_EQ(MakeCredential(no_symmetric, Sha256Name(1), secret).error().code,
            ErrorCode::kUnsupported);
}

TEST_F(MakeCredentialTest, RefusesMalformedNamesAndCredentialSizes) {
  const et::PublicArea ek = EkArea(rsa_->GetPublicKey());
  Bytes short_name = Sha256Name(1);
  short_name.pop_back();
  EXPECT_EQ(MakeCredential(ek, short_name, Bytes(32, 1)).error().code, ErrorCode::kInvalidArgument);
  Bytes unknown_alg = Sha256Name(1);
  unknown_alg[1] = 0x12;
  EXPECT_EQ(MakeCredential(ek, unknown_alg, Bytes(32, 1)).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(MakeCredential(ek, Bytes{0x00}, Bytes(32, 1)).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(MakeCredential(ek, Sha256Name(1), Bytes{}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(MakeCredential(ek, Sha256Name(1), Bytes(33, 1)).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(ObjectName, IsNameAlgAndTheDigestOfTheExactTpmtPublic) {
  const Bytes tpmt = testing::ReadFixture("tpm/gce-cos85-ak-pub.tpmt");
  auto name = ObjectName(tpmt);
  ASSERT_TRUE(name) << name.error().ToString();
  EXPECT_EQ(HexEncode(*name), "000b" + HexEncode(crypto::Sha256(tpmt)));
  // The same area as TPM2B_PUBLIC has the same Name.
  Bytes sized = {static_cast<std::uint8_t>(tpmt.size() >> 8),
                 static_cast<std::uint8_t>(tpmt.size() & 0xff)};
  sized.insert(sized.end(), tpmt.begin(), tpmt.end());
  EXPECT_EQ(ObjectName(sized).value(), *name);
  // A truncated area is refused by the parser, named.
  auto truncated = ObjectName(ByteSpan(tpmt).first(tpmt.size() - 1));
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().message.rfind("object name: ", 0), 0u) << truncated.error().message;
}

}  // namespace
}  // namespace veil::appraisal::tpm::credential
