#include "veil/node/tpm_keys.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/private_key.h"

namespace veil::node {
namespace {

namespace et = evidence::tpm;

// The AK template of agent/attester/tpm/attestation_key.h: fixedTPM, fixedParent,
// sensitiveDataOrigin, userWithAuth, restricted, sign.
constexpr std::uint32_t kAkAttributes = 0x00050072;

et::PublicArea AreaWith(std::uint32_t attributes) {
  et::PublicArea area;
  area.object_attributes = attributes;
  return area;
}

TEST(TpmKeys, AnAkMustBeARestrictedSigningKeyThatCannotLeaveTheTpm) {
  EXPECT_TRUE(CheckAttestationKeyAttributes(AreaWith(kAkAttributes)));
  const auto refusal = [](std::uint32_t attributes) {
    auto checked = CheckAttestationKeyAttributes(AreaWith(attributes));
    EXPECT_FALSE(checked);
    return checked ? std::string() : checked.error().message;
  };
  EXPECT_EQ(refusal(kAkAttributes & ~et::kObjectRestricted),
            "AK public: expected a restricted key, got attributes 0x00040072");
  EXPECT_EQ(refusal(kAkAttributes & ~et::kObjectSign),
            "AK public: expected a signing (sign) key, got attributes 0x00010072");
  EXPECT_EQ(refusal(kAkAttributes | et::kObjectDecrypt),
            "AK public: expected a signing key without decrypt, got attributes 0x00070072");
  EXPECT_EQ(refusal(kAkAttributes & ~et::kObjectFixedTpm),
            "AK public: expected a fixedTPM key, got attributes 0x00050070");
  EXPECT_EQ(refusal(kAkAttributes & ~(1u << 4)),
            "AK public: expected a fixedParent key, got attributes 0x00050062");
}

TEST(TpmKeys, AKeyIsNamedByTheSha256OfItsSubjectPublicKeyInfo) {
  const auto key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  const crypto::PublicKey public_key = key.GetPublicKey();
  const std::string expected =
      HexEncode(crypto::Digest(crypto::DigestAlgorithm::kSha256, public_key.SpkiDer()));
  EXPECT_EQ(KeyDigest(public_key), expected);
  const Bytes der = public_key.SpkiDer();
  auto loaded = LoadTpmPublicKey("EK public", der);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(loaded->digest, expected);
  EXPECT_EQ(loaded->area, std::nullopt);
}

TEST(TpmKeys, BytesThatAreNoPublicAreaAreRefusedNamingWhatTheyWereFor) {
  auto refused = LoadTpmPublicArea("EK public", Bytes{0x00, 0x01, 0x02});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().context.rfind("EK public", 0), 0u) << refused.error().ToString();
}

}  // namespace
}  // namespace veil::node
