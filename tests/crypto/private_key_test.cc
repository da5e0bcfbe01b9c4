#include "veil/crypto/private_key.h"

#include <gtest/gtest.h>

#include <optional>

#include "veil/base/base64.h"

namespace veil::crypto {
namespace {

std::string Text(const SecretBytes& secret) {
  return std::string(reinterpret_cast<const char*>(secret.span().data()), secret.size());
}

// RFC 7515 appendix A.3 key in the traditional SEC 1 form ("EC PRIVATE KEY").
constexpr std::string_view kRfc7515EcPem = R"(-----BEGIN EC PRIVATE KEY-----
MHcCAQEEII6bEJ5xkJi/mASH3x9dd+nLKWBuvtImO19XwhPfhPSyoAoGCCqGSM49
AwEHoUQDQgAEf83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEXH8UTNG72b
focs3+257rn0s2ldbqkLJK2KRiMohYjlrQ==
-----END EC PRIVATE KEY-----
)";

constexpr std::string_view kSecp256k1Pem = R"(-----BEGIN PRIVATE KEY-----
MIGEAgEAMBAGByqGSM49AgEGBSuBBAAKBG0wawIBAQQgVLHdPjJ9gMhNPWiRv2yt
zdIXgq+7QBVdhnAweiNEekmhRANCAARAVDh++9JUNdLg1UcY+hCc21S+lr7NSiuE
Q0fKuYCgKA1AgsIXBV8okEtA7ylZ6hA2zmXpAsQkKQvdW4Mba3D5
-----END PRIVATE KEY-----
)";

constexpr std::string_view kX25519Pem = R"(-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VuBCIEILC95RYzTAdjHi1IWeglIusaBN4rQkPxvTsAl6PYy1VS
-----END PRIVATE KEY-----
)";

constexpr std::string_view kRsa1024Pem = R"(-----BEGIN PRIVATE KEY-----
MIICdQIBADANBgkqhkiG9w0BAQEFAASCAl8wggJbAgEAAoGBAMgBBVTc/2fsI5P2
ziic6glB+CKZlp3VQvsk08bSi2ird5cCt7pxNJUE12Uy9CGUQI3AMoeWaoY6TujG
BlM4mWRMFpX4Tfk1WSkvFJ3yo4Bdmw23bc+7grtEBhdeH9CbQcQKIuZp9YenlLuJ
w/dHDO9iwgEXIQXtZLq5yBVyzZSDAgMBAAECgYEAv+0K2rcAeQ+HzLOofhymEaA2
p61PdcJy9mIOv9rHYPg6WLWI7ec4mE//CuPsllSX5e8sDiTvsEM/+ewdobrMploB
/3XRjUyIhXvOCVk63JeT+neYNqFWBrAZ5v5/hNWqc1f1TodUGcadepRILfrms6Or
I+4SKhTuAsuF81JPY1ECQQDtNfcECPQE/QVjeP86kKbHyruO47C2A1IzUGX/mWPH
vs0jfH6PnwX1iFl9MNVJRGJd9mA4KXqe0eXv8v8QK8J9AkEA19iYiicxy0/lOIPA
4eslYtj3eawFLMz84Fk+vVGygH2UOl0CwtLVovD7pmyM8i3uVk1Lf1cOXAfUWcYc
wj9i/wJAcScS48vZix+fGGo5ZZhm1lswyOJ4AvrmlS++2AQ1gqzTciAKxzvWPd+C
wKMwurhyK9xA3cl7gpMhmipR3UbiiQI/WjctipDXPyMlq3lmJQcjmS0WQsSjZRZI
m3yxvG9pLEtQqRQ3EzcMFA6lH+o+/vozo96qr46zccPT/bHQU2ArAkAvOiE87WN2
kUqifELtA5SgGffBZ5gcdOPJH4GKL9DaKCFLn92BT2JXj0IDkyWFcv5kmF7zmLuP
tH/14vsuFcny
-----END PRIVATE KEY-----
)";

// P-256 key under password "secret" (PKCS#8 PBES2).
constexpr std::string_view kEncryptedPem = R"(-----BEGIN ENCRYPTED PRIVATE KEY-----
MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAhNAArvwBV3rQICCAAw
DAYIKoZIhvcNAgkFADAdBglghkgBZQMEAQIEEBAhvwQ43XgMxEnJuhm6QIEEgZAk
J9I7Y+RQKuCJj3enlNsL4lb3aMrpVk87jaEMdZ5IVTBeurtVfaaaJyO2xdjbW0SY
l2vSAZr+V0SN4gXRllksMtdJa0oyltsSaXr0HfyaOXKl2Hrce1QWNp2/cbVsP4cp
4GriuF4SZhWMN3OSfxBYFFKWrext8eQKXdOAv/u0eCoKgd1zLO3eevXQ4DlE+NU=
-----END ENCRYPTED PRIVATE KEY-----
)";

struct GenerateCase {
  KeyAlgorithm algorithm;
  KeyType type;
  const char* description;
  std::optional<EcCurve> curve;
};

class PrivateKeyGenerate : public ::testing::TestWithParam<GenerateCase> {};

TEST_P(PrivateKeyGenerate, GeneratesAndRoundTripsThroughPkcs8Pem) {
  auto key = PrivateKey::Generate(GetParam().algorithm);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(key->type(), GetParam().type);
  EXPECT_EQ(key->Describe(), GetParam().description);
  for (EcCurve curve : {EcCurve::kP256, EcCurve::kP384, EcCurve::kP521}) {
    EXPECT_EQ(key->IsEc(curve), GetParam().curve == curve) << EcCurveName(curve);
    EXPECT_EQ(key->GetPublicKey().IsEc(curve), GetParam().curve == curve) << EcCurveName(curve);
  }
  const SecretBytes pem = key->ToPem();
  EXPECT_TRUE(Text(pem).starts_with("-----BEGIN PRIVATE KEY-----\n")) << "not PKCS#8";
  auto reloaded = PrivateKey::FromPem(Text(pem));
  ASSERT_TRUE(reloaded) << reloaded.error().ToString();
  EXPECT_TRUE(reloaded->GetPublicKey().Equals(key->GetPublicKey()));
  // The public half carries no private material.
  EXPECT_FALSE(PrivateKey::FromPem(Text(pem)).value().GetPublicKey().SpkiDer().empty());
}

INSTANTIATE_TEST_SUITE_P(
    AllAlgorithms, PrivateKeyGenerate,
    ::testing::Values(
        GenerateCase{KeyAlgorithm::kEcP256, KeyType::kEc, "EC P-256", EcCurve::kP256},
        GenerateCase{KeyAlgorithm::kEcP384, KeyType::kEc, "EC P-384", EcCurve::kP384},
        GenerateCase{KeyAlgorithm::kEcP521, KeyType::kEc, "EC P-521", EcCurve::kP521},
        GenerateCase{KeyAlgorithm::kEd25519, KeyType::kEd25519, "Ed25519", std::nullopt},
        GenerateCase{KeyAlgorithm::kRsa2048, KeyType::kRsa, "RSA-2048", std::nullopt},
        GenerateCase{KeyAlgorithm::kRsa3072, KeyType::kRsa, "RSA-3072", std::nullopt}));

TEST(PrivateKey, GeneratedKeysDiffer) {
  auto a = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  auto b = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  EXPECT_FALSE(a.GetPublicKey().Equals(b.GetPublicKey()));
}

TEST(PrivateKey, ReadsTraditionalEcPem) {
  auto key = PrivateKey::FromPem(kRfc7515EcPem);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(key->Describe(), "EC P-256");
  EXPECT_TRUE(Text(key->ToPem()).starts_with("-----BEGIN PRIVATE KEY-----"));  // exported as PKCS#8
}

TEST(PrivateKey, RefusesEncryptedPemWithoutPrompting) {
  auto key = PrivateKey::FromPem(kEncryptedPem);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, ErrorCode::kMalformed);
  EXPECT_NE(key.error().message.find("expected an unencrypted PEM private key"), std::string::npos);
}

TEST(PrivateKey, RefusesUnsupportedKeyTypesAndCurves) {
  auto k1 = PrivateKey::FromPem(kSecp256k1Pem);
  ASSERT_FALSE(k1);
  EXPECT_EQ(k1.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(k1.error().message.find("secp256k1"), std::string::npos) << k1.error().message;
  auto x25519 = PrivateKey::FromPem(kX25519Pem);
  ASSERT_FALSE(x25519);
  EXPECT_EQ(x25519.error().code, ErrorCode::kUnsupported);
}

TEST(PrivateKey, RefusesRsaUnder2048Bits) {
  auto key = PrivateKey::FromPem(kRsa1024Pem);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(key.error().message, "RSA private key of 1024 bits, expected at least 2048");
}

TEST(PrivateKey, RefusesPublicKeysAndGarbage) {
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  // A valid SubjectPublicKeyInfo is not a private key.
  const std::string public_pem = "-----BEGIN PUBLIC KEY-----\n" +
                                 Base64Encode(key.GetPublicKey().SpkiDer()) +
                                 "\n-----END PUBLIC KEY-----\n";
  ASSERT_TRUE(PublicKey::FromPem(public_pem));
  EXPECT_EQ(PrivateKey::FromPem(public_pem).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(PrivateKey::FromPem("").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(PrivateKey::FromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
                .error()
                .code,
            ErrorCode::kMalformed);
  std::string truncated = Text(key.ToPem());
  truncated.resize(truncated.size() / 2);
  EXPECT_FALSE(PrivateKey::FromPem(truncated));
}

}  // namespace
}  // namespace veil::crypto
