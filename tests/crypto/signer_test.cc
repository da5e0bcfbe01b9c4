#include "veil/crypto/signer.h"

#include <gtest/gtest.h>

#include "veil/base/base64.h"
#include "veil/crypto/ecdsa_signature.h"
#include "veil/crypto/signature.h"

namespace veil::crypto {
namespace {

// RFC 8037 appendix A.1 Ed25519 key (seed nWGxne_9...) as PKCS#8.
constexpr std::string_view kRfc8037Pem =
    "-----BEGIN PRIVATE "
    "KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";

TEST(Sign, Ed25519MatchesRfc8037AppendixA4) {
  // Ed25519 is deterministic, so signing the RFC's JWS input must give the RFC's signature.
  const auto key = PrivateKey::FromPem(kRfc8037Pem).value();
  const std::string_view input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
  auto signature = Sign(key, DigestAlgorithm::kSha256, AsBytes(input));
  ASSERT_TRUE(signature) << signature.error().ToString();
  EXPECT_EQ(
      Base64UrlEncode(*signature),
      "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
  EXPECT_TRUE(VerifyEd25519(key.GetPublicKey(), AsBytes(input), *signature));
}

TEST(VerifyEd25519, RejectsAlteredMessageSignatureAndWrongKeyType) {
  const auto key = PrivateKey::Generate(KeyAlgorithm::kEd25519).value();
  const Bytes message = {1, 2, 3};
  Bytes signature = Sign(key, DigestAlgorithm::kSha512, message).value();
  ASSERT_EQ(signature.size(), 64u);
  EXPECT_TRUE(VerifyEd25519(key.GetPublicKey(), message, signature));
  EXPECT_EQ(VerifyEd25519(key.GetPublicKey(), Bytes{1, 2, 4}, signature).error().code,
            ErrorCode::kVerificationFailed);
  signature[10] ^= 1;
  EXPECT_EQ(VerifyEd25519(key.GetPublicKey(), message, signature).error().code,
            ErrorCode::kVerificationFailed);
  EXPECT_FALSE(VerifyEd25519(key.GetPublicKey(), message, ByteSpan(signature).first(63)));
  const auto other = PrivateKey::Generate(KeyAlgorithm::kEd25519).value();
  signature[10] ^= 1;
  EXPECT_FALSE(VerifyEd25519(other.GetPublicKey(), message, signature));
  const auto ec = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  EXPECT_EQ(VerifyEd25519(ec.GetPublicKey(), message, signature).error().code,
            ErrorCode::kInvalidArgument);
}

struct SignCase {
  KeyAlgorithm algorithm;
  DigestAlgorithm digest;
};

class SignRoundTrip : public ::testing::TestWithParam<SignCase> {};

TEST_P(SignRoundTrip, VerifiesWithTheMatchingVerifierOnly) {
  const auto key = PrivateKey::Generate(GetParam().algorithm).value();
  const DigestAlgorithm digest = GetParam().digest;
  const Bytes message = {'v', 'e', 'i', 'l'};
  auto signature = Sign(key, digest, message);
  ASSERT_TRUE(signature) << signature.error().ToString();
  const PublicKey public_key = key.GetPublicKey();
  if (key.type() == KeyType::kEc) {
    EXPECT_TRUE(VerifyEcdsaDer(public_key, digest, message, *signature));
    EXPECT_FALSE(VerifyEcdsaDer(public_key, digest, Bytes{'v', 'e', 'i', 'L'}, *signature));
  } else {
    EXPECT_TRUE(VerifyRsaPkcs1(public_key, digest, message, *signature));
    EXPECT_FALSE(VerifyRsaPkcs1(public_key, digest, Bytes{'v', 'e', 'i', 'L'}, *signature));
    EXPECT_FALSE(VerifyRsaPss(public_key, digest, message, *signature));  // PKCS#1 v1.5, not PSS
  }
}

INSTANTIATE_TEST_SUITE_P(
    EcdsaAndRsa, SignRoundTrip,
    ::testing::Values(SignCase{KeyAlgorithm::kEcP256, DigestAlgorithm::kSha256},
                      SignCase{KeyAlgorithm::kEcP384, DigestAlgorithm::kSha384},
                      SignCase{KeyAlgorithm::kEcP521, DigestAlgorithm::kSha512},
                      SignCase{KeyAlgorithm::kRsa2048, DigestAlgorithm::kSha256}));

TEST(EcdsaSignature, DerAndRawRoundTripForEveryCurve) {
  for (auto [algorithm, width, digest] :
       {std::tuple{KeyAlgorithm::kEcP256, 32u, DigestAlgorithm::kSha256},
        std::tuple{KeyAlgorithm::kEcP384, 48u, DigestAlgorithm::kSha384},
        std::tuple{KeyAlgorithm::kEcP521, 66u, DigestAlgorithm::kSha512}}) {
    const auto key = PrivateKey::Generate(algorithm).value();
    const Bytes message = {42};
    const Bytes der = Sign(key, digest, message).value();
    auto raw = EcdsaDerToRaw(der, width);
    ASSERT_TRUE(raw) << raw.error().ToString();
    ASSERT_EQ(raw->size(), 2 * width);
    EXPECT_TRUE(VerifyEcdsaRaw(key.GetPublicKey(), digest, message, ByteSpan(*raw).first(width),
                               ByteSpan(*raw).subspan(width)));
    EXPECT_EQ(EcdsaRawToDer(*raw).value(), der);  // DER is canonical, so the round trip is exact
  }
}

TEST(EcdsaSignature, RawPadsShortIntegersToTheFixedWidth) {
  // r = 1, s = 0x0100: DER 30 07 02 01 01 02 02 01 00.
  const Bytes der = {0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x01, 0x00};
  const Bytes raw = EcdsaDerToRaw(der, 4).value();
  EXPECT_EQ(raw, (Bytes{0, 0, 0, 1, 0, 0, 1, 0}));
  EXPECT_EQ(EcdsaRawToDer(raw).value(), der);
}

TEST(EcdsaSignature, RejectsMalformedInputs) {
  const Bytes der = {0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x01, 0x00};
  Bytes trailing = der;
  trailing.push_back(0);
  EXPECT_EQ(EcdsaDerToRaw(trailing, 4).error().message, "trailing bytes after DER ECDSA signature");
  EXPECT_EQ(EcdsaDerToRaw(Bytes{0x30, 0x02, 0x05, 0x00}, 4).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(EcdsaDerToRaw(ByteSpan(der).first(5), 4).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(EcdsaDerToRaw(der, 1).error().message, "ECDSA r or s is wider than 1 bytes");
  EXPECT_EQ(EcdsaDerToRaw(der, 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(EcdsaRawToDer(Bytes{1, 2, 3}).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(EcdsaRawToDer(Bytes{}).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(EcdsaRawToDer(Bytes(134, 1)).error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace veil::crypto
