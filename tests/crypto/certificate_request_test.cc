// PKCS#10 certificate requests: OpenSSL-made requests parse, prove possession and give their
// names; tampered ones fail the proof; names other than DNS and URI are refused by name; the PEM
// reader takes exactly one bounded request; Veil-built requests round-trip through the parser.

#include "veil/crypto/certificate_request.h"

#include <gtest/gtest.h>

#include "openssl_made_requests.h"
#include "veil/crypto/certificate_request_builder.h"
#include "veil/crypto/private_key.h"

namespace veil::crypto {
namespace {

using Kind = SubjectAltName::Kind;

CertificateRequest Parsed(std::string_view pem) {
  return CertificateRequest::ParsePem(pem).value();
}

TEST(CertificateRequest, ReadsAnOpensslMadeRequest) {
  const auto request = CertificateRequest::ParsePem(test_requests::kP256DnsAndUri);
  ASSERT_TRUE(request) << request.error().ToString();
  EXPECT_TRUE(request->VerifySelfSignature());
  EXPECT_TRUE(request->public_key().value().IsEc(EcCurve::kP256));
  const std::vector<SubjectAltName> expected = {{Kind::kDns, "frontend.prod.svc.cluster.local"},
                                                {Kind::kUri, "spiffe://veil.example/web/frontend"}};
  EXPECT_EQ(request->subject_alt_names().value(), expected);
  EXPECT_EQ(request->Subject(), "CN=web");
  EXPECT_EQ(request->Pem(), test_requests::kP256DnsAndUri);
  EXPECT_EQ(CertificateRequest::ParseDer(request->Der()).value().Der(), request->Der());
}

TEST(CertificateRequest, ARequestWithoutNamesHasNone) {
  const CertificateRequest request = Parsed(test_requests::kNoSubjectAltName);
  EXPECT_TRUE(request.VerifySelfSignature());
  EXPECT_TRUE(request.subject_alt_names().value().empty());
}

TEST(CertificateRequest, ATamperedSignatureIsNoProofOfPossession) {
  Bytes der = Parsed(test_requests::kP256DnsAndUri).Der();
  der[der.size() - 3] ^= 0x01;  // inside the ECDSA signature's s
  const auto request = CertificateRequest::ParseDer(der);
  ASSERT_TRUE(request) << request.error().ToString();
  const Status verified = request->VerifySelfSignature();
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(verified.error().message.find(
                "the signature does not verify with the EC P-256 key it carries"),
            std::string::npos)
      << verified.error().message;
}

TEST(CertificateRequest, ATamperedNameIsNoProofOfPossessionEither) {
  Bytes der = Parsed(test_requests::kP256DnsAndUri).Der();
  const std::string_view uri = "spiffe://veil.example/web/frontend";
  const auto at = std::search(der.begin(), der.end(), uri.begin(), uri.end());
  ASSERT_NE(at, der.end());
  *(at + static_cast<std::ptrdiff_t>(uri.size() - 8)) = 'b';  // .../web/brontend
  const CertificateRequest request = CertificateRequest::ParseDer(der).value();
  EXPECT_EQ(request.subject_alt_names().value()[1].value, "spiffe://veil.example/web/brontend");
  EXPECT_EQ(request.VerifySelfSignature().error().code, ErrorCode::kVerificationFailed);
}

TEST(CertificateRequest, RefusesAnIpAddressNamingIt) {
  const auto names = Parsed(test_requests::kIpAddress).subject_alt_names();
  ASSERT_FALSE(names);
  EXPECT_EQ(names.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(names.error().ToString(),
            "certificate request: subjectAltName: IP address 10.0.0.1 is not allowed (only DNS "
            "names and URIs are)");
}

TEST(CertificateRequest, RefusesAnEmailAddressNamingIt) {
  const auto names = Parsed(test_requests::kEmailAddress).subject_alt_names();
  ASSERT_FALSE(names);
  EXPECT_EQ(names.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(names.error().message.find("email address ops@example.com is not allowed"),
            std::string::npos)
      << names.error().message;
}

// The request is well-formed and proves possession: the key's size is the issuer's to refuse.
TEST(CertificateRequest, ReportsAnRsa1024KeySoThatTheIssuerCanRefuseIt) {
  const CertificateRequest request = Parsed(test_requests::kRsa1024);
  EXPECT_TRUE(request.VerifySelfSignature());
  const PublicKey key = request.public_key().value();
  EXPECT_EQ(key.type(), KeyType::kRsa);
  EXPECT_EQ(key.bits(), 1024);
  EXPECT_EQ(key.Describe(), "RSA-1024");
}

TEST(CertificateRequest, RefusesASha1Signature) {
  const Status verified = Parsed(test_requests::kSha1Rsa2048).VerifySelfSignature();
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(verified.error().message.find("sha1WithRSAEncryption is not accepted"),
            std::string::npos)
      << verified.error().message;
}

TEST(CertificateRequest, RefusesAnOversizedPem) {
  std::string pem(test_requests::kP256DnsAndUri);
  pem.append(kMaxCertificateRequestPemSize + 1 - pem.size(), '\n');
  const auto request = CertificateRequest::ParsePem(pem);
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(request.error().message,
            "certificate request PEM: 65537 bytes, more than the 65536 accepted");
  pem.pop_back();  // exactly the bound: trailing blank lines are fine
  EXPECT_TRUE(CertificateRequest::ParsePem(pem));
}

TEST(CertificateRequest, RefusesTwoRequestsInOnePem) {
  const std::string two =
      std::string(test_requests::kP256DnsAndUri) + std::string(test_requests::kNoSubjectAltName);
  const auto request = CertificateRequest::ParsePem(two);
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error().message,
            "certificate request PEM: text after the request (exactly one request is accepted)");
}

TEST(CertificateRequest, RefusesOtherPemShapes) {
  const std::string request(test_requests::kP256DnsAndUri);
  const std::string certificate_block =
      "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
  for (const std::string& pem :
       {std::string(), std::string("  \n"), "comment\n" + request, certificate_block,
        request.substr(0, request.size() - 10), request + "trailing"}) {
    const auto parsed = CertificateRequest::ParsePem(pem);
    ASSERT_FALSE(parsed) << pem;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed) << pem;
  }
  EXPECT_NE(CertificateRequest::ParsePem(certificate_block)
                .error()
                .message.find("expected a \"CERTIFICATE REQUEST\" block, found \"CERTIFICATE\""),
            std::string::npos);
  EXPECT_TRUE(CertificateRequest::ParsePem("\n\n" + request + "\n\n"));
}

TEST(CertificateRequest, RefusesEveryTruncationAndTrailingBytes) {
  Bytes der = Parsed(test_requests::kP256DnsAndUri).Der();
  for (std::size_t size = 0; size < der.size(); ++size) {
    EXPECT_FALSE(CertificateRequest::ParseDer(ByteSpan(der).first(size))) << size;
  }
  der.push_back(0);
  EXPECT_EQ(CertificateRequest::ParseDer(der).error().message,
            "1 trailing bytes after DER certificate request");
}

TEST(CertificateRequest, RefusesOversizedDer) {
  const Bytes huge(kMaxCertificateRequestDerSize + 1, 0x30);
  EXPECT_EQ(CertificateRequest::ParseDer(huge).error().message,
            "certificate request: 32769 DER bytes, more than the 32768 accepted");
}

TEST(CertificateRequest, CopiesAreIndependentOfTheOriginal) {
  std::optional<CertificateRequest> original = Parsed(test_requests::kP256DnsAndUri);
  const CertificateRequest copy = *original;
  original.reset();
  EXPECT_TRUE(copy.VerifySelfSignature());
}

class BuiltRequest : public ::testing::TestWithParam<KeyAlgorithm> {};

TEST_P(BuiltRequest, RoundTripsThroughTheParser) {
  const PrivateKey key = PrivateKey::Generate(GetParam()).value();
  const std::vector<SubjectAltName> names = {{Kind::kUri, "spiffe://veil.example/web/frontend"},
                                             {Kind::kDns, "frontend.prod.svc.cluster.local"}};
  const auto built = BuildCertificateRequest(key, names);
  ASSERT_TRUE(built) << built.error().ToString();
  const CertificateRequest parsed = CertificateRequest::ParsePem(built->Pem()).value();
  EXPECT_TRUE(parsed.VerifySelfSignature());
  EXPECT_TRUE(parsed.public_key().value().Equals(key.GetPublicKey()));
  EXPECT_EQ(parsed.subject_alt_names().value(), names);
  EXPECT_EQ(parsed.Subject(), "");
}

INSTANTIATE_TEST_SUITE_P(Keys, BuiltRequest,
                         ::testing::Values(KeyAlgorithm::kEcP256, KeyAlgorithm::kEcP384,
                                           KeyAlgorithm::kRsa2048, KeyAlgorithm::kEd25519));

TEST(BuildCertificateRequest, RefusesNamesNoCertificateCouldCarry) {
  const PrivateKey key = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  const auto refusal = [&](std::vector<SubjectAltName> names) {
    auto built = BuildCertificateRequest(key, names);
    return built ? std::string("built") : built.error().message;
  };
  EXPECT_EQ(refusal({}), "subjectAltName: no names");
  EXPECT_EQ(refusal({{Kind::kDns, "*.prod.local"}}),
            "DNS name \"dns:*.prod.local\" is a wildcard (only exact names are issued)");
  EXPECT_EQ(refusal({{Kind::kDns, "Web.local"}}), "DNS name \"dns:Web.local\" is not lower case");
  EXPECT_EQ(refusal({{Kind::kDns, "a.local"}, {Kind::kDns, "a.local"}}),
            "subjectAltName: dns:a.local is listed twice");
  EXPECT_EQ(refusal({{Kind::kUri, "no-scheme"}}), "URI \"uri:no-scheme\" is not <scheme>:<rest>");
}

}  // namespace
}  // namespace veil::crypto
