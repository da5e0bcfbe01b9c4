#include "veil/crypto/ecdh.h"

#include <gtest/gtest.h>

#include "veil/base/base64.h"
#include "veil/crypto/concat_kdf.h"

namespace veil::crypto {
namespace {

Bytes B64u(std::string_view text) { return Base64UrlDecode(text).value(); }

// RFC 7518 appendix C: Alice's ephemeral P-256 key (d = 0_NxaRPU...) as PKCS#8, Bob's public key,
// and the shared secret Z they agree on.
constexpr std::string_view kAlicePem = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0/NxaRPUMQoAJt50
Gz8YiTr8gRTwyEaCumd+MToTmIqhRANCAASAjQYAgsF27tPndqSsWYzIZywXefl0
7sybA0EcpblJXUi1v8Un385T1qxxFSN9AxzP+HoFcLdzUKnlA+5zBaab
-----END PRIVATE KEY-----
)";
const Bytes kZ = {158, 86, 217, 29,  129, 113, 53,  211, 114, 131, 66,  131, 191, 132, 38,  156,
                  251, 49, 110, 163, 218, 128, 106, 72,  246, 218, 167, 121, 140, 254, 144, 196};

PublicKey BobPublicKey() {
  return PublicKey::FromEcPoint(EcCurve::kP256, B64u("weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ"),
                                B64u("e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck"))
      .value();
}

TEST(Ecdh, MatchesRfc7518AppendixC) {
  const auto alice = PrivateKey::FromPem(kAlicePem).value();
  auto z = EcdhSharedSecret(alice, BobPublicKey());
  ASSERT_TRUE(z) << z.error().ToString();
  EXPECT_EQ(ToBytes(z->span()), kZ);
}

TEST(ConcatKdf, MatchesRfc7518AppendixC) {
  // OtherInfo for "A128GCM", PartyUInfo "Alice", PartyVInfo "Bob", keydatalen 128.
  const Bytes other_info = {0,   0,   0,   7,   'A', '1', '2', '8', 'G', 'C', 'M', 0, 0, 0, 5,  'A',
                            'l', 'i', 'c', 'e', 0,   0,   0,   3,   'B', 'o', 'b', 0, 0, 0, 128};
  auto key = ConcatKdfSha256(kZ, 16, other_info);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(Base64UrlEncode(key->span()), "VqqN6vgjbSBcIijNcacQGg");
  // Longer outputs extend the same stream (counter 1, then 2).
  auto longer = ConcatKdfSha256(kZ, 48, other_info).value();
  EXPECT_EQ(ToBytes(longer.span().first(16)), ToBytes(key->span()));
}

TEST(ConcatKdf, RejectsBadArguments) {
  EXPECT_EQ(ConcatKdfSha256({}, 32, Bytes{1}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ConcatKdfSha256(kZ, 0, Bytes{1}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ConcatKdfSha256(kZ, (1u << 20) + 1, Bytes{1}).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(Ecdh, BothSidesAgreeOnEveryCurve) {
  for (auto [algorithm, size] :
       {std::pair{KeyAlgorithm::kEcP256, 32u}, std::pair{KeyAlgorithm::kEcP384, 48u},
        std::pair{KeyAlgorithm::kEcP521, 66u}}) {
    const auto a = PrivateKey::Generate(algorithm).value();
    const auto b = PrivateKey::Generate(algorithm).value();
    const SecretBytes ab = EcdhSharedSecret(a, b.GetPublicKey()).value();
    const SecretBytes ba = EcdhSharedSecret(b, a.GetPublicKey()).value();
    EXPECT_EQ(ab.size(), size);
    EXPECT_TRUE(ConstantTimeEquals(ab.span(), ba.span()));
  }
}

TEST(Ecdh, RejectsMismatchedCurvesAndKeyTypes) {
  const auto p256 = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  const auto p384 = PrivateKey::Generate(KeyAlgorithm::kEcP384).value();
  auto mismatch = EcdhSharedSecret(p256, p384.GetPublicKey());
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().message, "ECDH curves differ: own key is P-256, peer key is P-384");
  const auto ed = PrivateKey::Generate(KeyAlgorithm::kEd25519).value();
  EXPECT_EQ(EcdhSharedSecret(ed, p256.GetPublicKey()).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(EcdhSharedSecret(p256, ed.GetPublicKey()).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace veil::crypto
