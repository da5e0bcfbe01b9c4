#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "veil/base/hex.h"
#include "veil/crypto/certificate_issuer.h"
#include "veil/crypto/chain.h"
#include "veil/workload_ca/serial.h"
#include "workload_ca_test_support.h"

namespace veil::workload_ca::test {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

TEST(SerialHex, ReadsSerialsAsOpensslPrintsThemAndRefusesWhatNoSerialIs) {
  EXPECT_EQ(ParseSerialHex("0ABCDEF").value(), 0xabcdefULL);  // `openssl x509 -serial`
  EXPECT_EQ(ParseSerialHex("abcdef").value(), 0xabcdefULL);
  EXPECT_EQ(ParseSerialHex("00000000000000007fffffffffffffff").value(), 0x7fffffffffffffffULL);
  EXPECT_FALSE(ParseSerialHex("0").has_value());
  EXPECT_FALSE(ParseSerialHex("").has_value());
  EXPECT_FALSE(ParseSerialHex("8000000000000000").has_value());  // 64 bits: never issued
  EXPECT_FALSE(ParseSerialHex("12g4").has_value());
}

class IssuerTest : public WorkloadCaTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(keyring_.EnsureCurrent());
    SetIdentityPolicy();
  }
  crypto::PrivateKey key_ = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  const std::vector<crypto::SubjectAltName> names_{Uri("spiffe://veil.example/web/frontend"),
                                                   Dns("web.local")};
};

TEST_F(IssuerTest, IssuesACertificateThatChainsToTheCaWithTheRequestedNamesAndAttestation) {
  const Attestation attestation = MakeAttestation(kT0 + minutes(5));
  const IssuedCertificate issued = issuer_.Issue(Csr(key_, names_), attestation).value();
  const crypto::Certificate& certificate = issued.certificate;

  const CaHandle ca = keyring_.Current().value();
  const std::vector<crypto::Certificate> roots{ca.certificate};
  EXPECT_TRUE(crypto::VerifyChain({certificate, {}, roots, kT0}));
  EXPECT_EQ(certificate.SubjectAltNames().value(), names_);
  EXPECT_TRUE(certificate.GetPublicKey().value().Equals(key_.GetPublicKey()));
  EXPECT_EQ(certificate.NotBefore(), kT0);
  EXPECT_EQ(certificate.NotAfter(), kT0 + hours(24));
  // The attestation-result extension: the SHA-256 of the token's text.
  const auto extension = certificate.ExtensionValue(kAttestationResultExtensionOid);
  ASSERT_TRUE(extension);
  EXPECT_EQ(*extension, crypto::EncodeDerOctetString(HexDecode(std::string(64, 'a')).value()));

  // Recorded with the attestation and audited before it was returned.
  const auto record = store_.GetWorkloadCertificate(issued.record.serial).value().value();
  EXPECT_EQ(record.names,
            (std::vector<std::string>{"uri:spiffe://veil.example/web/frontend", "dns:web.local"}));
  EXPECT_EQ(record.attestation_digest, attestation.token_digest);
  EXPECT_EQ(nlohmann::json::parse(record.attestation_result), attestation.claims);
  EXPECT_EQ(record.tee_identity, "tpm:ak1");
  EXPECT_EQ(record.ca_id, ca.record.id);
  EXPECT_EQ(SerialHex(ParseSerialHex(record.serial).value()), record.serial);
  const auto audit = Audit();
  EXPECT_EQ(audit.back().action, kIssueAction);
  EXPECT_EQ(audit.back().subject, record.serial);
  EXPECT_EQ(audit.back().actor, "tee:tpm:ak1");
  EXPECT_EQ(nlohmann::json::parse(audit.back().details)["rules"],
            nlohmann::json::array({"frontend"}));
}

TEST_F(IssuerTest, AcceptsRsa2048AndRefusesOtherKeyTypes) {
  const auto rsa = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kRsa2048).value();
  EXPECT_TRUE(issuer_.Issue(Csr(rsa, names_), MakeAttestation(kT0 + minutes(5))));
  for (auto algorithm : {crypto::KeyAlgorithm::kEcP384, crypto::KeyAlgorithm::kEd25519}) {
    const auto key = crypto::PrivateKey::Generate(algorithm).value();
    auto refused = issuer_.Issue(Csr(key, names_), MakeAttestation(kT0 + minutes(5)));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kUnsupported);
    EXPECT_NE(refused.error().message.find("expected an EC P-256 or RSA"), std::string::npos);
    EXPECT_EQ(Audit().back().action, kDenyAction);
  }
}

TEST_F(IssuerTest, RefusesANameThePolicyDoesNotAllowNamingTheRuleAndAuditsIt) {
  auto refused = issuer_.Issue(
      Csr(key_, {Uri("spiffe://veil.example/web/frontend"), Uri("spiffe://veil.example/db/main")}),
      MakeAttestation(kT0 + minutes(5)));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPolicyDenied);
  EXPECT_NE(refused.error().message.find("uri:spiffe://veil.example/db/main"), std::string::npos)
      << refused.error().message;
  const auto denial = Audit().back();
  EXPECT_EQ(denial.action, kDenyAction);
  EXPECT_EQ(denial.actor, "tee:tpm:ak1");
  const auto details = nlohmann::json::parse(denial.details);
  EXPECT_EQ(details["names"].size(), 2u);
  EXPECT_EQ(details["rule"], "default");
  EXPECT_TRUE(store_.ListWorkloadCertificates().value().empty());

  // A rule that matches the name but whose condition fails is named as the refusing rule.
  auto contraindicated =
      issuer_.Issue(Csr(key_, names_), MakeAttestation(kT0 + minutes(5), "contraindicated"));
  ASSERT_FALSE(contraindicated);
  EXPECT_NE(contraindicated.error().message.find("\"frontend\""), std::string::npos)
      << contraindicated.error().message;
  EXPECT_EQ(nlohmann::json::parse(Audit().back().details)["rule"], "frontend");
}

TEST_F(IssuerTest, WithoutAnIdentityPolicyNothingIsIssued) {
  testing::FakeStore empty(clock_);
  CaKeyring keyring(empty, sealer_, clock_, Options());
  ASSERT_TRUE(keyring.EnsureCurrent());
  CertificateIssuer issuer(keyring, empty, clock_);
  auto refused = issuer.Issue(Csr(key_, names_), MakeAttestation(kT0 + minutes(5)));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPolicyDenied);
  EXPECT_NE(refused.error().message.find("no identity policy is set"), std::string::npos);
}

TEST_F(IssuerTest, RefusesBadRequests) {
  auto garbage = issuer_.Issue("not a CSR", MakeAttestation(kT0 + minutes(5)));
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(Audit().back().action, kDenyAction);

  // A CSR whose signature does not verify: one byte of its signature flipped.
  const Bytes der = crypto::BuildCertificateRequest(key_, names_).value().Der();
  Bytes tampered = der;
  tampered[tampered.size() - 3] ^= 0x01;
  // The last bytes are the ECDSA signature's s: the request still parses.
  auto request = crypto::CertificateRequest::ParseDer(tampered);
  ASSERT_TRUE(request) << request.error().ToString();
  auto forged = issuer_.Issue(request->Pem(), MakeAttestation(kT0 + minutes(5)));
  ASSERT_FALSE(forged);
  EXPECT_EQ(forged.error().code, ErrorCode::kVerificationFailed);

  // Too many names.
  std::vector<crypto::SubjectAltName> many;
  for (int i = 0; i < 17; ++i) many.push_back(Dns("n" + std::to_string(i) + ".web.local"));
  auto crowded = issuer_.Issue(Csr(key_, many), MakeAttestation(kT0 + minutes(5)));
  ASSERT_FALSE(crowded);
  EXPECT_EQ(crowded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(crowded.error().message.find("at most 16 names, got 17"), std::string::npos);
}

// Made by `openssl req -new -nodes -keyout /dev/null -newkey ec -pkeyopt
// ec_paramgen_curve:P-256 -subj "/CN=web" -addext "subjectAltName=URI:spiffe://veil.example/web/
// frontend,URI:spiffe://veil.example/web/frontend"` (Veil's own builder refuses a repeated name).
constexpr std::string_view kRepeatedName = R"pem(-----BEGIN CERTIFICATE REQUEST-----
MIIBLjCB1AIBADAOMQwwCgYDVQQDDAN3ZWIwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAATV/16ec3S61paZ3RQmD+z1yLSlheNlxgsODCdpcfGO82iyHBFmBVBtaUMn
a9Sk5NK0fs3Y8MLmSM5jbaJ/9u8zoGQwYgYJKoZIhvcNAQkOMVUwUzBRBgNVHREE
SjBIhiJzcGlmZmU6Ly92ZWlsLmV4YW1wbGUvd2ViL2Zyb250ZW5khiJzcGlmZmU6
Ly92ZWlsLmV4YW1wbGUvd2ViL2Zyb250ZW5kMAoGCCqGSM49BAMCA0kAMEYCIQDg
5DpGMnyfmXw48vuyaye+ElEyFmWl1/mYD2vuooI0zQIhAIYTA7qShm4wq/vD6xbK
xr+C9++ejWapBdM9Xa+e6/Kg
-----END CERTIFICATE REQUEST-----
)pem";

// What the policy allows must also be signable and storable: a repeated name and a URI of the
// longest length a request may carry are decided before the policy, not after it.
TEST_F(IssuerTest, ChecksRepeatedAndLongNamesBeforeThePolicy) {
  auto repeated = issuer_.Issue(kRepeatedName, MakeAttestation(kT0 + minutes(5)));
  ASSERT_FALSE(repeated);
  EXPECT_EQ(repeated.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(repeated.error().message.find("uri:spiffe://veil.example/web/frontend is named twice"),
            std::string::npos)
      << repeated.error().message;
  EXPECT_EQ(Audit().back().action, kDenyAction);

  const std::string longest =
      "spiffe://veil.example/web/" +
      std::string(crypto::kMaxUriSize - std::string("spiffe://veil.example/web/").size(), 'a');
  auto issued = issuer_.Issue(Csr(key_, {Uri(longest)}), MakeAttestation(kT0 + minutes(5)));
  ASSERT_TRUE(issued) << issued.error().ToString();
  EXPECT_EQ(issued->record.names, std::vector<std::string>{"uri:" + longest});
}

TEST_F(IssuerTest, NotAfterNeverPassesTheTokenExpiryPlusTtlNorTheCa) {
  // A token that expired long ago would be refused by its verifier; the bound still holds.
  const Attestation old_token = MakeAttestation(kT0 - hours(20));
  EXPECT_EQ(issuer_.Issue(Csr(key_, names_), old_token).value().certificate.NotAfter(),
            kT0 + hours(4));
  // Near the CA's end, certificates end with it.
  clock_.Set(kT0 + hours(24 * 365) - hours(2));
  const auto near_end =
      issuer_.Issue(Csr(key_, names_), MakeAttestation(clock_.Now() + minutes(5))).value();
  EXPECT_EQ(near_end.certificate.NotAfter(), kT0 + hours(24 * 365));
  clock_.Set(kT0 + hours(24 * 365));
  auto expired_ca = issuer_.Issue(Csr(key_, names_), MakeAttestation(clock_.Now() + minutes(5)));
  ASSERT_FALSE(expired_ca);
  EXPECT_NE(expired_ca.error().message.find("rotate it"), std::string::npos);
}

TEST_F(IssuerTest, SerialsAreUniquePositiveAnd63Bits) {
  std::set<std::string> serials;
  for (int i = 0; i < 40; ++i) {
    const auto issued = issuer_.Issue(Csr(key_, names_), MakeAttestation(kT0 + minutes(5))).value();
    EXPECT_TRUE(serials.insert(issued.record.serial).second);
    EXPECT_LE(ParseSerialHex(issued.record.serial).value(), 0x7fffffffffffffffULL);
  }
  EXPECT_EQ(store_.ListWorkloadCertificates().value().size(), 40u);
}

TEST_F(IssuerTest, RenewalAfterRotationIsSignedByTheNewCa) {
  const auto before = issuer_.Issue(Csr(key_, names_), MakeAttestation(kT0 + minutes(5))).value();
  clock_.Set(kT0 + hours(1));
  const CaHandle rotated = keyring_.Rotate(hours(24), "admin:test").value();
  const auto after =
      issuer_.Issue(Csr(key_, names_), MakeAttestation(clock_.Now() + minutes(5), "affirming", 'b'))
          .value();
  EXPECT_NE(before.record.ca_id, after.record.ca_id);
  EXPECT_EQ(after.record.ca_id, rotated.record.id);
  const std::vector<crypto::Certificate> roots{rotated.certificate};
  EXPECT_TRUE(crypto::VerifyChain({after.certificate, {}, roots, clock_.Now()}));
  EXPECT_FALSE(crypto::VerifyChain({before.certificate, {}, roots, clock_.Now()}));
}

}  // namespace
}  // namespace veil::workload_ca::test
