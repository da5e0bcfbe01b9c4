#include "veil/agent/kbs_client/issued_certificate.h"

#include <gtest/gtest.h>

namespace veil::agent {
namespace {

constexpr const char* kAnswer = R"({"certificate": "LEAF", "ca_certificates": ["CA1", "CA0"],
  "serial": "1f2e", "not_after": "2026-12-06T20:00:00Z", "attestation_digest": "sha256:ab"})";

TEST(ReadIssuedCertificate, ReadsEveryMember) {
  auto issued = ReadIssuedCertificate(kAnswer);
  ASSERT_TRUE(issued) << issued.error().ToString();
  EXPECT_EQ(issued->certificate, "LEAF");
  EXPECT_EQ(issued->ca_certificates, (std::vector<std::string>{"CA1", "CA0"}));
  EXPECT_EQ(issued->serial, "1f2e");
  EXPECT_EQ(issued->not_after, "2026-12-06T20:00:00Z");
  EXPECT_EQ(issued->attestation_digest, "sha256:ab");
}

TEST(ReadIssuedCertificate, RefusesAnAnswerOfTheWrongShapeNamingTheMember) {
  const std::pair<std::string, const char*> cases[] = {
      {"[]", "is not a JSON object"},
      {R"({"ca_certificates": ["CA"], "serial": "1", "not_after": "t", "attestation_digest": "d"})",
       "certificate"},
      {R"({"certificate": "L", "serial": "1", "not_after": "t", "attestation_digest": "d"})",
       "ca_certificates must be a non-empty array"},
      {R"({"certificate": "L", "ca_certificates": [], "serial": "1", "not_after": "t",
           "attestation_digest": "d"})",
       "ca_certificates must be a non-empty array"},
      {R"({"certificate": "L", "ca_certificates": [1], "serial": "1", "not_after": "t",
           "attestation_digest": "d"})",
       "ca_certificates holds a number"},
      {R"({"certificate": "L", "ca_certificates": ["C"], "serial": 1, "not_after": "t",
           "attestation_digest": "d"})",
       "serial"},
  };
  for (const auto& [body, reason] : cases) {
    auto issued = ReadIssuedCertificate(body);
    ASSERT_FALSE(issued) << body;
    EXPECT_EQ(issued.error().code, ErrorCode::kMalformed) << body;
    EXPECT_NE(issued.error().message.find(reason), std::string::npos)
        << body << "\n=> " << issued.error().message;
  }
}

}  // namespace
}  // namespace veil::agent
