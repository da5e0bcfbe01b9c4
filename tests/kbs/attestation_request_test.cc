#include "veil/kbs/attestation_request.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"

namespace veil::kbs {
namespace {

const char* const kRequest = R"({
  "runtime-data": {"nonce": "abc=", "tee-pubkey": {"kty": "EC", "crv": "P-256", "alg": "ECDH-ES+A256KW", "x": "AA", "y": "BB"}},
  "tee-evidence": {"primary_evidence": {"svn": "1"}, "additional_evidence": ""}
})";

TEST(AttestationRequest, ParsesTheCocoShape) {
  const AttestationRequest request = ParseAttestationRequest(kRequest).value();
  EXPECT_EQ(request.nonce, "abc=");
  EXPECT_EQ(request.tee_pubkey["crv"], "P-256");
  EXPECT_EQ(request.primary_evidence["svn"], "1");
  EXPECT_FALSE(request.init_data_toml);
}

TEST(AttestationRequest, ReportDataIsSha384OfTheJcsBinding) {
  const AttestationRequest request = ParseAttestationRequest(kRequest).value();
  const Bytes report_data = ExpectedReportData(request).value();
  ASSERT_EQ(report_data.size(), 64u);
  // sha384 of
  // {"additional-evidence":"","nonce":"abc=","tee-pubkey":{"alg":"ECDH-ES+A256KW","crv":"P-256","kty":"EC","x":"AA","y":"BB"}}
  // computed independently with Python's hashlib over that exact string.
  EXPECT_EQ(HexEncode(report_data),
            "ecd6ce189902423d3518201ad1a60d4a3529a0ccdaee2ac3c6877e4a8acd81a354a73853e775de1ab7b835"
            "41453fefd2" +
                std::string(32, '0'));
}

std::string WithPubkey(const nlohmann::json& jwk) {
  return nlohmann::json{{"runtime-data", {{"nonce", "n"}, {"tee-pubkey", jwk}}},
                        {"tee-evidence", {{"primary_evidence", nlohmann::json::object()}}}}
      .dump();
}

// A sample guest sent a tee-pubkey with 60,000 extra members (880 KB) and each session kept it.
TEST(AttestationRequest, RefusesATeePubkeyWithMembersItsKtyDoesNotNeed) {
  const nlohmann::json ec = {{"kty", "EC"}, {"crv", "P-256"}, {"alg", "ECDH-ES+A256KW"},
                             {"x", "AA"},   {"y", "BB"},      {"kid", "k"},
                             {"use", "enc"}};
  EXPECT_TRUE(ParseAttestationRequest(WithPubkey(ec)));
  EXPECT_TRUE(ParseAttestationRequest(WithPubkey({{"kty", "RSA"}, {"n", "AQAB"}, {"e", "AQAB"}})));
  EXPECT_TRUE(
      ParseAttestationRequest(WithPubkey({{"kty", "OKP"}, {"crv", "X25519"}, {"x", "AA"}})));

  nlohmann::json padded = ec;
  for (int i = 0; i < 60000; ++i) padded["m" + std::to_string(i)] = "x";
  auto refused = ParseAttestationRequest(WithPubkey(padded));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "tee-pubkey: expected only kty, alg, use, kid and the EC members, got \"m0\"");
  nlohmann::json rsa_with_ec = {{"kty", "RSA"}, {"n", "AQAB"}, {"e", "AQAB"}, {"x", "AA"}};
  EXPECT_FALSE(ParseAttestationRequest(WithPubkey(rsa_with_ec)));
  auto oct = ParseAttestationRequest(WithPubkey({{"kty", "oct"}, {"k", "AA"}}));
  ASSERT_FALSE(oct);
  EXPECT_EQ(oct.error().message, "tee-pubkey kty \"oct\" is not EC, RSA or OKP");
  nlohmann::json huge_kid = ec;
  huge_kid["kid"] = std::string(kMaxTeePubkeyBytes, 'k');
  auto big = ParseAttestationRequest(WithPubkey(huge_kid));
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message.find("expected at most 4096 bytes of JSON"), std::string::npos);
}

TEST(AttestationRequest, RejectsMalformedBodies) {
  for (
      const char* body :
      {"", "[]", "{}", R"({"runtime-data": {}})",
       R"({"runtime-data": {"nonce": 5, "tee-pubkey": {}}, "tee-evidence": {"primary_evidence": {}}})",
       R"({"runtime-data": {"nonce": "n", "tee-pubkey": "k"}, "tee-evidence": {"primary_evidence": {}}})",
       R"({"runtime-data": {"nonce": "n", "tee-pubkey": {}}, "tee-evidence": {}})",
       R"({"runtime-data": {"nonce": "n", "tee-pubkey": {}}, "tee-evidence": {"primary_evidence": {}, "additional_evidence": 7}})",
       R"({"init-data": {"format": "json", "body": "{}"}, "runtime-data": {"nonce": "n", "tee-pubkey": {}}, "tee-evidence": {"primary_evidence": {}}})"}) {
    auto parsed = ParseAttestationRequest(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed) << body;
  }
}

TEST(AuthRequest, NamesTheTeeOfAnAcceptedBody) {
  EXPECT_EQ(
      ParseAuthRequest(R"({"version": "0.4.0", "tee": "snp", "extra-params": ""})").value().tee,
      protocol::TeeKind::kSnp);
  const AuthRequest sample = ParseAuthRequest(R"({"version": "0.4.0", "tee": "sample"})").value();
  EXPECT_EQ(sample.tee, protocol::TeeKind::kSample);
  EXPECT_EQ(sample.binding_hash, protocol::BindingHash::kSha384);
  EXPECT_EQ(ParseAuthRequest(R"({"version": "0.4.0", "tee": "snp",
                                 "extra-params": {"supported-hash-algorithms": ["sha512"]}})")
                .value()
                .binding_hash,
            protocol::BindingHash::kSha512);
}

TEST(AuthRequest, RefusesOtherVersionsUnknownTeesAndMalformedBodies) {
  EXPECT_EQ(ParseAuthRequest(R"({"version": "0.3.0", "tee": "snp"})").error().message,
            "protocol version \"0.3.0\" is not supported (expected 0.4.0)");
  EXPECT_EQ(ParseAuthRequest(R"({"version": "0.4.0", "tee": "tdx"})").value().tee,
            protocol::TeeKind::kTdx);
  EXPECT_EQ(ParseAuthRequest(R"({"version": "0.4.0", "tee": "SNP"})").error().code,
            ErrorCode::kUnsupported);
  for (const char* body :
       {"", "[]", "{", R"({"tee": "snp"})", R"({"version": "0.4.0"})",
        R"({"version": 4, "tee": "snp"})", R"({"version": "0.4.0", "tee": 1})"}) {
    EXPECT_FALSE(ParseAuthRequest(body)) << body;
  }
}

}  // namespace
}  // namespace veil::kbs
