#include "veil/evidence/tpm/signature.h"

#include <gtest/gtest.h>

#include "veil/testing/fixtures.h"
#include "wire.h"

namespace veil::evidence::tpm {
namespace {

Bytes EcdsaSignature(std::size_t r_size, std::size_t s_size) {
  Bytes signature;
  test::Be16(signature, kAlgEcdsa);
  test::Be16(signature, kAlgSha384);
  test::Sized(signature, Bytes(r_size, 0x11));
  test::Sized(signature, Bytes(s_size, 0x22));
  return signature;
}

Error ParseError(const Bytes& bytes) {
  auto signature = ParseSignature(bytes);
  EXPECT_FALSE(signature) << "parsed unexpectedly";
  return signature ? Error{} : signature.error();
}

TEST(Signature, ParsesGceRsassaSignatures) {
  for (const char* bank : {"sha1", "sha256", "sha384"}) {
    const Signature signature =
        ParseSignature(testing::ReadFixture(std::string("tpm/gce-cos85-quote-") + bank + ".sig"))
            .value();
    EXPECT_EQ(signature.scheme, SignatureScheme::kRsassa);
    EXPECT_EQ(signature.hash, HashAlg::kSha256);
    EXPECT_EQ(signature.rsa_signature.size(), 256u);
    EXPECT_TRUE(signature.ecdsa_r.empty());
  }
  EXPECT_EQ(ParseSignature(test::TrusteeQuoteField("signature")).value().rsa_signature.size(),
            256u);
}

TEST(Signature, ParsesEcdsaAndRsapss) {
  const Signature ecdsa = ParseSignature(EcdsaSignature(48, 47)).value();
  EXPECT_EQ(ecdsa.scheme, SignatureScheme::kEcdsa);
  EXPECT_EQ(ecdsa.hash, HashAlg::kSha384);
  EXPECT_EQ(ecdsa.ecdsa_r, Bytes(48, 0x11));
  EXPECT_EQ(ecdsa.ecdsa_s, Bytes(47, 0x22));

  Bytes pss = testing::ReadFixture("tpm/gce-cos85-quote-sha256.sig");
  test::PutBe16(pss, 0, kAlgRsapss);
  EXPECT_EQ(ParseSignature(pss).value().scheme, SignatureScheme::kRsapss);
  EXPECT_EQ(SignatureSchemeName(SignatureScheme::kRsapss), "rsapss");
}

TEST(Signature, EveryTruncationFails) {
  for (const Bytes& full :
       {testing::ReadFixture("tpm/gce-cos85-quote-sha1.sig"), EcdsaSignature(32, 32)}) {
    for (std::size_t size = 0; size < full.size(); ++size) {
      const Error error =
          ParseError(Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)));
      EXPECT_EQ(error.code, ErrorCode::kMalformed) << size;
      EXPECT_EQ(error.message.rfind("truncated ", 0), 0u) << size << ": " << error.message;
    }
  }
}

TEST(Signature, TrailingBytesFail) {
  Bytes signature = EcdsaSignature(32, 32);
  signature.push_back(0);
  EXPECT_EQ(ParseError(signature).message, "1 trailing bytes after TPMT_SIGNATURE");
}

TEST(Signature, OtherSchemesAndHashesAreUnsupported) {
  Bytes ecdaa = EcdsaSignature(32, 32);
  test::PutBe16(ecdaa, 0, kAlgEcdaa);
  const Error scheme = ParseError(ecdaa);
  EXPECT_EQ(scheme.code, ErrorCode::kUnsupported);
  EXPECT_EQ(scheme.message,
            "TPMT_SIGNATURE.sigAlg: expected 0x0014 (RSASSA), 0x0016 (RSAPSS) or 0x0018 (ECDSA), "
            "got 0x001a");

  Bytes sm3 = EcdsaSignature(32, 32);
  test::PutBe16(sm3, 2, 0x0012);
  const Error hash = ParseError(sm3);
  EXPECT_EQ(hash.code, ErrorCode::kUnsupported);
  EXPECT_EQ(hash.message,
            "TPMT_SIGNATURE.hash: hash algorithm 0x0012 is not supported (expected sha1, sha256, "
            "sha384 or sha512)");
}

TEST(Signature, SizesAboveTheirMaximumFail) {
  Bytes rsa = testing::ReadFixture("tpm/gce-cos85-quote-sha256.sig");
  test::PutBe16(rsa, 4, 0xFFFF);
  EXPECT_EQ(ParseError(rsa).message, "TPMS_SIGNATURE_RSA.sig size 65535 exceeds the maximum 512");
  Bytes r = EcdsaSignature(32, 32);
  test::PutBe16(r, 4, 0xFFFF);
  EXPECT_EQ(ParseError(r).message,
            "TPMS_SIGNATURE_ECC.signatureR size 65535 exceeds the maximum 128");
  Bytes s = EcdsaSignature(32, 32);
  test::PutBe16(s, 4 + 2 + 32, 0xFFFF);
  EXPECT_EQ(ParseError(s).message,
            "TPMS_SIGNATURE_ECC.signatureS size 65535 exceeds the maximum 128");
}

TEST(Signature, EmptyValuesFail) {
  EXPECT_EQ(ParseError(EcdsaSignature(0, 32)).message, "TPMS_SIGNATURE_ECC.signatureR is empty");
  EXPECT_EQ(ParseError(EcdsaSignature(32, 0)).message, "TPMS_SIGNATURE_ECC.signatureS is empty");
}

}  // namespace
}  // namespace veil::evidence::tpm
