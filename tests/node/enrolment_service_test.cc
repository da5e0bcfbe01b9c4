// Node enrolment against a real TPM: swtpm manufactured with an EK certificate by its local CA,
// the agent's EK and AK (agent/attester/tpm), the trustee's EnrolmentService on an in-memory
// store. A TPM that activates the credential gets its AK bound; a wrong secret, an EK certificate
// of another CA, an AK that is not restricted, or an EK nobody registered bind nothing.

#include "veil/node/enrolment_service.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "veil/agent/attester/tpm/attestation_key.h"
#include "veil/agent/attester/tpm/credential_activation.h"
#include "veil/agent/attester/tpm/endorsement_key.h"
#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/node/tpm_keys.h"
#include "veil/testing/fake_store.h"
#include "veil/testing/swtpm.h"

namespace veil::node {
namespace {

using agent::tpm::AkAlgorithm;
using agent::tpm::EkAlgorithm;
using agent::tpm::EsysConnection;
using nlohmann::json;
using testing::Swtpm;

constexpr std::uint32_t kRsaEkCertificateIndex = 0x01c00002;

endorsement::tpm::EkTrustStore LocalCa(const Swtpm& tpm) {
  std::vector<crypto::Certificate> certificates;
  for (const auto& file : {tpm.LocalCaRoot(), tpm.LocalCaIssuer()}) {
    std::ifstream in(file);
    const std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto chain = crypto::Certificate::ChainFromPem(pem);
    EXPECT_TRUE(chain) << file << ": " << chain.error().ToString();
    if (chain) certificates.insert(certificates.end(), chain->begin(), chain->end());
  }
  return endorsement::tpm::EkTrustStore::FromCertificates(std::move(certificates)).value();
}

class EnrolmentServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (Swtpm** tpm : {&node_, &other_vendor_}) {
      auto started = Swtpm::Start({.ek_certificates = true});
      ASSERT_TRUE(started) << started.error().ToString();
      *tpm = std::move(*started).release();
    }
  }
  static void TearDownTestSuite() {
    delete node_;
    delete other_vendor_;
    node_ = other_vendor_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(node_, nullptr) << "swtpm did not start";
    trust_store_.emplace(LocalCa(*node_));
    // Before the keys are created: the tool run flushes every transient object it finds.
    auto certificate = node_->ReadNv(kRsaEkCertificateIndex);
    ASSERT_TRUE(certificate) << certificate.error().ToString();
    certificate_ = *certificate;
    auto connection = EsysConnection::Open(node_->tcti());
    ASSERT_TRUE(connection) << connection.error().ToString();
    tpm_.emplace(std::move(*connection));
    auto ek = agent::tpm::CreateEndorsementKey(*tpm_, EkAlgorithm::kRsa2048);
    ASSERT_TRUE(ek) << ek.error().ToString();
    ek_.emplace(std::move(*ek));
    auto ak = agent::tpm::CreateAttestationKey(*tpm_, AkAlgorithm::kEcP256);
    ASSERT_TRUE(ak) << ak.error().ToString();
    ak_.emplace(std::move(*ak));
  }
  void TearDown() override {
    ak_.reset();
    ek_.reset();
    tpm_.reset();
  }

  EnrolRequest Request() const {
    return {"edge-1", ek_->public_area, certificate_, ak_->public_area};
  }
  std::string AkDigest() const { return KeyDigest(ak_->key); }

  // What the agent does with a challenge: ActivateCredential in its TPM.
  ActivateRequest Activate(const json& challenge) const {
    const Bytes blob = Base64Decode(challenge.at("credential_blob").get<std::string>()).value();
    const Bytes secret = Base64Decode(challenge.at("encrypted_secret").get<std::string>()).value();
    auto recovered = agent::tpm::ActivateCredential(*tpm_, ak_->object, ek_->object, blob, secret);
    EXPECT_TRUE(recovered) << recovered.error().ToString();
    return {challenge.at("enrolment_id").get<std::string>(),
            recovered ? std::move(*recovered) : crypto::SecretBytes()};
  }

  static Swtpm* node_;
  static Swtpm* other_vendor_;
  // The local CA was made when swtpm started: the time is now, in whole seconds.
  FixedClock clock_{std::chrono::floor<std::chrono::seconds>(SystemClock().Now())};
  testing::FakeStore store_{clock_};
  EnrolmentTable table_{clock_};
  std::optional<endorsement::tpm::EkTrustStore> trust_store_;
  std::optional<EsysConnection> tpm_;
  std::optional<agent::tpm::EndorsementKey> ek_;
  std::optional<agent::tpm::AttestationKey> ak_;
  Bytes certificate_;
};
Swtpm* EnrolmentServiceTest::node_ = nullptr;
Swtpm* EnrolmentServiceTest::other_vendor_ = nullptr;

TEST_F(EnrolmentServiceTest, ATpmWhoseEkCertificateIsTrustedEnrolsItsAk) {
  EnrolmentService service(store_, &*trust_store_, table_, clock_);
  auto challenge = service.Challenge(Request());
  ASSERT_TRUE(challenge) << challenge.error().ToString();
  EXPECT_EQ(challenge->at("node"), "edge-1");
  EXPECT_EQ(challenge->at("expires"), FormatRfc3339(clock_.Now() + std::chrono::seconds(120)));
  EXPECT_TRUE(store_.ListNodes().value().empty());  // nothing before the answer

  auto answer = service.Answer(Activate(*challenge));
  ASSERT_TRUE(answer) << answer.error().ToString();
  EXPECT_EQ(*answer, (json{{"node", "edge-1"}, {"ak", AkDigest()}, {"state", "enrolled"}}));

  const auto node = store_.FindNodeByAk(AkDigest()).value();
  ASSERT_TRUE(node);
  EXPECT_EQ(node->identity.name, "edge-1");
  EXPECT_EQ(node->identity.ek_digest, LoadTpmPublicArea("EK", ek_->public_area)->digest);
  EXPECT_EQ(node->identity.ek_certificate, certificate_);
  EXPECT_EQ(node->state, store::NodeState::kEnrolled);
  const auto audit = store_.ReadAudit(1, 10).value();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "node.enrol");
  EXPECT_EQ(audit[0].actor, "node:edge-1");
  EXPECT_EQ(audit[0].subject, "edge-1");
  const json details = json::parse(audit[0].details);
  EXPECT_EQ(details.at("vouched_by"), "ek-certificate");
  EXPECT_EQ(details.at("ak"), AkDigest());

  // The enrolment id was single use.
  auto replay = service.Answer(Activate(*challenge));
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code, ErrorCode::kNotFound);
}

TEST_F(EnrolmentServiceTest, AWrongSecretIsRefusedAndBindsNothing) {
  EnrolmentService service(store_, &*trust_store_, table_, clock_);
  auto challenge = service.Challenge(Request());
  ASSERT_TRUE(challenge) << challenge.error().ToString();
  ActivateRequest answer = Activate(*challenge);
  answer.secret.mutable_span()[0] ^= 0x01;
  auto refused = service.Answer(answer);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(refused.error().message.find("the secret does not match the credential"),
            std::string::npos);
  EXPECT_TRUE(store_.ListNodes().value().empty());
  EXPECT_TRUE(store_.ReadAudit(1, 10).value().empty());
}

TEST_F(EnrolmentServiceTest, AnEkCertificateOfAnotherCaIsRefusedNamingTheCertificate) {
  ASSERT_NE(other_vendor_, nullptr);
  const endorsement::tpm::EkTrustStore other = LocalCa(*other_vendor_);
  EnrolmentService service(store_, &other, table_, clock_);
  auto refused = service.Challenge(Request());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed);
  const std::string fingerprint =
      HexEncode(crypto::Certificate::FromDer(certificate_).value().Sha256Fingerprint());
  EXPECT_NE(refused.error().message.find("EK certificate (issuer \""), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("SHA-256 " + fingerprint + ") is refused: "),
            std::string::npos)
      << refused.error().message;
  EXPECT_EQ(table_.size(), 0u);
  EXPECT_TRUE(store_.ListNodes().value().empty());
}

TEST_F(EnrolmentServiceTest, AnAkThatIsNotRestrictedIsRefused) {
  EnrolmentService service(store_, &*trust_store_, table_, clock_);
  EnrolRequest request = Request();
  // TPMT_PUBLIC: type (2), nameAlg (2), objectAttributes (4, big-endian): bit 16 restricted.
  request.ak_public[5] &= static_cast<std::uint8_t>(~0x01);
  auto refused = service.Challenge(request);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().message,
            "AK public: expected a restricted key, got attributes 0x00040072");
  EXPECT_EQ(table_.size(), 0u);
}

TEST_F(EnrolmentServiceTest, WithoutATrustStoreOnlyARegisteredEkEnrols) {
  EnrolmentService service(store_, nullptr, table_, clock_);
  auto refused = service.Challenge(Request());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("is not registered (veil node add), and no EK trust "
                                         "store is configured ([tpm] ek_trust_store)"),
            std::string::npos)
      << refused.error().message;

  const std::string ek_digest = LoadTpmPublicArea("EK", ek_->public_area)->digest;
  ASSERT_TRUE(
      store_.RegisterNode({"edge-1", ek_digest, {}}, {"admin:1", "node.add", "edge-1", {}}));
  EnrolRequest request = Request();
  request.ek_certificate.clear();
  request.name = "edge-2";  // not the registered name
  auto misnamed = service.Challenge(request);
  ASSERT_FALSE(misnamed);
  EXPECT_EQ(misnamed.error().message,
            "EK " + ek_digest + " is registered as node edge-1, not edge-2");

  request.name.reset();
  auto challenge = service.Challenge(request);
  ASSERT_TRUE(challenge) << challenge.error().ToString();
  EXPECT_EQ(challenge->at("node"), "edge-1");
  auto answer = service.Answer(Activate(*challenge));
  ASSERT_TRUE(answer) << answer.error().ToString();
  EXPECT_EQ(store_.FindNodeByAk(AkDigest()).value()->identity.name, "edge-1");
  EXPECT_EQ(json::parse(store_.ReadAudit(1, 10).value().back().details).at("vouched_by"),
            "registration");
}

TEST_F(EnrolmentServiceTest, ANodeRemovedWhileItsEnrolmentIsPendingIsNotBound) {
  EnrolmentService service(store_, nullptr, table_, clock_);
  const std::string ek_digest = LoadTpmPublicArea("EK", ek_->public_area)->digest;
  ASSERT_TRUE(
      store_.RegisterNode({"edge-1", ek_digest, {}}, {"admin:1", "node.add", "edge-1", {}}));
  EnrolRequest request = Request();
  request.name.reset();
  auto challenge = service.Challenge(request);
  ASSERT_TRUE(challenge) << challenge.error().ToString();
  ASSERT_TRUE(store_.DeleteNode("edge-1", {"admin:1", "node.delete", "edge-1", {}}));
  auto refused = service.Answer(Activate(*challenge));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "node edge-1 was removed while its enrolment was pending; nothing was bound");
  EXPECT_TRUE(store_.ListNodes().value().empty());
}

}  // namespace
}  // namespace veil::node
