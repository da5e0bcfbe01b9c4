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

}  // namespace
}  // namespace veil::kbs
