// `veil evidence verify --tee tpm` against quotes from a real swtpm, made with tpm2-tools exactly
// as an operator would: the same files tpm2_checkquote takes.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "veil/testing/command.h"
#include "veil/testing/swtpm.h"

namespace veil {
namespace {

using testing::CommandResult;

class VeilCliTpm : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = testing::Swtpm::Start();
    ASSERT_TRUE(started) << started.error().ToString();
    tpm_ = std::move(*started).release();
    ASSERT_TRUE(tpm_->Tpm2({"tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub"}));
    ASSERT_TRUE(
        tpm_->Tpm2({"tpm2_createak", "-C", "ek.ctx", "-c", "ak.ctx", "-G", "ecc", "-g", "sha256",
                    "-s", "ecdsa", "-u", "ak.pem", "-f", "pem", "-n", "ak.name"}));
    ASSERT_TRUE(tpm_->Tpm2({"tpm2_pcrextend", "23:sha256=" + std::string(63, '0') + "1"}));
    ASSERT_TRUE(tpm_->Tpm2({"tpm2_quote", "-c", "ak.ctx", "-l", "sha256:0,1,7,23", "-q",
                            "00112233445566778899", "-m", "quote.msg", "-s", "quote.sig", "-o",
                            "quote.pcrs", "-g", "sha256"}));
  }
  static void TearDownTestSuite() {
    delete tpm_;
    tpm_ = nullptr;
  }

  CommandResult Verify(std::vector<std::string> extra) {
    std::vector<std::string> args = {testing::BuiltBinary("veil"),
                                     "evidence",
                                     "verify",
                                     "--tee",
                                     "tpm",
                                     "--ak",
                                     tpm_->Path("ak.pem"),
                                     "--message",
                                     tpm_->Path("quote.msg"),
                                     "--signature",
                                     tpm_->Path("quote.sig"),
                                     "--pcrs",
                                     tpm_->Path("quote.pcrs")};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::RunCommand(args);
  }

  static testing::Swtpm* tpm_;
};

testing::Swtpm* VeilCliTpm::tpm_ = nullptr;

TEST_F(VeilCliTpm, FreshQuoteVerifiesWithItsNonceAndSelection) {
  const CommandResult result =
      Verify({"--nonce", "00112233445566778899", "--pcr-list", "sha256:0,1,7,23", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto json = nlohmann::json::parse(result.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << result.out;
  EXPECT_EQ(json["valid"], true);
  EXPECT_EQ(json["tee"], "tpm");
  EXPECT_EQ(json["claims"]["nonce"], "00112233445566778899");
  EXPECT_EQ(json["claims"]["ak_type"], "EC P-256");
  EXPECT_EQ(json["claims"]["pcrs"]["sha256"].size(), 4u);
  // PCR 23 = SHA-256(32 zero bytes || 00..01), one extend from zero.
  EXPECT_EQ(json["claims"]["pcrs"]["sha256"]["23"],
            "90f4b39548df55ad6187a1d20d731ecee78c545b94afd16f42ef7592d99cd365");
}

TEST_F(VeilCliTpm, WrongNonceIsRejectedNamingBothValues) {
  const CommandResult result = Verify({"--nonce", "0011223344556677889a"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(
      result.out.find("nonce mismatch: expected 0011223344556677889a, got 00112233445566778899"),
      std::string::npos)
      << result.out;
}

TEST_F(VeilCliTpm, TamperedPcrValueIsRejected) {
  std::ifstream in(tpm_->Path("quote.pcrs"), std::ios::binary);
  std::string pcrs((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The serialized layout puts the four digests after the 132-byte selection, a 4-byte count and
  // a 4-byte TPML_DIGEST count; each TPM2B_DIGEST is a 2-byte size and 64 bytes of buffer.
  pcrs[140 + 2] ^= 0x01;
  const std::string tampered = tpm_->Path("tampered.pcrs");
  std::ofstream(tampered, std::ios::binary) << pcrs;
  const CommandResult result =
      testing::RunCommand({testing::BuiltBinary("veil"), "evidence", "verify", "--tee", "tpm",
                           "--ak", tpm_->Path("ak.pem"), "--message", tpm_->Path("quote.msg"),
                           "--signature", tpm_->Path("quote.sig"), "--pcrs", tampered});
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("PCR digest mismatch"), std::string::npos) << result.out;
}

TEST_F(VeilCliTpm, SelectionMismatchAndUsageErrors) {
  EXPECT_EQ(Verify({"--pcr-list", "sha256:0,1,7"}).exit_code, 1);
  EXPECT_EQ(Verify({"--nonce", "xyz"}).exit_code, 2);
  EXPECT_EQ(Verify({"--pcr-list", "sha999:1"}).exit_code, 2);
  EXPECT_EQ(testing::RunCommand({testing::BuiltBinary("veil"), "evidence", "verify", "--tee", "tpm",
                                 "--ak", tpm_->Path("ak.pem")})
                .exit_code,
            2);
}

}  // namespace
}  // namespace veil
