// Dictionary-attack refusals: how their TSS return codes are classified, and a real swtpm put into
// lockout (max tries 1, then one wrong authorization), where the attester's quote must fail as a
// lockout — not as a TPM that cannot be reached, which the trustee client would retry.

#include "veil/agent/attester/tpm/dictionary_attack.h"

#include <gtest/gtest.h>
#include <tss2/tss2_tpm2_types.h>

#include "veil/agent/attester/tpm/tpm_attester.h"
#include "veil/agent/attester/tpm/tss_error.h"
#include "veil/crypto/random.h"
#include "veil/testing/swtpm.h"

namespace veil::agent::tpm {
namespace {

TEST(DictionaryAttackErrorTest, LockoutAndCountedFailuresAreNotUnavailable) {
  const struct {
    TSS2_RC rc;
    std::string_view meaning;
  } refusals[] = {
      {TPM2_RC_LOCKOUT, "dictionary-attack lockout"},
      {TSS2_RESMGR_TPM_RC_LAYER | TPM2_RC_LOCKOUT, "dictionary-attack lockout"},  // via abrmd
      {TPM2_RC_AUTH_FAIL | TPM2_RC_S | TPM2_RC_1, "counts toward dictionary-attack lockout"},
      {TPM2_RC_AUTH_FAIL | TPM2_RC_S | TPM2_RC_2, "counts toward dictionary-attack lockout"},
  };
  for (const auto& refusal : refusals) {
    const Error error = TssError(ErrorCode::kUnavailable, "Esys_Quote", refusal.rc);
    EXPECT_EQ(error.code, ErrorCode::kPolicyDenied) << error.message;
    EXPECT_NE(error.message.find(refusal.meaning), std::string::npos) << error.message;
    EXPECT_EQ(error.message.rfind("Esys_Quote: ", 0), 0u) << error.message;
  }
  EXPECT_NE(TssError(ErrorCode::kUnavailable, "Esys_Quote", TPM2_RC_LOCKOUT)
                .message.find("`tpm2_dictionarylockout --clear-lockout`"),
            std::string::npos);
  // Not dictionary attack: the same numbers from another layer, other authorization failures,
  // and the TPM's transient warnings keep the caller's code.
  for (const TSS2_RC other :
       {TSS2_RC_LAYER(7) | TPM2_RC_LOCKOUT, TPM2_RC_BAD_AUTH | TPM2_RC_S | TPM2_RC_1, TPM2_RC_RETRY,
        TPM2_RC_LOCALITY, TPM2_RC_FAILURE}) {
    const Error error = TssError(ErrorCode::kUnavailable, "Esys_Quote", other);
    EXPECT_EQ(error.code, ErrorCode::kUnavailable) << error.message;
    EXPECT_EQ(error.message.find("dictionary-attack"), std::string::npos) << error.message;
  }
}

TEST(DictionaryAttackErrorTest, StateOutsideLockoutIsAccepted) {
  EXPECT_TRUE(RequireNotLockedOut({false, 2, 3, 1000}));
  auto locked = RequireNotLockedOut({true, 3, 3, 1000});
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, ErrorCode::kPolicyDenied);
  EXPECT_NE(locked.error().message.find("the TPM is in dictionary-attack lockout (3 of 3 failed "
                                        "authorizations"),
            std::string::npos)
      << locked.error().message;
  EXPECT_NE(locked.error().message.find("one failure every 1000 s"), std::string::npos);
  EXPECT_NE(locked.error().message.find("`tpm2_dictionarylockout --clear-lockout` clears it now"),
            std::string::npos);
}

class LockedOutTpm : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = testing::Swtpm::Start();
    ASSERT_TRUE(started) << started.error().ToString();
    tpm_ = std::move(*started);
    auto attester = TpmAttester::Open({tpm_->tcti(), 23, AkAlgorithm::kEcP256});
    ASSERT_TRUE(attester) << attester.error().ToString();
    attester_ = std::move(*attester);
  }

  std::unique_ptr<testing::Swtpm> tpm_;
  std::unique_ptr<TpmAttester> attester_;
};

TEST_F(LockedOutTpm, ItsStateSaysLockoutAndTheQuoteIsRefusedAsSuchUntilCleared) {
  auto before = attester_->ReadDictionaryAttackState();
  ASSERT_TRUE(before) << before.error().ToString();
  EXPECT_FALSE(before->in_lockout);
  EXPECT_EQ(before->failed_tries, 0u);
  ASSERT_TRUE(tpm_->LockOut());

  auto state = attester_->ReadDictionaryAttackState();
  ASSERT_TRUE(state) << state.error().ToString();
  EXPECT_TRUE(state->in_lockout);
  EXPECT_EQ(state->failed_tries, 1u);
  EXPECT_EQ(state->max_tries, 1u);
  EXPECT_EQ(state->recovery_seconds, 600u);
  EXPECT_FALSE(RequireNotLockedOut(*state));

  const Bytes report_data = crypto::RandomBytes(64);
  auto evidence = attester_->CollectEvidence(report_data);
  ASSERT_FALSE(evidence);
  EXPECT_EQ(evidence.error().code, ErrorCode::kPolicyDenied) << evidence.error().ToString();
  EXPECT_NE(evidence.error().ToString().find("tpm: Esys_Quote: "), std::string::npos)
      << evidence.error().ToString();
  EXPECT_NE(evidence.error().message.find("dictionary-attack lockout"), std::string::npos)
      << evidence.error().ToString();

  // The documented way out.
  ASSERT_TRUE(tpm_->Tpm2({"tpm2_dictionarylockout", "--clear-lockout"}));
  EXPECT_FALSE(attester_->ReadDictionaryAttackState().value().in_lockout);
  auto after = attester_->CollectEvidence(report_data);
  EXPECT_TRUE(after) << after.error().ToString();
}

}  // namespace
}  // namespace veil::agent::tpm
