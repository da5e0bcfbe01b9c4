// The proof of credential activation: the trustee's software TPM2_MakeCredential
// (appraisal/tpm/credential) for a real swtpm's EK and AK is activated by that TPM through
// tss2 ESAPI and gives back the same secret; a challenge for another AK Name, for another TPM's
// EK, or with a flipped byte is refused by the TPM itself. Both TCG default EKs (RSA-2048 and
// ECC P-256) and both AK algorithms.

#include "veil/agent/attester/tpm/credential_activation.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "veil/agent/attester/tpm/attestation_key.h"
#include "veil/agent/attester/tpm/endorsement_key.h"
#include "veil/appraisal/tpm/credential/make_credential.h"
#include "veil/appraisal/tpm/credential/object_name.h"
#include "veil/base/byte_reader.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/base/private_file.h"
#include "veil/crypto/random.h"
#include "veil/evidence/tpm/public_area.h"
#include "veil/testing/swtpm.h"

namespace veil::agent::tpm {
namespace {

using appraisal::tpm::credential::CredentialChallenge;
using appraisal::tpm::credential::MakeCredential;
using appraisal::tpm::credential::ObjectName;
using testing::Swtpm;

struct Keys {
  EkAlgorithm ek;
  AkAlgorithm ak;
  std::string name;
};

void PrintTo(const Keys& keys, std::ostream* out) { *out << keys.name; }

const Keys kKeys[] = {
    {EkAlgorithm::kRsa2048, AkAlgorithm::kEcP256, "rsa_ek_ecc_ak"},
    {EkAlgorithm::kRsa2048, AkAlgorithm::kRsa2048, "rsa_ek_rsa_ak"},
    {EkAlgorithm::kEcP256, AkAlgorithm::kEcP256, "ecc_ek_ecc_ak"},
    {EkAlgorithm::kEcP256, AkAlgorithm::kRsa2048, "ecc_ek_rsa_ak"},
};

// Two swtpm instances for the suite: the node under test and a stranger whose EK is not the
// node's.
class CredentialActivationTest : public ::testing::TestWithParam<Keys> {
 protected:
  static void SetUpTestSuite() {
    for (Swtpm** tpm : {&node_, &stranger_}) {
      auto started = Swtpm::Start();
      ASSERT_TRUE(started) << started.error().ToString();
      *tpm = std::move(*started).release();
    }
  }
  static void TearDownTestSuite() {
    delete node_;
    delete stranger_;
    node_ = stranger_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(node_, nullptr) << "swtpm did not start";
    ASSERT_NE(stranger_, nullptr) << "swtpm did not start";
  }

  static EsysConnection Connect(const Swtpm& tpm) {
    auto connection = EsysConnection::Open(tpm.tcti());
    EXPECT_TRUE(connection) << connection.error().ToString();
    return std::move(connection).value();
  }

  static CredentialChallenge Challenge(ByteSpan ek_public_area, ByteSpan ak_name, ByteSpan secret) {
    auto ek = evidence::tpm::ParseTpmtPublic(ek_public_area);
    EXPECT_TRUE(ek) << ek.error().ToString();
    auto challenge = MakeCredential(*ek, ak_name, secret);
    EXPECT_TRUE(challenge) << challenge.error().ToString();
    return std::move(challenge).value();
  }

  // The node's EK and AK of this test's algorithms, loaded, and the AK's Name.
  struct NodeKeys {
    EndorsementKey ek;
    AttestationKey ak;
    Bytes ak_name;
  };

  // Creates NodeKeys on `tpm`; nullopt, with the failure recorded, when the TPM cannot.
  static std::optional<NodeKeys> MakeKeys(const EsysConnection& tpm) {
    auto ek = CreateEndorsementKey(tpm, GetParam().ek);
    EXPECT_TRUE(ek) << ek.error().ToString();
    if (!ek) return std::nullopt;
    auto ak = CreateAttestationKey(tpm, GetParam().ak);
    EXPECT_TRUE(ak) << ak.error().ToString();
    if (!ak) return std::nullopt;
    auto ak_name = ObjectName(ak->public_area);
    EXPECT_TRUE(ak_name) << ak_name.error().ToString();
    if (!ak_name) return std::nullopt;
    return NodeKeys{*std::move(ek), *std::move(ak), *std::move(ak_name)};
  }

  // TPM2_ActivateCredential of `challenge` with the node's keys.
  static Result<crypto::SecretBytes> Activate(const EsysConnection& tpm, const NodeKeys& keys,
                                              const CredentialChallenge& challenge) {
    return ActivateCredential(tpm, keys.ak.object, keys.ek.object, challenge.credential_blob,
                              challenge.encrypted_secret);
  }

  static Swtpm* node_;
  static Swtpm* stranger_;
};
Swtpm* CredentialActivationTest::node_ = nullptr;
Swtpm* CredentialActivationTest::stranger_ = nullptr;

TEST_P(CredentialActivationTest, TheTpmRecoversTheSecretMadeForItsEkAndAk) {
  const EsysConnection tpm = Connect(*node_);
  const auto keys = MakeKeys(tpm);
  ASSERT_TRUE(keys);

  // The software Name is the one the TPM itself keeps for the loaded AK.
  TPM2B_NAME* tpm_name = nullptr;
  ASSERT_EQ(Esys_TR_GetName(tpm.get(), keys->ak.object.handle(), &tpm_name), TSS2_RC_SUCCESS);
  const EsysBuffer<TPM2B_NAME> owned_name(tpm_name);
  EXPECT_EQ(HexEncode(keys->ak_name), HexEncode(ByteSpan(tpm_name->name, tpm_name->size)));

  const crypto::SecretBytes secret = crypto::RandomSecretBytes(32);
  const CredentialChallenge challenge =
      Challenge(keys->ek.public_area, keys->ak_name, secret.span());
  auto recovered = Activate(tpm, *keys, challenge);
  ASSERT_TRUE(recovered) << recovered.error().ToString();
  EXPECT_TRUE(crypto::ConstantTimeEquals(recovered->span(), secret.span()));

  // A second challenge for the same keys uses fresh randomness and also activates.
  const CredentialChallenge again = Challenge(keys->ek.public_area, keys->ak_name, secret.span());
  EXPECT_NE(again.encrypted_secret, challenge.encrypted_secret);
  auto recovered_again = Activate(tpm, *keys, again);
  ASSERT_TRUE(recovered_again) << recovered_again.error().ToString();
  EXPECT_TRUE(crypto::ConstantTimeEquals(recovered_again->span(), secret.span()));
}

TEST_P(CredentialActivationTest, AChallengeForAnotherAkNameIsRefused) {
  const EsysConnection tpm = Connect(*node_);
  const auto keys = MakeKeys(tpm);
  ASSERT_TRUE(keys);
  // The Name of the node's other AK (the other algorithm): a real key of the same TPM, but not
  // the one loaded as activateHandle.
  Bytes other_name_bytes;
  {  // flushed at the end of the scope: swtpm has three object slots
    auto other_ak = CreateAttestationKey(
        tpm, GetParam().ak == AkAlgorithm::kEcP256 ? AkAlgorithm::kRsa2048 : AkAlgorithm::kEcP256);
    ASSERT_TRUE(other_ak) << other_ak.error().ToString();
    auto other_name = ObjectName(other_ak->public_area);
    ASSERT_TRUE(other_name) << other_name.error().ToString();
    other_name_bytes = *other_name;
  }

  const crypto::SecretBytes secret = crypto::RandomSecretBytes(16);
  const CredentialChallenge challenge =
      Challenge(keys->ek.public_area, other_name_bytes, secret.span());
  auto refused = Activate(tpm, *keys, challenge);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed) << refused.error().ToString();
  EXPECT_NE(refused.error().message.find("Esys_ActivateCredential"), std::string::npos)
      << refused.error().message;
}

TEST_P(CredentialActivationTest, AChallengeForAnotherTpmsEkIsRefused) {
  Bytes stranger_ek;
  {
    const EsysConnection stranger = Connect(*stranger_);
    auto ek = CreateEndorsementKey(stranger, GetParam().ek);
    ASSERT_TRUE(ek) << ek.error().ToString();
    stranger_ek = ek->public_area;
  }
  const EsysConnection tpm = Connect(*node_);
  const auto keys = MakeKeys(tpm);
  ASSERT_TRUE(keys);
  ASSERT_NE(keys->ek.public_area, stranger_ek) << "two swtpm instances share an endorsement seed";

  const crypto::SecretBytes secret = crypto::RandomSecretBytes(32);
  const CredentialChallenge challenge = Challenge(stranger_ek, keys->ak_name, secret.span());
  auto refused = Activate(tpm, *keys, challenge);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed) << refused.error().ToString();
}

TEST_P(CredentialActivationTest, AFlippedByteAnywhereInTheBlobIsRefused) {
  const EsysConnection tpm = Connect(*node_);
  const auto keys = MakeKeys(tpm);
  ASSERT_TRUE(keys);
  const crypto::SecretBytes secret = crypto::RandomSecretBytes(32);
  const CredentialChallenge challenge =
      Challenge(keys->ek.public_area, keys->ak_name, secret.span());
  // The integrity HMAC (after its size), and the last byte of the encrypted credential.
  for (const std::size_t at : {std::size_t{2}, challenge.credential_blob.size() - 1}) {
    Bytes tampered = challenge.credential_blob;
    tampered[at] ^= 0x01;
    auto refused = ActivateCredential(tpm, keys->ak.object, keys->ek.object, tampered,
                                      challenge.encrypted_secret);
    ASSERT_FALSE(refused) << "byte " << at;
    EXPECT_EQ(refused.error().code, ErrorCode::kVerificationFailed) << refused.error().ToString();
  }
}

TEST_P(CredentialActivationTest, OversizedInputsAreRefusedBeforeTheTpm) {
  const EsysConnection tpm = Connect(*node_);
  const auto keys = MakeKeys(tpm);
  ASSERT_TRUE(keys);
  const Bytes huge(sizeof(TPM2B_ENCRYPTED_SECRET), 0);
  auto refused = ActivateCredential(tpm, keys->ak.object, keys->ek.object, huge, Bytes(32, 1));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  refused = ActivateCredential(tpm, keys->ak.object, keys->ek.object, Bytes(32, 1), huge);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
}

// tpm2-tools' own offline MakeCredential (tpm2_makecredential -T none) is a second, independent
// implementation: its blob for the same EK and AK Name activates through the agent as well. Its
// output file is a header (magic 0xBADCC0DE, version 1, both u32 big-endian), then the marshalled
// TPM2B_ID_OBJECT and TPM2B_ENCRYPTED_SECRET.
TEST_P(CredentialActivationTest, Tpm2ToolsMakeCredentialActivatesToo) {
  const EsysConnection tpm = Connect(*node_);
  const auto keys = MakeKeys(tpm);
  ASSERT_TRUE(keys);

  Bytes tpm2b_public = {static_cast<std::uint8_t>(keys->ek.public_area.size() >> 8),
                        static_cast<std::uint8_t>(keys->ek.public_area.size() & 0xff)};
  tpm2b_public.insert(tpm2b_public.end(), keys->ek.public_area.begin(), keys->ek.public_area.end());
  const crypto::SecretBytes secret = crypto::RandomSecretBytes(32);
  const std::string prefix = "tools-" + GetParam().name + "-";
  ASSERT_TRUE(WriteNewFile(node_->Path(prefix + "ek.pub"), tpm2b_public, 0600));
  ASSERT_TRUE(WriteNewFile(node_->Path(prefix + "secret.bin"), secret.span(), 0600));
  const testing::ToolResult made = node_->Run(
      {"tpm2_makecredential", "-T", "none", "-u", prefix + "ek.pub", "-s", prefix + "secret.bin",
       "-n", HexEncode(keys->ak_name), "-o", prefix + "cred.out"});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  auto file = ReadFileBytes(node_->Path(prefix + "cred.out"));
  ASSERT_TRUE(file) << file.error().ToString();

  ByteReader reader(*file);
  ASSERT_EQ(reader.U32Be("magic").value(), 0xBADCC0DEu);
  ASSERT_EQ(reader.U32Be("version").value(), 1u);
  const std::uint16_t blob_size = reader.U16Be("credentialBlob.size").value();
  const Bytes blob = ToBytes(reader.Bytes(blob_size, "credentialBlob").value());
  const std::uint16_t secret_size = reader.U16Be("secret.size").value();
  const Bytes encrypted = ToBytes(reader.Bytes(secret_size, "secret").value());
  ASSERT_TRUE(reader.ExpectEnd("credential file"));

  auto recovered = ActivateCredential(tpm, keys->ak.object, keys->ek.object, blob, encrypted);
  ASSERT_TRUE(recovered) << recovered.error().ToString();
  EXPECT_TRUE(crypto::ConstantTimeEquals(recovered->span(), secret.span()));
}

INSTANTIATE_TEST_SUITE_P(Keys, CredentialActivationTest, ::testing::ValuesIn(kKeys),
                         [](const auto& keys) { return keys.param.name; });

}  // namespace
}  // namespace veil::agent::tpm
