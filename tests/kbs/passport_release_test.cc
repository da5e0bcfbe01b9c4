// GET /kbs/v0/resource with a token another attestation service issued (passport mode): a token
// in the exact shape CoCo's attestation service signs (EAR, header jwk without kid, no jti) is
// accepted when the owner trusts that service's JWKS, and the resource policy sees who vouched.

#include <gtest/gtest.h>

#include <fstream>

#include "kbs_harness.h"
#include "veil/base/hex.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/passport/passport_verifier.h"
#include "veil/testing/scratch_dir.h"

namespace veil::kbs {
namespace {

using nlohmann::json;

constexpr std::string_view kSecret = "released on another verifier's word";

std::int64_t Unix(TimePoint at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

// The claims CoCo's EAR broker (attestation-service/src/ear_token/broker.rs) issues for sample
// evidence: no jti, the TEE's claims and runtime data under annotated evidence.
json CocoEarClaims(const json& tee_pubkey, TimePoint now) {
  const json annotated = {{"sample", {{"svn", "1"}, {"launch_digest", "abcde"}}},
                          {"report_data", "AAAA"},
                          {"runtime_data_claims", {{"tee-pubkey", tee_pubkey}, {"nonce", "n"}}}};
  const json vector = {{"instance-identity", 0}, {"configuration", 2}, {"executables", 3},
                       {"file-system", 0},       {"hardware", 2},      {"runtime-opaque", 0},
                       {"storage-opaque", 0},    {"sourced-data", 0}};
  return {{"eat_profile", "tag:github.com,2024:confidential-containers/Trustee"},
          {"iat", Unix(now)},
          {"exp", Unix(now + std::chrono::minutes(5))},
          {"iss", "CoCo-Attestation-Service"},
          {"ear.verifier-id", {{"build", "attestation-service 0.1.0"}, {"developer", "CoCo"}}},
          {"submods",
           {{"cpu0",
             {{"ear.status", "affirming"},
              {"ear.trustworthiness-vector", vector},
              {"ear.appraisal-policy-id", "default"},
              {"ear.veraison.annotated-evidence", annotated}}}}}};
}

class PassportRelease : public ::testing::Test {
 protected:
  PassportRelease()
      : service_key_(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value()) {
    kbs_.PutSecret("team/key/db", kSecret);
    jwk_ = crypto::jose::PublicKeyToJwk(service_key_.GetPublicKey()).value();
    jwk_["alg"] = "ES256";
    jwks_file_ = (dir_ / "coco-as-jwks.json").string();
    std::ofstream(jwks_file_) << json{{"keys", {jwk_}}}.dump();
    verifier_ =
        passport::PassportVerifier::Create({.jwks = {jwks_file_}}, kbs_.clock.Now()).value();
    kbs_.context.passport = verifier_.get();
  }

  std::string CocoToken() {
    return crypto::jose::SignJwt(service_key_, {{"jwk", jwk_}},
                                 CocoEarClaims(guest_.tee_jwk(), kbs_.clock.Now()))
        .value();
  }

  http::Response Get(const std::optional<std::string>& bearer) {
    return kbs_.resources.Get(guest_.ResourceRequest("team/key/db", bearer));
  }

  testing::ScratchDir dir_{"passport-release"};
  KbsHarness kbs_;
  TestGuest guest_;
  crypto::PrivateKey service_key_;
  json jwk_;
  std::string jwks_file_;
  std::unique_ptr<passport::PassportVerifier> verifier_;
};

TEST_F(PassportRelease, ACocoAttestationServiceTokenReleasesUnderTheOwnersPolicy) {
  kbs_.SetResourcePolicy("coco-as",
                         "id: coco-as\nrules:\n  - resource: \"team/**\"\n"
                         "    allow_if:\n"
                         "      - {claim: attestation_service, equals: \"" +
                             jwks_file_ +
                             "\"}\n"
                             "      - {claim: status, equals: affirming}\n"
                             "      - {claim: claims.launch_digest, equals: abcde}\n");
  const std::string token = CocoToken();
  const http::Response response = Get(token);
  ASSERT_EQ(response.status, 200u) << response.body;
  EXPECT_EQ(guest_.Decrypt(Body(response)).value(), kSecret);

  // The release is audited with who vouched, and the token named by its digest (it has no jti).
  const auto entries = store::ReadAllAudit(kbs_.store).value();
  const json details = json::parse(entries.back().details);
  EXPECT_EQ(entries.back().action, "resource.release");
  EXPECT_EQ(details["attestation_service"], jwks_file_);
  EXPECT_EQ(details["token_id"],
            "sha256:" + HexEncode(crypto::Sha256(AsBytes(std::string_view(token)))));
}

TEST_F(PassportRelease, ThePolicyTellsOwnTokensFromForeignOnes) {
  kbs_.AllowSample();
  kbs_.SetResourcePolicy("own-only",
                         "id: own-only\nrules:\n  - resource: \"team/**\"\n"
                         "    allow_if:\n"
                         "      - {claim: attestation_service, equals: self}\n");
  const http::Response foreign = Get(CocoToken());
  EXPECT_EQ(Variant(foreign), "PolicyDeny") << foreign.body;
  EXPECT_NE(Detail(foreign).find("attestation_service"), std::string::npos) << foreign.body;
  const std::string own = Body(guest_.AttestSample(kbs_.rcar))["token"];
  EXPECT_EQ(Get(own).status, 200u);
}

TEST_F(PassportRelease, AForeignTokenMustStillBindTheTeeKeyAndBeUnexpired) {
  kbs_.SetResourcePolicy("any", "id: any\nrules: []\ndefault: allow\n");
  const std::string token = CocoToken();
  kbs_.clock.Set(kbs_.clock.Now() + std::chrono::minutes(6));
  const http::Response expired = Get(token);
  EXPECT_EQ(Variant(expired), "TokenNotFound") << expired.body;
  EXPECT_NE(Detail(expired).find("nor a trusted attestation service's"), std::string::npos)
      << expired.body;
  // A token whose TEE key is not the requester's releases only ciphertext for that key.
  kbs_.clock.Set(kbs_.clock.Now() - std::chrono::minutes(6));
  TestGuest stranger;
  const http::Response wrapped = kbs_.resources.Get(stranger.ResourceRequest("team/key/db", token));
  ASSERT_EQ(wrapped.status, 200u);
  EXPECT_FALSE(stranger.Decrypt(Body(wrapped)));
}

}  // namespace
}  // namespace veil::kbs
