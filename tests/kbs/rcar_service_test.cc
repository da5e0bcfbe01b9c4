// POST /kbs/v0/auth and /kbs/v0/attest as units: every refusal of the RCAR handshake reached on
// purpose, with a fixed clock and the in-memory store (docs/kbs-protocol.md §1–2).

#include "veil/kbs/rcar_service.h"

#include <gtest/gtest.h>

#include "kbs_harness.h"
#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/protocol/tee_kind.h"

namespace veil::kbs {
namespace {

class RcarServiceTest : public ::testing::Test {
 protected:
  KbsHarness kbs_;
  TestGuest guest_;
};

void ExpectRefused(const http::Response& response, std::string_view variant,
                   std::string_view detail) {
  EXPECT_EQ(response.status, 401u) << response.body;
  EXPECT_EQ(Variant(response), variant) << response.body;
  EXPECT_NE(Detail(response).find(detail), std::string::npos)
      << "expected \"" << detail << "\" in: " << response.body;
}

// --- /auth ---------------------------------------------------------------------------------------

// CoCo's guests list every hash they support; SHA-384 is kept whenever listed (the challenge's
// extra-params stays "", as CoCo's KBS answers), another is selected only for a guest without it.
TEST_F(RcarServiceTest, AuthNegotiatesTheBindingHash) {
  const nlohmann::json coco = {{"supported-hash-algorithms", {"sha256", "sha384", "sha512"}}};
  http::Response response = guest_.Auth(kbs_.rcar, "sample", "0.4.0", coco);
  ASSERT_EQ(response.status, 200u) << response.body;
  EXPECT_EQ(Body(response)["extra-params"], "");

  response = guest_.Auth(kbs_.rcar, "sample", "0.4.0",
                         {{"supported-hash-algorithms", {"SHA256", "SHA512"}}});
  ASSERT_EQ(response.status, 200u) << response.body;
  EXPECT_EQ(Body(response)["extra-params"],
            (nlohmann::json{{"selected-hash-algorithm", "sha512"}}));
  const std::string nonce = guest_.nonce();
  // Evidence bound with SHA-384 is refused for this session; with SHA-512 it is attested.
  http::Response wrong = guest_.Attest(
      kbs_.rcar, guest_.AttestBody(nonce, TestGuest::SampleEvidence(guest_.ReportData(nonce))));
  EXPECT_EQ(wrong.status, 401u) << wrong.body;
  EXPECT_NE(Detail(wrong).find("report_data mismatch"), std::string::npos) << wrong.body;

  ASSERT_EQ(
      guest_.Auth(kbs_.rcar, "sample", "0.4.0", {{"supported-hash-algorithms", {"sha512"}}}).status,
      200u);
  const std::string fresh = guest_.nonce();
  const http::Response attested = guest_.Attest(
      kbs_.rcar, guest_.AttestBody(fresh, TestGuest::SampleEvidence(guest_.ReportData(
                                              fresh, crypto::DigestAlgorithm::kSha512))));
  EXPECT_EQ(attested.status, 200u) << attested.body;

  const http::Response none =
      guest_.Auth(kbs_.rcar, "sample", "0.4.0", {{"supported-hash-algorithms", {"md5"}}});
  EXPECT_EQ(none.status, 401u);
  EXPECT_NE(Detail(none).find("none of the guest's supported-hash-algorithms"), std::string::npos)
      << none.body;
  EXPECT_EQ(
      guest_.Auth(kbs_.rcar, "sample", "0.4.0", {{"supported-hash-algorithms", "sha384"}}).status,
      401u);
}

TEST_F(RcarServiceTest, AuthIssuesASessionCookieAndAFreshNonce) {
  const http::Response response = guest_.Auth(kbs_.rcar, "sample");
  ASSERT_EQ(response.status, 200u) << response.body;
  EXPECT_EQ(Base64Decode(guest_.nonce()).value().size(), 32u);
  EXPECT_EQ(Body(response)["extra-params"], "");
  const auto cookie = response.headers.Get("Set-Cookie");
  ASSERT_TRUE(cookie);
  EXPECT_EQ(*cookie,
            "kbs-session-id=" + guest_.cookie() + "; Max-Age=300; HttpOnly; SameSite=Strict");

  const Session session = kbs_.sessions.Find(guest_.cookie()).value();
  EXPECT_EQ(session.tee, protocol::TeeKind::kSample);
  EXPECT_EQ(session.nonce, guest_.nonce());
  EXPECT_FALSE(session.nonce_used);

  TestGuest other;
  ASSERT_EQ(other.Auth(kbs_.rcar, "sample").status, 200u);
  EXPECT_NE(other.cookie(), guest_.cookie());
  EXPECT_NE(other.nonce(), guest_.nonce());
}

TEST_F(RcarServiceTest, AuthRefusesOtherProtocolVersions) {
  ExpectRefused(guest_.Auth(kbs_.rcar, "sample", "0.3.0"), "AttestationError",
                "protocol version \"0.3.0\" is not supported (expected 0.4.0)");
  EXPECT_EQ(kbs_.sessions.size(), 0u);
}

TEST_F(RcarServiceTest, AuthRefusesUnknownTees) {
  ExpectRefused(guest_.Auth(kbs_.rcar, "SNP"), "AttestationError",
                "TEE \"SNP\" is unknown (expected one of snp, tdx, sgx, tpm, sample)");
  EXPECT_EQ(kbs_.sessions.size(), 0u);
}

TEST_F(RcarServiceTest, AuthRefusesAMalformedBody) {
  for (const char* body : {"", "[]", "{\"version\": \"0.4.0\"}", "{\"tee\": \"snp\"}"}) {
    const http::Response response = kbs_.rcar.Auth(MakeRequest("POST", "/kbs/v0/auth", body));
    EXPECT_EQ(response.status, 401u) << body;
    EXPECT_EQ(Variant(response), "AttestationError") << body;
  }
  EXPECT_EQ(kbs_.sessions.size(), 0u);
}

// --- /attest: the session ------------------------------------------------------------------------

TEST_F(RcarServiceTest, AttestWithoutACookieIsRefused) {
  ASSERT_EQ(guest_.Auth(kbs_.rcar, "sample").status, 200u);
  const std::string nonce = guest_.nonce();
  guest_.set_cookie("");
  ExpectRefused(
      guest_.Attest(kbs_.rcar,
                    guest_.AttestBody(nonce, TestGuest::SampleEvidence(guest_.ReportData(nonce)))),
      "AttestationError", "no kbs-session-id cookie: call /auth first");
}

TEST_F(RcarServiceTest, AttestWithAnUnknownSessionIsRefused) {
  ASSERT_EQ(guest_.Auth(kbs_.rcar, "sample").status, 200u);
  const std::string nonce = guest_.nonce();
  guest_.set_cookie("0123456789abcdef0123456789abcdef");
  ExpectRefused(
      guest_.Attest(kbs_.rcar,
                    guest_.AttestBody(nonce, TestGuest::SampleEvidence(guest_.ReportData(nonce)))),
      "AttestationError", "no session 0123456789abcdef0123456789abcdef");
}

TEST_F(RcarServiceTest, AttestAfterTheSessionExpiredIsRefused) {
  ASSERT_EQ(guest_.Auth(kbs_.rcar, "sample").status, 200u);
  const nlohmann::json body = guest_.AttestBody(
      guest_.nonce(), TestGuest::SampleEvidence(guest_.ReportData(guest_.nonce())));
  kbs_.clock.Set(kbs_.clock.Now() + kSessionTtl);
  ExpectRefused(guest_.Attest(kbs_.rcar, body), "AttestationError",
                "session " + guest_.cookie() + " has expired");
  // One second earlier the same request would have been accepted.
  kbs_.clock.Set(kbs_.clock.Now() - std::chrono::seconds(1));
  EXPECT_EQ(guest_.Attest(kbs_.rcar, body).status, 200u);
}

// --- /attest: the nonce and the binding ----------------------------------------------------------

TEST_F(RcarServiceTest, AttestWithAnotherNonceIsRefusedAndDoesNotSpendTheChallenge) {
  ASSERT_EQ(guest_.Auth(kbs_.rcar, "sample").status, 200u);
  const std::string wrong = Base64Encode(Bytes(32, 0x5a));
  ExpectRefused(
      guest_.Attest(kbs_.rcar,
                    guest_.AttestBody(wrong, TestGuest::SampleEvidence(guest_.ReportData(wrong)))),
      "AttestationError", "runtime-data nonce does not match the session's challenge");
  EXPECT_FALSE(kbs_.sessions.Find(guest_.cookie()).value().nonce_used);

  const std::string nonce = guest_.nonce();
  EXPECT_EQ(guest_
                .Attest(kbs_.rcar, guest_.AttestBody(
                                       nonce, TestGuest::SampleEvidence(guest_.ReportData(nonce))))
                .status,
            200u);
}

TEST_F(RcarServiceTest, ANonceIsSpentByAFailedAttestation) {
  ASSERT_EQ(guest_.Auth(kbs_.rcar, "sample").status, 200u);
  const std::string nonce = guest_.nonce();
  // Evidence that binds nothing: the appraisal refuses it, after the nonce was consumed.
  ExpectRefused(
      guest_.Attest(kbs_.rcar, guest_.AttestBody(nonce, TestGuest::SampleEvidence(Bytes(64, 0)))),
      "AttestationError", "report_data mismatch");
  EXPECT_TRUE(kbs_.sessions.Find(guest_.cookie()).value().nonce_used);

  // Correct evidence for the same challenge is now a replay.
  ExpectRefused(
      guest_.Attest(kbs_.rcar,
                    guest_.AttestBody(nonce, TestGuest::SampleEvidence(guest_.ReportData(nonce)))),
      "AttestationError", "the nonce of session " + guest_.cookie() + " was already used");
}

TEST_F(RcarServiceTest, EvidenceBoundToAnotherKeyIsRefused) {
  ASSERT_EQ(guest_.Auth(kbs_.rcar, "sample").status, 200u);
  const std::string nonce = guest_.nonce();
  TestGuest thief;  // same challenge, but the evidence binds the thief's key, not ours
  const Bytes expected = guest_.ReportData(nonce);
  const Bytes bound = thief.ReportData(nonce);
  const http::Response response =
      guest_.Attest(kbs_.rcar, guest_.AttestBody(nonce, TestGuest::SampleEvidence(bound)));
  ExpectRefused(
      response, "AttestationError",
      "report_data mismatch: expected " + HexEncode(expected) + ", got " + HexEncode(bound));
  EXPECT_FALSE(kbs_.sessions.Find(guest_.cookie()).value().token);
}

TEST_F(RcarServiceTest, AttestRefusesAMalformedBodyOrTeeKey) {
  ASSERT_EQ(guest_.Auth(kbs_.rcar, "sample").status, 200u);
  http::Request request = MakeRequest("POST", "/kbs/v0/attest", "{\"runtime-data\":1}");
  request.headers.Add("Cookie", "kbs-session-id=" + guest_.cookie());
  EXPECT_EQ(Variant(kbs_.rcar.Attest(request)), "AttestationError");

  nlohmann::json body = guest_.AttestBody(
      guest_.nonce(), TestGuest::SampleEvidence(guest_.ReportData(guest_.nonce())));
  body["runtime-data"]["tee-pubkey"] = {{"kty", "EC"}, {"crv", "P-256"}};
  EXPECT_EQ(guest_.Attest(kbs_.rcar, body).status, 401u);
}

// --- /attest: the token --------------------------------------------------------------------------

TEST_F(RcarServiceTest, AttestIssuesAnEarTokenBoundToTheTeeKeyAndNonce) {
  const http::Response response = guest_.AttestSample(kbs_.rcar);
  ASSERT_EQ(response.status, 200u) << response.body;
  const std::string token = Body(response)["token"];
  const nlohmann::json claims = kbs_.signer.Verify(token, kbs_.clock.Now()).value();
  const auto& evidence = claims["submods"]["cpu0"]["ear.veraison.annotated-evidence"];
  EXPECT_EQ(evidence["runtime_data_claims"]["nonce"], guest_.nonce());
  EXPECT_TRUE(evidence.contains("sample"));
  // The built-in default policy does not trust sample evidence: the token says so.
  EXPECT_EQ(claims["submods"]["cpu0"]["ear.status"], "contraindicated");
  EXPECT_EQ(claims["exp"].get<std::int64_t>() - claims["iat"].get<std::int64_t>(), 300);

  const Session session = kbs_.sessions.Find(guest_.cookie()).value();
  EXPECT_EQ(session.token, token);
}

// Sample evidence does not bind init-data (CoCo's sample verifier does not check it either), so
// the token carries the document as presented, in CoCo's form and in Veil's.
TEST_F(RcarServiceTest, TheTokenCarriesInitDataClaimsInCocosFormAndVeils) {
  ASSERT_EQ(guest_.Auth(kbs_.rcar, "sample").status, 200u);
  nlohmann::json body = guest_.AttestBody(
      guest_.nonce(), TestGuest::SampleEvidence(guest_.ReportData(guest_.nonce())));
  body["init-data"] = {{"format", "toml"},
                       {"body",
                        "version = \"0.1.0\"\nalgorithm = \"sha256\"\n[data]\n"
                        "\"aa.toml\" = \"[token_configs.kbs]\\nurl = \\\"https://t\\\"\"\n"}};
  const http::Response response = guest_.Attest(kbs_.rcar, body);
  ASSERT_EQ(response.status, 200u) << response.body;
  const nlohmann::json claims =
      kbs_.signer.Verify(Body(response)["token"].get<std::string>(), kbs_.clock.Now()).value();
  const auto& evidence = claims["submods"]["cpu0"]["ear.veraison.annotated-evidence"];
  EXPECT_EQ(evidence["init_data_claims"]["aa.toml"]["token_configs"]["kbs"]["url"], "https://t");
  EXPECT_EQ(evidence["init_data_document"]["algorithm"], "sha256");
  EXPECT_TRUE(evidence["init_data_document"]["data"]["aa.toml"].is_string());
}

// GPU evidence next to the CPU's: bound into the report data, carried into the token unverified.
TEST_F(RcarServiceTest, AdditionalEvidenceIsBoundAndMarkedUnverified) {
  ASSERT_EQ(guest_.Auth(kbs_.rcar, "sample").status, 200u);
  const std::string nonce = guest_.nonce();
  const std::string gpu = R"({"nvgpu":{"evidence_list":[]}})";
  // Bound: evidence whose report data ignores the additional evidence is refused.
  const http::Response unbound = guest_.Attest(
      kbs_.rcar,
      guest_.AttestBody(nonce, TestGuest::SampleEvidence(guest_.ReportData(nonce)), gpu));
  EXPECT_EQ(unbound.status, 401u) << unbound.body;

  ASSERT_EQ(guest_.Auth(kbs_.rcar, "sample").status, 200u);
  const std::string fresh = guest_.nonce();
  const Bytes bound = guest_.ReportData(fresh, crypto::DigestAlgorithm::kSha384, gpu);
  const http::Response response =
      guest_.Attest(kbs_.rcar, guest_.AttestBody(fresh, TestGuest::SampleEvidence(bound), gpu));
  ASSERT_EQ(response.status, 200u) << response.body;
  const nlohmann::json claims =
      kbs_.signer.Verify(Body(response)["token"].get<std::string>(), kbs_.clock.Now()).value();
  const auto& device =
      claims["submods"]["cpu0"]["ear.veraison.annotated-evidence"]["additional_evidence"]["nvgpu"];
  EXPECT_EQ(device["verified"], false);
  EXPECT_EQ(device["evidence"], nlohmann::json::parse(R"({"evidence_list":[]})"));

  ASSERT_EQ(guest_.Auth(kbs_.rcar, "sample").status, 200u);
  const std::string third = guest_.nonce();
  const http::Response not_an_object = guest_.Attest(
      kbs_.rcar, guest_.AttestBody(third,
                                   TestGuest::SampleEvidence(guest_.ReportData(
                                       third, crypto::DigestAlgorithm::kSha384, "[]")),
                                   "[]"));
  EXPECT_EQ(not_an_object.status, 401u);
  EXPECT_NE(Detail(not_an_object).find("additional_evidence must be"), std::string::npos)
      << not_an_object.body;
}

// A Rego attestation policy reads CoCo's flattened claims: the TEE's claims under its name and
// the runtime data next to them; its trust_claims become the token's vector and status.
TEST_F(RcarServiceTest, ARegoAttestationPolicySeesCocosFlattenedClaims) {
  ASSERT_TRUE(
      kbs_.store.PutPolicy({store::PolicyKind::kAttestation, "default",
                            "package policy\n"
                            "default hardware := 97\n"
                            "hardware := 2 if {\n"
                            "  input.sample.svn == \"1\"\n"
                            "  is_string(input.runtime_data_claims.nonce)\n"
                            "  count(input.report_data) == 128\n"
                            "}\n"
                            "trust_claims := {\"hardware\": hardware}\n"},
                           {"admin", "policy.set", "attestation", nlohmann::json::object()}));
  const http::Response response = guest_.AttestSample(kbs_.rcar);
  ASSERT_EQ(response.status, 200u) << response.body;
  const nlohmann::json claims =
      kbs_.signer.Verify(Body(response)["token"].get<std::string>(), kbs_.clock.Now()).value();
  const auto& cpu0 = claims["submods"]["cpu0"];
  EXPECT_EQ(cpu0["ear.status"], "affirming") << cpu0.dump(2);
  EXPECT_EQ(cpu0["ear.trustworthiness-vector"]["hardware"], 2);
  EXPECT_EQ(cpu0["ear.appraisal-policy-id"], "default");
}

// As in CoCo, a Rego policy whose trust_claims is undefined refuses the attestation.
TEST_F(RcarServiceTest, ARegoPolicyThatSetsNoTrustClaimIsAFailedAttestation) {
  ASSERT_TRUE(
      kbs_.store.PutPolicy({store::PolicyKind::kAttestation, "default",
                            "package policy\ntrust_claims := {\"hardware\": 2} if { input.snp }\n"},
                           {"admin", "policy.set", "attestation", nlohmann::json::object()}));
  ExpectRefused(guest_.AttestSample(kbs_.rcar), "AttestationError", "trust_claims is undefined");
}

TEST_F(RcarServiceTest, RepeatedAttestReturnsTheSameToken) {
  kbs_.AllowSample();
  const http::Response first = guest_.AttestSample(kbs_.rcar);
  ASSERT_EQ(first.status, 200u) << first.body;
  kbs_.clock.Set(kbs_.clock.Now() + std::chrono::seconds(10));
  // Even a body that would not parse: the session is attested, its token is the answer.
  http::Request again = MakeRequest("POST", "/kbs/v0/attest", "{}");
  again.headers.Add("Cookie", "kbs-session-id=" + guest_.cookie());
  const http::Response second = kbs_.rcar.Attest(again);
  ASSERT_EQ(second.status, 200u) << second.body;
  EXPECT_EQ(Body(second)["token"], Body(first)["token"]);
}

TEST_F(RcarServiceTest, AttestationsAreCountedByOutcome) {
  ASSERT_EQ(guest_.AttestSample(kbs_.rcar).status, 200u);
  TestGuest other;
  ASSERT_EQ(other.Auth(kbs_.rcar, "sample").status, 200u);
  ASSERT_EQ(other
                .Attest(kbs_.rcar,
                        other.AttestBody(other.nonce(), TestGuest::SampleEvidence(Bytes(1, 1))))
                .status,
            401u);
  const std::string rendered = kbs_.metrics.Render();
  EXPECT_NE(rendered.find(R"(veil_attestations_total{status="contraindicated",tee="sample"} 1)"),
            std::string::npos)
      << rendered;
  EXPECT_NE(rendered.find(R"(veil_attestations_total{status="rejected",tee="sample"} 1)"),
            std::string::npos)
      << rendered;
}

}  // namespace
}  // namespace veil::kbs
