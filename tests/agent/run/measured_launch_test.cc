// MeasureIntoTee against an in-memory register: a retry in the same boot extends only what the
// register lacks of this workload, and refuses a register that holds anything else.

#include "veil/agent/run/measured_launch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "veil/base/hex.h"

namespace veil::agent {
namespace {

Bytes Extended(const Bytes& value, ByteSpan digest) {
  return ReplayEvents(value, {{"event", Bytes(digest.begin(), digest.end()), ""}});
}

// A TEE whose one SHA-256 register lives in memory; extension number `fail_extension` (1 for the
// first) fails as a TPM that went away would.
class RegisterAttester final : public Attester {
 public:
  protocol::TeeKind tee() const override { return protocol::TeeKind::kTpm; }
  Result<nlohmann::json> CollectEvidence(ByteSpan) override { return nlohmann::json::object(); }

  Result<std::string> ExtendMeasurement(ByteSpan digest) override {
    if (!has_register) return Fail(Unsupported("no register here"));
    if (++extensions == fail_extension) return Fail(Unavailable("the TPM went away"));
    value = Extended(value, digest);
    return std::string("pcrs.sha256.23");
  }

  Result<MeasurementRegister> ReadMeasurementRegister() override {
    if (!has_register) return Fail(Unsupported("no register here"));
    return MeasurementRegister{"pcrs.sha256.23", value, reset_command};
  }

  bool has_register = true;
  Bytes value = Bytes(32, 0);
  std::string reset_command = "tpm2_pcrreset 23";
  unsigned extensions = 0;
  unsigned fail_extension = 0;
};

class MeasuredLaunch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("measured-launch-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path Log() const { return dir_ / "events.jsonl"; }
  std::size_t LogLines() const {
    std::ifstream in(Log());
    std::size_t lines = 0;
    for (std::string line; std::getline(in, line);) ++lines;
    return lines;
  }
  Bytes Expected() const { return ReplayEvents(Bytes(32, 0), events_); }

  std::filesystem::path dir_;
  const std::vector<MeasurementEvent> events_ =
      MeasureWorkload({Bytes{1, 2, 3}, {"./run.sh"}, nlohmann::json::object()}).value();
};

TEST_F(MeasuredLaunch, FromZeroEveryEventIsExtendedAndLogged) {
  RegisterAttester tee;
  ASSERT_TRUE(MeasureIntoTee(tee, events_, Log()));
  EXPECT_EQ(tee.value, Expected());
  EXPECT_EQ(tee.extensions, 3u);
  EXPECT_EQ(LogLines(), 3u);
}

TEST_F(MeasuredLaunch, ARetryAfterALaterFailureExtendsNothingAndAttestsTheSameValue) {
  RegisterAttester tee;
  ASSERT_TRUE(MeasureIntoTee(tee, events_, Log()));
  // The attestation failed (AK not enrolled, trustee down); the operator fixes it and runs again.
  auto again = MeasureIntoTee(tee, events_, Log());
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(tee.value, Expected());
  EXPECT_EQ(tee.extensions, 3u);
  EXPECT_EQ(LogLines(), 3u) << "the log must keep matching the register";
}

TEST_F(MeasuredLaunch, ARunCutShortBetweenExtensionsIsCompletedByTheNext) {
  RegisterAttester tee;
  tee.fail_extension = 2;
  auto cut = MeasureIntoTee(tee, events_, Log());
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().ToString(), "measurement: the TPM went away");
  EXPECT_EQ(LogLines(), 1u);
  ASSERT_TRUE(MeasureIntoTee(tee, events_, Log()));
  EXPECT_EQ(tee.value, Expected());
  EXPECT_EQ(LogLines(), 3u);
}

TEST_F(MeasuredLaunch, AnotherMeasurementIsRefusedNamingTheWayBack) {
  RegisterAttester tee;
  tee.value = Extended(Bytes(32, 0), Bytes(32, 7));
  const Bytes before = tee.value;
  auto refused = MeasureIntoTee(tee, events_, Log());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPolicyDenied);
  const std::string message = refused.error().ToString();
  EXPECT_EQ(message.rfind("measurement: pcrs.sha256.23 already holds another measurement in this "
                          "boot: " +
                              HexEncode(before),
                          0),
            0u)
      << message;
  EXPECT_NE(message.find(HexEncode(Expected())), std::string::npos) << message;
  EXPECT_NE(message.find("reboot, or — when nothing measured into it still runs — reset it with "
                         "`tpm2_pcrreset 23`"),
            std::string::npos)
      << message;
  EXPECT_EQ(tee.value, before);
  EXPECT_EQ(tee.extensions, 0u);
  EXPECT_FALSE(std::filesystem::exists(Log()));

  tee.reset_command.clear();  // a register only a reboot resets
  const std::string reboot_only = MeasureIntoTee(tee, events_, Log()).error().message;
  EXPECT_NE(reboot_only.find("to start from zero, reboot (docs/agent.md"), std::string::npos)
      << reboot_only;
}

TEST_F(MeasuredLaunch, ATeeWithoutARegisterIsNotMeasuredAndTheRunGoesOn) {
  RegisterAttester tee;
  tee.has_register = false;
  EXPECT_TRUE(MeasureIntoTee(tee, events_, Log()));
  EXPECT_EQ(tee.extensions, 0u);
  EXPECT_FALSE(std::filesystem::exists(Log()));
}

TEST_F(MeasuredLaunch, AnEventLogItCannotAppendToStopsItBeforeTheFirstExtension) {
  RegisterAttester tee;
  std::filesystem::create_symlink(dir_ / "elsewhere", Log());
  auto refused = MeasureIntoTee(tee, events_, Log());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("is a symbolic link"), std::string::npos);
  EXPECT_EQ(tee.extensions, 0u);
  EXPECT_EQ(tee.value, Bytes(32, 0));
}

}  // namespace
}  // namespace veil::agent
