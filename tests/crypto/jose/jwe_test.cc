#include "veil/crypto/jose/jwe.h"

#include <gtest/gtest.h>

#include <functional>

#include "veil/base/base64.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/rsa_oaep.h"
#include "veil/json/parse.h"

namespace veil::crypto::jose {
namespace {

using nlohmann::json;

const Bytes kSecret = {'t', 'o', 'p', ' ', 's', 'e', 'c', 'r', 'e', 't', 0, 0xff};

struct Recipient {
  PrivateKey key;
  json jwk;
};

Recipient MakeRecipient(KeyAlgorithm algorithm) {
  PrivateKey key = PrivateKey::Generate(algorithm).value();
  json jwk = PublicKeyToJwk(key.GetPublicKey()).value();
  return {std::move(key), std::move(jwk)};
}

json Header(const json& jwe) {
  const Bytes bytes = Base64UrlDecode(jwe["protected"].get<std::string>()).value();
  return json::parse(bytes.begin(), bytes.end());
}

std::string Encode(std::string_view text) { return Base64UrlEncode(AsBytes(text)); }

json Tampered(json jwe, const std::string& member) {
  Bytes bytes = Base64UrlDecode(jwe[member].get<std::string>()).value();
  bytes.at(bytes.size() / 2) ^= 0x01;
  jwe[member] = Base64UrlEncode(bytes);
  return jwe;
}

Error DecryptError(const PrivateKey& key, const json& jwe) {
  auto result = DecryptJwe(key, jwe);
  EXPECT_FALSE(result) << jwe.dump();
  return result ? Error{} : result.error();
}

class JweRoundTrip : public ::testing::TestWithParam<std::pair<KeyAlgorithm, const char*>> {};

TEST_P(JweRoundTrip, EncryptsToTheJwkAndDecryptsWithThePrivateKey) {
  const Recipient recipient = MakeRecipient(GetParam().first);
  auto jwe = EncryptJwe(recipient.jwk, kSecret);
  ASSERT_TRUE(jwe) << jwe.error().ToString();
  // Exactly the five members of docs/kbs-protocol.md section 3.
  std::vector<std::string> members;
  for (const auto& item : jwe->items()) members.push_back(item.key());
  EXPECT_EQ(members,
            (std::vector<std::string>{"ciphertext", "encrypted_key", "iv", "protected", "tag"}));
  EXPECT_EQ(Base64UrlDecode((*jwe)["iv"].get<std::string>()).value().size(), 12u);
  EXPECT_EQ(Base64UrlDecode((*jwe)["tag"].get<std::string>()).value().size(), 16u);
  EXPECT_EQ(Base64UrlDecode((*jwe)["ciphertext"].get<std::string>()).value().size(),
            kSecret.size());
  const json header = Header(*jwe);
  EXPECT_EQ(header["alg"], GetParam().second);
  EXPECT_EQ(header["enc"], "A256GCM");
  if (recipient.key.type() == KeyType::kEc) {
    EXPECT_EQ(Base64UrlDecode((*jwe)["encrypted_key"].get<std::string>()).value().size(),
              40u);  // wrapped 32 B
    const PublicKey epk = PublicKeyFromJwk(header["epk"]).value();
    EXPECT_EQ(epk.curve().value(), recipient.key.GetPublicKey().curve().value());
    EXPECT_EQ(header.size(), 3u);
  } else {
    EXPECT_EQ(header, (json{{"alg", "RSA-OAEP-256"}, {"enc", "A256GCM"}}));
  }
  auto plaintext = DecryptJwe(recipient.key, *jwe);
  ASSERT_TRUE(plaintext) << plaintext.error().ToString();
  EXPECT_EQ(ToBytes(plaintext->span()), kSecret);
  // Fresh CEK, IV and ephemeral key every time.
  const json again = EncryptJwe(recipient.jwk, kSecret).value();
  EXPECT_NE(again["iv"], (*jwe)["iv"]);
  EXPECT_NE(again["encrypted_key"], (*jwe)["encrypted_key"]);
}

std::string JweCaseName(
    const ::testing::TestParamInfo<std::pair<KeyAlgorithm, const char*>>& param_info) {
  static constexpr const char* kNames[] = {"P256", "P384", "P521", "RSA2048", "RSA3072"};
  return kNames[param_info.index];
}

INSTANTIATE_TEST_SUITE_P(EveryCurveAndRsa, JweRoundTrip,
                         ::testing::Values(std::pair{KeyAlgorithm::kEcP256, "ECDH-ES+A256KW"},
                                           std::pair{KeyAlgorithm::kEcP384, "ECDH-ES+A256KW"},
                                           std::pair{KeyAlgorithm::kEcP521, "ECDH-ES+A256KW"},
                                           std::pair{KeyAlgorithm::kRsa2048, "RSA-OAEP-256"},
                                           std::pair{KeyAlgorithm::kRsa3072, "RSA-OAEP-256"}),
                         JweCaseName);

TEST(Jwe, EncryptsEmptyAndLargePlaintexts) {
  const Recipient recipient = MakeRecipient(KeyAlgorithm::kEcP256);
  EXPECT_TRUE(DecryptJwe(recipient.key, EncryptJwe(recipient.jwk, {}).value()).value().empty());
  const Bytes large(1 << 20, 0xab);
  EXPECT_EQ(
      ToBytes(DecryptJwe(recipient.key, EncryptJwe(recipient.jwk, large).value()).value().span()),
      large);
}

TEST(Jwe, AcceptsTheTeePubkeyShapeOfTheKbsProtocol) {
  Recipient ec = MakeRecipient(KeyAlgorithm::kEcP256);
  ec.jwk["alg"] = "ECDH-ES+A256KW";
  EXPECT_TRUE(DecryptJwe(ec.key, EncryptJwe(ec.jwk, kSecret).value()));
  Recipient rsa = MakeRecipient(KeyAlgorithm::kRsa2048);
  rsa.jwk["alg"] = "RSA-OAEP-256";
  EXPECT_TRUE(DecryptJwe(rsa.key, EncryptJwe(rsa.jwk, kSecret).value()));
}

TEST(Jwe, RefusesRsa15AndMismatchedOrUnknownAlgorithms) {
  Recipient rsa = MakeRecipient(KeyAlgorithm::kRsa2048);
  rsa.jwk["alg"] = "RSA1_5";
  auto refused = EncryptJwe(rsa.jwk, kSecret);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(refused.error().message.find("padding-oracle"), std::string::npos);
  EXPECT_EQ(refused.error().context, "jwe");
  rsa.jwk["alg"] = "ECDH-ES+A256KW";
  EXPECT_EQ(EncryptJwe(rsa.jwk, kSecret).error().code, ErrorCode::kUnsupported);
  Recipient ec = MakeRecipient(KeyAlgorithm::kEcP384);
  ec.jwk["alg"] = "ECDH-ES";  // direct key agreement: not what the KBS protocol uses
  EXPECT_EQ(EncryptJwe(ec.jwk, kSecret).error().code, ErrorCode::kUnsupported);
  const Recipient ed = MakeRecipient(KeyAlgorithm::kEd25519);
  EXPECT_EQ(EncryptJwe(ed.jwk, kSecret).error().code, ErrorCode::kUnsupported);
}

TEST(Jwe, RefusesBadRecipientJwks) {
  Recipient ec = MakeRecipient(KeyAlgorithm::kEcP256);
  json with_private = ec.jwk;
  with_private["d"] = "AAAA";
  EXPECT_EQ(EncryptJwe(with_private, kSecret).error().code, ErrorCode::kMalformed);
  json missing = ec.jwk;
  missing.erase("y");
  EXPECT_EQ(EncryptJwe(missing, kSecret).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(EncryptJwe(json("not a jwk"), kSecret).error().code, ErrorCode::kMalformed);
}

class JweTamper : public ::testing::TestWithParam<KeyAlgorithm> {};

TEST_P(JweTamper, EveryAlteredPartFails) {
  const Recipient recipient = MakeRecipient(GetParam());
  const json jwe = EncryptJwe(recipient.jwk, kSecret).value();
  for (const char* member : {"ciphertext", "tag", "iv", "encrypted_key"}) {
    const Error error = DecryptError(recipient.key, Tampered(jwe, member));
    EXPECT_EQ(error.code, ErrorCode::kVerificationFailed) << member << ": " << error.ToString();
  }
  // The protected header is the AAD: a re-encoded but equivalent header breaks the tag.
  json reencoded = jwe;
  reencoded["protected"] = Encode(Header(jwe).dump(1));
  EXPECT_EQ(DecryptError(recipient.key, reencoded).message,
            "AES-256-GCM tag does not authenticate the ciphertext and AAD");
  // Swapping in another message's ciphertext and tag fails too.
  const json other = EncryptJwe(recipient.jwk, kSecret).value();
  json spliced = jwe;
  spliced["ciphertext"] = other["ciphertext"];
  spliced["tag"] = other["tag"];
  EXPECT_EQ(DecryptError(recipient.key, spliced).code, ErrorCode::kVerificationFailed);
}

INSTANTIATE_TEST_SUITE_P(EcAndRsa, JweTamper,
                         ::testing::Values(KeyAlgorithm::kEcP256, KeyAlgorithm::kRsa2048));

TEST(Jwe, WrongKeysFail) {
  const Recipient p256 = MakeRecipient(KeyAlgorithm::kEcP256);
  const json jwe = EncryptJwe(p256.jwk, kSecret).value();
  const Recipient other_p256 = MakeRecipient(KeyAlgorithm::kEcP256);
  EXPECT_EQ(DecryptError(other_p256.key, jwe).code, ErrorCode::kVerificationFailed);
  const Recipient p384 = MakeRecipient(KeyAlgorithm::kEcP384);
  EXPECT_EQ(DecryptError(p384.key, jwe).message,
            "\"epk\" is on P-256 but the recipient key is on P-384");
  const Recipient rsa = MakeRecipient(KeyAlgorithm::kRsa2048);
  const Error alg_confusion = DecryptError(rsa.key, jwe);
  EXPECT_EQ(alg_confusion.code, ErrorCode::kUnsupported);
  EXPECT_EQ(alg_confusion.message,
            "JWE alg \"ECDH-ES+A256KW\" does not fit RSA-2048 (expected RSA-OAEP-256)");
  const json rsa_jwe = EncryptJwe(rsa.jwk, kSecret).value();
  EXPECT_EQ(DecryptError(p256.key, rsa_jwe).code, ErrorCode::kUnsupported);
  const Recipient other_rsa = MakeRecipient(KeyAlgorithm::kRsa2048);
  EXPECT_EQ(DecryptError(other_rsa.key, rsa_jwe).message, "RSA-OAEP-256 decryption failed");
}

TEST(Jwe, RefusesUnsupportedHeadersAndMembers) {
  const Recipient recipient = MakeRecipient(KeyAlgorithm::kEcP256);
  const json jwe = EncryptJwe(recipient.jwk, kSecret).value();
  auto with_header = [&](const std::function<void(json&)>& edit) {
    json header = Header(jwe);
    edit(header);
    json changed = jwe;
    changed["protected"] = Encode(header.dump());
    return changed;
  };
  EXPECT_EQ(DecryptError(recipient.key, with_header([](json& h) { h["enc"] = "A128GCM"; })).message,
            "JWE enc \"A128GCM\" is not A256GCM");
  EXPECT_EQ(DecryptError(recipient.key, with_header([](json& h) { h["zip"] = "DEF"; })).message,
            "JWE header member \"zip\" is not supported");
  EXPECT_EQ(DecryptError(recipient.key, with_header([](json& h) { h["crit"] = {"exp"}; })).code,
            ErrorCode::kUnsupported);
  const Error rsa15 =
      DecryptError(recipient.key, with_header([](json& h) { h["alg"] = "RSA1_5"; }));
  EXPECT_EQ(rsa15.code, ErrorCode::kUnsupported);
  EXPECT_NE(rsa15.message.find("padding-oracle"), std::string::npos);
  EXPECT_EQ(DecryptError(recipient.key, with_header([](json& h) { h["alg"] = "dir"; })).code,
            ErrorCode::kUnsupported);
  EXPECT_EQ(DecryptError(recipient.key, with_header([](json& h) { h.erase("epk"); })).message,
            "ECDH-ES+A256KW needs an \"epk\" header member");
  EXPECT_EQ(DecryptError(recipient.key, with_header([](json& h) { h["epk"]["d"] = "AAAA"; })).code,
            ErrorCode::kMalformed);
  EXPECT_EQ(
      DecryptError(recipient.key, with_header([](json& h) { h["epk"]["x"] = h["epk"]["y"]; })).code,
      ErrorCode::kMalformed);  // off the curve
  EXPECT_EQ(DecryptError(recipient.key, with_header([](json& h) { h.erase("enc"); })).message,
            "missing string member \"enc\"");
  for (const char* member : {"aad", "header", "unprotected", "recipients", "extra"}) {
    json changed = jwe;
    changed[member] = json::object();
    EXPECT_EQ(DecryptError(recipient.key, changed).code, ErrorCode::kUnsupported) << member;
  }
}

TEST(Jwe, RefusesMalformedMembers) {
  const Recipient recipient = MakeRecipient(KeyAlgorithm::kEcP256);
  const json jwe = EncryptJwe(recipient.jwk, kSecret).value();
  for (const char* member : {"protected", "encrypted_key", "iv", "ciphertext", "tag"}) {
    json missing = jwe;
    missing.erase(member);
    EXPECT_EQ(DecryptError(recipient.key, missing).message,
              "missing string member \"" + std::string(member) + "\"");
    json mistyped = jwe;
    mistyped[member] = 1;
    EXPECT_EQ(DecryptError(recipient.key, mistyped).code, ErrorCode::kMalformed) << member;
    json padded = jwe;
    padded[member] = padded[member].get<std::string>() + "=";
    EXPECT_EQ(DecryptError(recipient.key, padded).code, ErrorCode::kMalformed) << member;
    json bad_alphabet = jwe;
    bad_alphabet[member] = "+/+/";
    EXPECT_EQ(DecryptError(recipient.key, bad_alphabet).code, ErrorCode::kMalformed) << member;
  }
  json short_iv = jwe;
  short_iv["iv"] = Base64UrlEncode(Bytes(8, 0));
  EXPECT_EQ(DecryptError(recipient.key, short_iv).message, "JWE \"iv\" of 8 bytes, expected 12");
  json short_tag = jwe;
  short_tag["tag"] = Base64UrlEncode(Bytes(12, 0));
  EXPECT_EQ(DecryptError(recipient.key, short_tag).message, "JWE \"tag\" of 12 bytes, expected 16");
  json short_key = jwe;
  short_key["encrypted_key"] = Base64UrlEncode(Bytes(16, 0));
  EXPECT_EQ(DecryptError(recipient.key, short_key).code, ErrorCode::kMalformed);
  json header_not_object = jwe;
  header_not_object["protected"] = Encode("[]");
  EXPECT_EQ(DecryptError(recipient.key, header_not_object).message,
            "JWE protected header is not a JSON object (got array)");
  EXPECT_EQ(DecryptError(recipient.key, json::array()).code, ErrorCode::kMalformed);
}

TEST(Jwe, RefusesAContentKeyOfTheWrongLength) {
  // An RSA-OAEP-256 JWE whose encrypted_key carries a 16-byte CEK under an A256GCM header.
  const Recipient rsa = MakeRecipient(KeyAlgorithm::kRsa2048);
  json jwe = EncryptJwe(rsa.jwk, kSecret).value();
  jwe["encrypted_key"] =
      Base64UrlEncode(RsaOaepSha256Encrypt(rsa.key.GetPublicKey(), Bytes(16, 7)).value());
  EXPECT_EQ(DecryptError(rsa.key, jwe).message,
            "JWE content encryption key of 16 bytes, expected 32");
}

}  // namespace
}  // namespace veil::crypto::jose
