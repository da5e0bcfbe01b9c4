#include "veil/crypto/jose/jws.h"

#include <gtest/gtest.h>

#include "veil/base/base64.h"
#include "veil/crypto/ecdsa_signature.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/signature.h"
#include "veil/crypto/signer.h"

namespace veil::crypto::jose {
namespace {

using nlohmann::json;

// RFC 7515 appendix A.3 (ES256) and RFC 8037 appendix A.4 (EdDSA).
constexpr std::string_view kRfc7515Es256 =
    "eyJhbGciOiJFUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cn"
    "VlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
constexpr std::string_view kRfc8037EdDsa =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
constexpr std::string_view kRfc8037Pem =
    "-----BEGIN PRIVATE "
    "KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";

PublicKey Rfc7515Key() {
  return PublicKeyFromJwk(json{{"kty", "EC"},
                               {"crv", "P-256"},
                               {"x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"},
                               {"y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}})
      .value();
}

PublicKey Rfc8037Key() {
  const json jwk = {
      {"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}};
  return PublicKeyFromJwk(jwk).value();
}

std::string Part(std::string_view token, int index) {
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
  const std::size_t end = token.find('.', start);
  return std::string(
      token.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
}

std::string Encode(std::string_view text) { return Base64UrlEncode(AsBytes(text)); }

// A token whose header is `header_json`, with the payload and signature of `token`.
std::string WithHeader(std::string_view token, std::string_view header_json) {
  return Encode(header_json) + "." + Part(token, 1) + "." + Part(token, 2);
}

Error VerifyError(std::string_view token, const PublicKey& key) {
  auto result = VerifyJws(token, key);
  EXPECT_FALSE(result) << token;
  return result ? Error{} : result.error();
}

// The signature as RFC 7515 prints it has a high S; (r, n - s) is the same signature, low-S.
std::string LowSFormOfRfc7515Es256() {
  const Bytes raw = Base64UrlDecode(Part(kRfc7515Es256, 2)).value();
  const Bytes low = EcdsaNormalizeLowS(EcCurve::kP256, raw).value();
  return Part(kRfc7515Es256, 0) + "." + Part(kRfc7515Es256, 1) + "." + Base64UrlEncode(low);
}

TEST(Jws, AcceptsTheHighSFormOnlyWhenAskedTo) {
  // RFC 7515's ES256 example is high-S, as about half of the signatures from signers that do not
  // normalise (a CoCo attestation service) are: kEither accepts it and its low-S twin alike.
  EXPECT_TRUE(VerifyJws(kRfc7515Es256, Rfc7515Key(), EcdsaSForm::kEither));
  EXPECT_TRUE(VerifyJws(LowSFormOfRfc7515Es256(), Rfc7515Key(), EcdsaSForm::kEither));
  EXPECT_FALSE(VerifyJws(kRfc7515Es256, Rfc7515Key(), EcdsaSForm::kLowOnly));
  // The form is the only thing relaxed: a wrong signature still fails.
  std::string tampered(kRfc7515Es256);
  tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyJws(tampered, Rfc7515Key(), EcdsaSForm::kEither));
}

TEST(Jws, RefusesTheHighSFormOfASignature) {
  const Bytes rfc = Base64UrlDecode(Part(kRfc7515Es256, 2)).value();
  const std::string rfc_input = Part(kRfc7515Es256, 0) + "." + Part(kRfc7515Es256, 1);
  // A valid ECDSA signature...
  ASSERT_TRUE(VerifyEcdsaRaw(Rfc7515Key(), DigestAlgorithm::kSha256, AsBytes(rfc_input),
                             ByteSpan(rfc).first(32), ByteSpan(rfc).subspan(32)));
  // ...that VerifyJws refuses because it is the high-S twin.
  ASSERT_FALSE(EcdsaIsLowS(EcCurve::kP256, ByteSpan(rfc).subspan(32)).value());
  EXPECT_EQ(VerifyError(kRfc7515Es256, Rfc7515Key()).message,
            "ES256 signature has a high S (s > n/2); only the low-S form of an ECDSA signature is "
            "accepted");
  // On every curve: a raw signature OpenSSL made with a high S is refused, its low-S form
  // accepted, and SignJws itself only ever produces the low-S form.
  for (auto [algorithm, curve, alg, digest] :
       {std::tuple{KeyAlgorithm::kEcP256, EcCurve::kP256, "ES256", DigestAlgorithm::kSha256},
        std::tuple{KeyAlgorithm::kEcP384, EcCurve::kP384, "ES384", DigestAlgorithm::kSha384},
        std::tuple{KeyAlgorithm::kEcP521, EcCurve::kP521, "ES512", DigestAlgorithm::kSha512}}) {
    const auto key = PrivateKey::Generate(algorithm).value();
    const std::size_t width = EcCoordinateSize(curve);
    const std::string input = Encode(json{{"alg", alg}}.dump()) + "." + Encode("payload");
    bool saw_high_s = false;
    for (int attempt = 0; attempt < 64 && !saw_high_s; ++attempt) {  // each is high-S with p = 1/2
      const Bytes raw = EcdsaDerToRaw(Sign(key, digest, AsBytes(input)).value(), width).value();
      if (EcdsaIsLowS(curve, ByteSpan(raw).subspan(width)).value()) continue;
      saw_high_s = true;
      EXPECT_EQ(VerifyError(input + "." + Base64UrlEncode(raw), key.GetPublicKey()).code,
                ErrorCode::kVerificationFailed);
      const Bytes low = EcdsaNormalizeLowS(curve, raw).value();
      EXPECT_TRUE(EcdsaIsLowS(curve, ByteSpan(low).subspan(width)).value());
      EXPECT_TRUE(VerifyJws(input + "." + Base64UrlEncode(low), key.GetPublicKey())) << alg;
    }
    EXPECT_TRUE(saw_high_s) << alg;
    for (int i = 0; i < 16; ++i) {
      const std::string token = SignJws(key, json::object(), AsBytes("payload")).value();
      const Bytes signature = Base64UrlDecode(Part(token, 2)).value();
      EXPECT_TRUE(EcdsaIsLowS(curve, ByteSpan(signature).subspan(width)).value()) << alg;
    }
  }
}

TEST(Jws, VerifiesRfc7515AppendixA3InItsLowSForm) {
  auto jws = VerifyJws(LowSFormOfRfc7515Es256(), Rfc7515Key());
  ASSERT_TRUE(jws) << jws.error().ToString();
  EXPECT_EQ(jws->header, (json{{"alg", "ES256"}}));
  EXPECT_EQ(std::string(jws->payload.begin(), jws->payload.end()),
            "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}");
}

TEST(Jws, VerifiesAndReproducesRfc8037AppendixA4) {
  auto jws = VerifyJws(kRfc8037EdDsa, Rfc8037Key());
  ASSERT_TRUE(jws) << jws.error().ToString();
  EXPECT_EQ(std::string(jws->payload.begin(), jws->payload.end()), "Example of Ed25519 signing");
  // Ed25519 is deterministic and our header serialization is canonical: the exact RFC token.
  const auto key = PrivateKey::FromPem(kRfc8037Pem).value();
  EXPECT_EQ(SignJws(key, nullptr, AsBytes("Example of Ed25519 signing")).value(), kRfc8037EdDsa);
}

TEST(Jws, RoundTripsEveryAlgorithm) {
  for (auto [algorithm, alg, signature_size] : {std::tuple{KeyAlgorithm::kEcP256, "ES256", 64u},
                                                std::tuple{KeyAlgorithm::kEcP384, "ES384", 96u},
                                                std::tuple{KeyAlgorithm::kEcP521, "ES512", 132u},
                                                std::tuple{KeyAlgorithm::kEd25519, "EdDSA", 64u}}) {
    const auto key = PrivateKey::Generate(algorithm).value();
    EXPECT_EQ(JwsAlgorithmFor(key.GetPublicKey()).value(), alg);
    auto token = SignJws(key, json{{"kid", "k1"}}, AsBytes("payload"));
    ASSERT_TRUE(token) << token.error().ToString();
    EXPECT_EQ(Base64UrlDecode(Part(*token, 2)).value().size(), signature_size) << alg;
    auto jws = VerifyJws(*token, key.GetPublicKey());
    ASSERT_TRUE(jws) << jws.error().ToString();
    EXPECT_EQ(jws->header, (json{{"alg", alg}, {"kid", "k1"}}));
    EXPECT_EQ(jws->payload, ToBytes(AsBytes("payload")));
  }
}

TEST(Jws, RejectsTamperingAndTheWrongKey) {
  const auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  const std::string token = SignJws(key, nullptr, AsBytes("payload")).value();
  const std::string other_payload = Part(token, 0) + "." + Encode("pAyload") + "." + Part(token, 2);
  EXPECT_EQ(VerifyError(other_payload, key.GetPublicKey()).code, ErrorCode::kVerificationFailed);
  const auto other = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  EXPECT_EQ(VerifyError(token, other.GetPublicKey()).code, ErrorCode::kVerificationFailed);
  // Same signature bytes under a re-encoded header (e.g. added whitespace) no longer verify.
  EXPECT_EQ(VerifyError(WithHeader(token, R"({ "alg":"ES256"})"), key.GetPublicKey()).code,
            ErrorCode::kVerificationFailed);
}

TEST(Jws, AlgorithmMustMatchTheKeyExactly) {
  const auto p256 = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  const auto p384 = PrivateKey::Generate(KeyAlgorithm::kEcP384).value();
  const auto ed = PrivateKey::Generate(KeyAlgorithm::kEd25519).value();
  const std::string es256 = SignJws(p256, nullptr, AsBytes("x")).value();
  const Error wrong_curve = VerifyError(es256, p384.GetPublicKey());
  EXPECT_EQ(wrong_curve.code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(wrong_curve.message,
            "JWS alg \"ES256\" does not match the verifying key (EC P-384 signs ES384)");
  EXPECT_EQ(VerifyError(es256, ed.GetPublicKey()).code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(VerifyError(WithHeader(es256, R"({"alg":"ES384"})"), p256.GetPublicKey()).code,
            ErrorCode::kVerificationFailed);
  // A caller asking SignJws for another algorithm than the key's is a bug.
  EXPECT_EQ(SignJws(p256, json{{"alg", "ES384"}}, AsBytes("x")).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_TRUE(SignJws(p256, json{{"alg", "ES256"}}, AsBytes("x")));
}

TEST(Jws, RefusesNoneHmacAndCrit) {
  const auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  const std::string token = SignJws(key, nullptr, AsBytes("x")).value();
  const Error none =
      VerifyError(Encode(R"({"alg":"none"})") + "." + Part(token, 1) + ".", key.GetPublicKey());
  EXPECT_EQ(none.code, ErrorCode::kUnsupported);
  EXPECT_EQ(none.message, "JWS alg \"none\" is refused (unsigned or symmetric)");
  // The classic confusion: an HS256 token "signed" with the public key as HMAC secret.
  EXPECT_EQ(VerifyError(WithHeader(token, R"({"alg":"HS256"})"), key.GetPublicKey()).code,
            ErrorCode::kUnsupported);
  EXPECT_EQ(VerifyError(WithHeader(token, R"({"alg":"ES256","crit":["b64"],"b64":false})"),
                        key.GetPublicKey())
                .code,
            ErrorCode::kUnsupported);
  const auto rsa = PrivateKey::Generate(KeyAlgorithm::kRsa2048).value();
  EXPECT_EQ(SignJws(rsa, nullptr, AsBytes("x")).error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(VerifyError(WithHeader(token, R"({"alg":"RS256"})"), rsa.GetPublicKey()).code,
            ErrorCode::kUnsupported);
}

TEST(Jws, RejectsMalformedTokens) {
  const PublicKey key = Rfc7515Key();
  const std::string h = Part(kRfc7515Es256, 0), p = Part(kRfc7515Es256, 1),
                    s = Part(kRfc7515Es256, 2);
  EXPECT_EQ(VerifyError(h + "." + p, key).message,
            "compact JWS must have exactly three '.'-separated parts");
  EXPECT_EQ(VerifyError(h + "." + p + "." + s + ".", key).code, ErrorCode::kMalformed);
  EXPECT_EQ(VerifyError("", key).code, ErrorCode::kMalformed);
  EXPECT_EQ(VerifyError(h + "=." + p + "." + s, key).message,
            "JWS header: base64url must not be padded with '='");
  EXPECT_EQ(VerifyError(h + "." + p + "." + s + "*", key).code, ErrorCode::kMalformed);
  EXPECT_EQ(VerifyError(Encode("not json") + "." + p + "." + s, key).code, ErrorCode::kMalformed);
  EXPECT_EQ(VerifyError(Encode(R"(["ES256"])") + "." + p + "." + s, key).message,
            "JWS header is not a JSON object (got array)");
  EXPECT_EQ(VerifyError(Encode(R"({"typ":"JWT"})") + "." + p + "." + s, key).message,
            "missing string member \"alg\"");
  EXPECT_EQ(VerifyError(Encode(R"({"alg":256})") + "." + p + "." + s, key).code,
            ErrorCode::kMalformed);
  EXPECT_EQ(VerifyError(Encode(R"({"alg":"ES256","alg":"none"})") + "." + p + "." + s, key).message,
            "invalid JSON: duplicate member name \"alg\"");
}

TEST(Jws, EcdsaSignatureMustBeRawFixedWidth) {
  const auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  const std::string token = SignJws(key, nullptr, AsBytes("x")).value();
  const std::string input = Part(token, 0) + "." + Part(token, 1);
  // A valid DER signature over the same input is not a JWS signature.
  const Bytes der = Sign(key, DigestAlgorithm::kSha256, AsBytes(input)).value();
  const Error error = VerifyError(input + "." + Base64UrlEncode(der), key.GetPublicKey());
  EXPECT_EQ(error.code, ErrorCode::kVerificationFailed);
  EXPECT_NE(error.message.find("expected 64 (raw r||s)"), std::string::npos) << error.message;
  EXPECT_EQ(VerifyError(input + ".", key.GetPublicKey()).code, ErrorCode::kVerificationFailed);
}

TEST(Jws, DecodesWithoutVerifying) {
  auto jws = DecodeJwsUnverified(kRfc7515Es256);
  ASSERT_TRUE(jws) << jws.error().ToString();
  EXPECT_EQ(jws->header["alg"], "ES256");
  // A forged signature still decodes: this function verifies nothing, by contract.
  const std::string forged =
      Part(kRfc7515Es256, 0) + "." + Part(kRfc7515Es256, 1) + "." + Encode("forged");
  EXPECT_TRUE(DecodeJwsUnverified(forged));
  EXPECT_FALSE(VerifyJws(forged, Rfc7515Key()));
  EXPECT_EQ(DecodeJwsUnverified("a.b").error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace veil::crypto::jose
