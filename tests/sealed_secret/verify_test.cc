#include "veil/sealed_secret/verify.h"

#include <gtest/gtest.h>

#include "reference_strings.h"
#include "veil/base/base64.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/sealed_secret/seal.h"

namespace veil::sealed_secret {
namespace {

crypto::PublicKey Pem(std::string_view pem) { return crypto::PublicKey::FromPem(pem).value(); }

// Parse, then verify: what CDH does before it unseals.
Status ParseAndVerify(std::string_view text, const crypto::PublicKey& key) {
  VEIL_ASSIGN_OR_RETURN(const SealedSecret sealed, ParseSealedSecret(text));
  return VerifySealedSecret(sealed, key);
}

Secret Vault(std::string_view path) {
  return KbsVaultSecret(protocol::ResourcePath::Parse(path).value());
}

TEST(Verify, AcceptsTheHandMadeReferenceAsCdhDoes) {
  const Status status = ParseAndVerify(testdata::kSignedVault, Pem(testdata::kSignerPublicPem));
  EXPECT_TRUE(status) << status.error().ToString();
}

TEST(Verify, RefusesTheWrongKey) {
  const Status status = ParseAndVerify(testdata::kSignedVault, Pem(testdata::kOtherPublicPem));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kVerificationFailed) << status.error().ToString();
}

TEST(Verify, RefusesAPayloadSwappedUnderAnotherSignature) {
  const crypto::PrivateKey key =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  const std::string genuine = SealSigned(Vault("default/db/password"), key, "signer").value();
  const std::string other = SealSigned(Vault("default/db/admin"), key, "signer").value();
  // header and signature of `genuine`, payload of `other` (itself validly signed elsewhere).
  const std::size_t g1 = genuine.find('.', 7), g2 = genuine.find('.', g1 + 1);
  const std::size_t o1 = other.find('.', 7), o2 = other.find('.', o1 + 1);
  const std::string tampered =
      genuine.substr(0, g1 + 1) + other.substr(o1 + 1, o2 - o1 - 1) + genuine.substr(g2);
  ASSERT_TRUE(ParseSealedSecret(tampered)) << "the tampered string must still parse";
  const Status status = ParseAndVerify(tampered, key.GetPublicKey());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kVerificationFailed);
  EXPECT_TRUE(ParseAndVerify(genuine, key.GetPublicKey()));
}

// Any one character changed, anywhere, and the string no longer parses or no longer verifies.
TEST(Verify, EverySingleCharacterChangeFails) {
  const crypto::PublicKey key = Pem(testdata::kSignerPublicPem);
  const std::string_view reference = testdata::kSignedVault;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    std::string changed(reference);
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(ParseAndVerify(changed, key)) << "position " << i;
  }
}

TEST(Verify, EveryTruncationFails) {
  const crypto::PublicKey key = Pem(testdata::kSignerPublicPem);
  const std::string_view reference = testdata::kSignedVault;
  for (std::size_t size = 0; size < reference.size(); ++size) {
    EXPECT_FALSE(ParseAndVerify(reference.substr(0, size), key)) << size;
  }
}

TEST(Verify, UnsignedHasNothingToVerify) {
  const Status status = ParseAndVerify(testdata::kUnsignedVault, Pem(testdata::kSignerPublicPem));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(status.error().message.find("unsigned"), std::string::npos);
}

TEST(Verify, OnlyEs256) {
  // A header naming ES384 over the reference's payload and signature: CDH refuses the alg.
  const std::string_view reference = testdata::kSignedVault;
  const std::string header = Base64UrlEncode(AsBytes(R"({"alg":"ES384","kid":"signer"})"));
  const std::string text =
      "sealed." + header + std::string(reference.substr(reference.find('.', 7)));
  const Status status = ParseAndVerify(text, Pem(testdata::kSignerPublicPem));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnsupported) << status.error().ToString();

  const crypto::PrivateKey p384 =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP384).value();
  const Status wrong_curve = ParseAndVerify(reference, p384.GetPublicKey());
  ASSERT_FALSE(wrong_curve);
  EXPECT_EQ(wrong_curve.error().code, ErrorCode::kInvalidArgument);
}

TEST(VerificationKey, ReadsPemAndCdhsJwk) {
  const crypto::PublicKey expected = Pem(testdata::kSignerPublicPem);
  EXPECT_TRUE(ParseVerificationKey(testdata::kSignerPublicPem).value().Equals(expected));
  // The shape CDH's `secret keygen` writes for the public half, typed by hand.
  const Result<crypto::PublicKey> jwk = ParseVerificationKey(R"({
    "kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": "signer",
    "x": "1K4gCw5ISx9WlNCxQZBiOTSzKc4PG4gOfMQlYTi8Ajs",
    "y": "D2HHKXV0BHZNy0zsvzw4V2T-58hM8fH_eHf0TWpMqXI"
  })");
  ASSERT_TRUE(jwk) << jwk.error().ToString();
  EXPECT_TRUE(jwk->Equals(expected));
  EXPECT_TRUE(ParseAndVerify(testdata::kSignedVault, *jwk));
}

TEST(VerificationKey, RefusesPrivateJwksOtherCurvesAndGarbage) {
  const crypto::PrivateKey p256 =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  nlohmann::json with_d = crypto::jose::PublicKeyToJwk(p256.GetPublicKey()).value();
  with_d["d"] = "AAAA";
  EXPECT_FALSE(ParseVerificationKey(with_d.dump()));
  const crypto::PrivateKey p384 =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP384).value();
  const Result<crypto::PublicKey> wrong = ParseVerificationKey(p384.GetPublicKey().ToPem());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(ParseVerificationKey("not a key"));
  EXPECT_FALSE(ParseVerificationKey("{\"kty\":"));
}

TEST(VerificationKey, JwkToStoreAtTheKidRoundTrips) {
  const crypto::PublicKey key = Pem(testdata::kSignerPublicPem);
  const Result<std::string> jwk = VerificationJwk(key, "kbs:///default/signing-key/pub");
  ASSERT_TRUE(jwk) << jwk.error().ToString();
  EXPECT_EQ(*jwk,
            R"({"alg":"ES256","crv":"P-256","kid":"kbs:///default/signing-key/pub","kty":"EC",)"
            R"("use":"sig","x":"1K4gCw5ISx9WlNCxQZBiOTSzKc4PG4gOfMQlYTi8Ajs",)"
            R"("y":"D2HHKXV0BHZNy0zsvzw4V2T-58hM8fH_eHf0TWpMqXI"})"
            "\n");
  EXPECT_TRUE(ParseVerificationKey(*jwk).value().Equals(key));
  EXPECT_FALSE(VerificationJwk(key, "kbs://host/a/b/c"));
}

}  // namespace
}  // namespace veil::sealed_secret
