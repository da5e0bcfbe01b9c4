// EAR tokens: the claims built from an appraisal (the shape CoCo clients read), signing and
// verification with the trustee's key at an injected time, and the view the key broker reads back.

#include "veil/token/ear_token.h"

#include <gtest/gtest.h>

#include "veil/appraisal/sample/verify_sample.h"
#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/policy/default_policies.h"
#include "veil/testing/certificate_chain.h"

namespace veil::token {
namespace {

using nlohmann::json;

const TimePoint kNow = ParseRfc3339("2026-03-01T12:00:00Z").value();

class EarTokenTest : public ::testing::Test {
 protected:
  EarTokenTest()
      : report_data_(64, 0x5a),
        claims_(appraisal::sample::VerifySample(
                    json{{"svn", "1"}, {"report_data", Base64Encode(report_data_)}}.dump(),
                    report_data_)
                    .value()),
        appraisal_(policy::EvaluateAttestationPolicy(policy::DefaultAttestationPolicy(), claims_,
                                                     {}, kNow)),
        tee_key_(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value()),
        tee_jwk_(crypto::jose::PublicKeyToJwk(tee_key_.GetPublicKey()).value()),
        signer_(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value()) {}

  json Claims(std::optional<Bytes> init_data_digest = std::nullopt) {
    return BuildEarClaims({claims_, appraisal_, tee_jwk_, "bm9uY2U=", report_data_,
                           std::move(init_data_digest), nullptr, nullptr},
                          kNow, std::chrono::seconds(300));
  }

  Bytes report_data_;
  appraisal::VerifiedClaims claims_;
  policy::Appraisal appraisal_;
  crypto::PrivateKey tee_key_;
  json tee_jwk_;
  EarSigner signer_;
};

TEST_F(EarTokenTest, ClaimsCarryTheAppraisalTheEvidenceAndTheRuntimeData) {
  const json claims = Claims(Bytes(32, 0x11));
  EXPECT_EQ(claims["eat_profile"], kEatProfile);
  EXPECT_EQ(claims["iat"], UnixSeconds(kNow));
  EXPECT_EQ(claims["exp"], UnixSeconds(kNow) + 300);
  EXPECT_EQ(claims["jti"].get<std::string>().size(), 32u);
  const json& cpu0 = claims["submods"]["cpu0"];
  EXPECT_EQ(cpu0["ear.status"], "contraindicated");  // the default policy refuses sample
  EXPECT_EQ(cpu0["ear.appraisal-policy-id"], "default");
  const json& annotated = cpu0["ear.veraison.annotated-evidence"];
  EXPECT_EQ(annotated["sample"]["insecure"], true);
  EXPECT_EQ(annotated["report_data"], HexEncode(report_data_));
  EXPECT_EQ(annotated["init_data"], HexEncode(Bytes(32, 0x11)));
  EXPECT_EQ(annotated["runtime_data_claims"]["tee-pubkey"], tee_jwk_);
  EXPECT_EQ(annotated["runtime_data_claims"]["nonce"], "bm9uY2U=");
  EXPECT_TRUE(
      Claims()["submods"]["cpu0"]["ear.veraison.annotated-evidence"]["init_data"].is_null());
  EXPECT_NE(Claims()["jti"], Claims()["jti"]);
}

// A Rego policy's extensions are members of the submod by name (CoCo's EAR appraisal
// extensions); Veil's policy language sets none.
TEST_F(EarTokenTest, AppraisalExtensionsAreSubmodMembers) {
  EXPECT_FALSE(Claims()["submods"]["cpu0"].contains("ear.trustee.identifiers"));
  appraisal_.extensions = {{"ear.trustee.identifiers", {{"validated", json::object()}}}};
  EXPECT_EQ(Claims()["submods"]["cpu0"]["ear.trustee.identifiers"],
            json({{"validated", json::object()}}));
  EXPECT_EQ(Claims()["submods"]["cpu0"]["ear.status"], "contraindicated");
}

TEST_F(EarTokenTest, ASignedTokenVerifiesUntilItExpires) {
  const json claims = Claims();
  const std::string token = signer_.Sign(claims).value();
  EXPECT_EQ(signer_.Verify(token, kNow).value(), claims);
  EXPECT_TRUE(signer_.Verify(token, kNow + std::chrono::seconds(299)));
  auto expired = signer_.Verify(token, kNow + std::chrono::seconds(300));
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(expired.error().context.rfind("attestation token", 0), 0u)
      << expired.error().ToString();
}

TEST_F(EarTokenTest, AnotherSignersOrAnAlteredTokenIsRefused) {
  const std::string token = signer_.Sign(Claims()).value();
  const EarSigner other(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value());
  EXPECT_FALSE(other.Verify(token, kNow));
  std::string altered = token;
  altered[token.find('.') + 5] = altered[token.find('.') + 5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(signer_.Verify(altered, kNow));
  EXPECT_FALSE(signer_.Verify("not.a.token", kNow));
}

TEST_F(EarTokenTest, TheJwksPublishesTheSigningKey) {
  const json jwks = signer_.Jwks();
  ASSERT_EQ(jwks["keys"].size(), 1u);
  const json& key = jwks["keys"][0];
  EXPECT_EQ(key["alg"], "ES256");
  EXPECT_EQ(key["use"], "sig");
  EXPECT_EQ(key["crv"], "P-256");
  EXPECT_FALSE(key.contains("d"));  // never the private part
  json public_jwk = key;
  public_jwk.erase("kid");
  public_jwk.erase("alg");
  public_jwk.erase("use");
  EXPECT_EQ(key["kid"], crypto::jose::JwkThumbprintSha256(public_jwk).value());
}

// A CoCo KBS (jsonwebtoken) reads the header's jwk as a complete key: alg included.
TEST_F(EarTokenTest, TheHeaderCarriesTheSameCompleteKeyAsTheJwks) {
  const std::string token = signer_.Sign(Claims()).value();
  const crypto::jose::Jwt decoded = crypto::jose::DecodeJwtUnverified(token).value();
  EXPECT_EQ(decoded.header["alg"], "ES256");
  EXPECT_EQ(decoded.header["jwk"], signer_.Jwks()["keys"][0]);
  EXPECT_EQ(decoded.header["kid"], decoded.header["jwk"]["kid"]);
  EXPECT_FALSE(decoded.header.contains("x5c"));
}

// A CoCo KBS that trusts a CA (trusted_certs_paths) accepts a token whose header jwk carries an
// x5c chain from that CA to the signing key.
TEST_F(EarTokenTest, ASignerWithACertificateChainSendsItAsX5c) {
  crypto::PrivateKey token_key =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  const std::vector<crypto::Certificate> chain =
      testing::IssueTestChain(token_key.GetPublicKey(), kNow);
  const crypto::Certificate& ca = chain[1];

  // A chain whose first certificate is for another key is refused.
  auto wrong = EarSigner::WithCertificateChain(
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value(), chain);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);

  const EarSigner signer = EarSigner::WithCertificateChain(std::move(token_key), chain).value();
  const crypto::jose::Jwt decoded =
      crypto::jose::DecodeJwtUnverified(signer.Sign(Claims()).value()).value();
  const json& x5c = decoded.header["jwk"]["x5c"];
  ASSERT_EQ(x5c.size(), 2u);
  EXPECT_EQ(decoded.header["x5c"], x5c);
  const crypto::Certificate sent =
      crypto::Certificate::FromDer(Base64Decode(x5c[0].get<std::string>()).value()).value();
  EXPECT_TRUE(sent.GetPublicKey().value().Equals(
      crypto::jose::PublicKeyFromJwk(decoded.header["jwk"]).value()));
  EXPECT_EQ(Base64Decode(x5c[1].get<std::string>()).value(), ca.Der());
  EXPECT_EQ(signer.Jwks()["keys"][0]["x5c"], x5c);
}

TEST_F(EarTokenTest, TheViewReadsWhatTheKeyBrokerNeeds) {
  const json claims = Claims();
  const EarView view = ReadEarView(claims).value();
  EXPECT_EQ(view.status, "contraindicated");
  EXPECT_EQ(view.tee, "sample");
  EXPECT_EQ(view.tee_claims["insecure"], true);
  EXPECT_EQ(view.policy_id, "default");
  EXPECT_EQ(view.tee_pubkey, tee_jwk_);
  EXPECT_EQ(view.token_id, claims["jti"]);
  EXPECT_TRUE(view.trust_vector.is_object());
  EXPECT_EQ(view.init_data, "");  // the guest presented no init-data
  EXPECT_EQ(ReadEarView(Claims(Bytes(32, 0x11))).value().init_data, HexEncode(Bytes(32, 0x11)));
}

TEST_F(EarTokenTest, TheViewRefusesAmbiguousOrIncompleteClaims) {
  json two_tees = Claims();
  two_tees["submods"]["cpu0"]["ear.veraison.annotated-evidence"]["snp"] = json::object();
  auto refused = ReadEarView(two_tees);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().ToString(), "ear: annotated evidence names two TEEs: sample and snp");

  json no_tee = Claims();
  no_tee["submods"]["cpu0"]["ear.veraison.annotated-evidence"].erase("sample");
  EXPECT_EQ(ReadEarView(no_tee).error().ToString(), "ear: annotated evidence names no TEE");

  json no_key = Claims();
  no_key["submods"]["cpu0"]["ear.veraison.annotated-evidence"]["runtime_data_claims"].erase(
      "tee-pubkey");
  EXPECT_FALSE(ReadEarView(no_key));
  json no_status = Claims();
  no_status["submods"]["cpu0"].erase("ear.status");
  EXPECT_FALSE(ReadEarView(no_status));
}

}  // namespace
}  // namespace veil::token
