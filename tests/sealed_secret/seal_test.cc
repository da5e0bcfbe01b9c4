#include "veil/sealed_secret/seal.h"

#include <gtest/gtest.h>

#include "reference_strings.h"
#include "veil/base/base64.h"
#include "veil/sealed_secret/sealed_string.h"
#include "veil/sealed_secret/verify.h"

namespace veil::sealed_secret {
namespace {

Secret Vault(std::string_view path) {
  return KbsVaultSecret(protocol::ResourcePath::Parse(path).value());
}

std::string DecodedPart(std::string_view sealed, std::size_t index) {
  std::string_view rest = sealed.substr(kSealedPrefix.size());
  for (std::size_t i = 0; i < index; ++i) rest.remove_prefix(rest.find('.') + 1);
  const Bytes bytes = Base64UrlDecode(rest.substr(0, rest.find('.'))).value();
  return {bytes.begin(), bytes.end()};
}

TEST(Seal, UnsignedIsExactlyCocosForm) {
  EXPECT_EQ(SealUnsigned(Vault("default/sealed-secret/test")).value(), testdata::kUnsignedVault);
}

TEST(Seal, SignedHasCdhsHeaderAndVerifiesWithTheKey) {
  const crypto::PrivateKey key =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  const std::string kid = "kbs:///default/signing-key/pub";
  const Result<std::string> sealed = SealSigned(Vault("default/db/password"), key, kid);
  ASSERT_TRUE(sealed) << sealed.error().ToString();
  EXPECT_EQ(DecodedPart(*sealed, 0), R"({"alg":"ES256","kid":"kbs:///default/signing-key/pub"})");
  // Same payload bytes as the hand-made reference signed by openssl.
  EXPECT_EQ(DecodedPart(*sealed, 1), DecodedPart(testdata::kSignedVault, 1));
  const Result<SealedSecret> parsed = ParseSealedSecret(*sealed);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->signature->kid, kid);
  EXPECT_TRUE(VerifySealedSecret(*parsed, key.GetPublicKey()));
}

TEST(Seal, SignedRefusesKeysCdhCannotVerify) {
  for (const crypto::KeyAlgorithm algorithm :
       {crypto::KeyAlgorithm::kEcP384, crypto::KeyAlgorithm::kEd25519}) {
    const crypto::PrivateKey key = crypto::PrivateKey::Generate(algorithm).value();
    const Result<std::string> sealed = SealSigned(Vault("a/b/c"), key, "signer");
    ASSERT_FALSE(sealed);
    EXPECT_EQ(sealed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(sealed.error().message.find("ES256 only"), std::string::npos);
  }
}

TEST(Seal, KidIsAResourceUriOrACredentialName) {
  EXPECT_TRUE(CheckKid("kbs:///default/signing-key/pub"));
  EXPECT_TRUE(CheckKid("team-signer.jwk"));
  for (const std::string_view bad :
       {"", ".", "..", "../etc/passwd", "a/b", "kbs://trustee/a/b/c", "kbs:///a/b", "key id"}) {
    const Status status = CheckKid(bad);
    ASSERT_FALSE(status) << bad;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << bad;
  }
  const crypto::PrivateKey key =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  EXPECT_FALSE(SealSigned(Vault("a/b/c"), key, "../escape"));
}

}  // namespace
}  // namespace veil::sealed_secret
