// Issue 11, secret hygiene: a secret with a random value goes through a real veil-trustee — put by
// the owner, denied to a guest the policy refuses, released to one it accepts, with errors on the
// way — and then must appear nowhere but in the guest's decryption: not in the trustee's log, not
// in any answer the guest or the owner received, not in any byte of the data directory (the
// SQLite database and its journal hold it sealed).

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "kbs_guest.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/crypto/random.h"
#include "veil/testing/command.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using testing::CommandResult;
using testing::KbsAnswer;
using testing::KbsGuest;

class SecretHygiene : public ::testing::Test {
 protected:
  void SetUp() override {
    secret_ = "veil-hygiene-" + HexEncode(crypto::RandomBytes(24));
    ASSERT_EQ(Veil({"admin", "keygen", "--out", (dir_ / "admin").string()}).exit_code, 0);
    // TrusteeProcess runs it at --log-level debug: the most the trustee ever logs about secrets.
    auto trustee = testing::TrusteeProcess::Start(
        dir_ / "data", {"--admin-key", (dir_ / "admin" / "admin.pub").string()});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    trustee_ = std::move(*trustee);
  }

  CommandResult Veil(std::vector<std::string> args) {
    args.insert(args.begin(), testing::BuiltBinary("veil"));
    CommandResult result = testing::RunCommand(args);
    Received("veil " + args.at(1) + " stdout", result.out);
    Received("veil " + args.at(1) + " stderr", result.err);
    return result;
  }

  CommandResult Admin(std::vector<std::string> args) {
    args.insert(args.end(),
                {"--url", trustee_->url(), "--key", (dir_ / "admin" / "admin.key").string()});
    return Veil(args);
  }

  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  KbsAnswer Keep(const std::string& what, KbsAnswer answer) {
    Received(what, answer.raw);
    return answer;
  }

  void Received(const std::string& what, const std::string& text) {
    received_.emplace_back(what, text);
  }

  // The secret as it could leak: verbatim, hex- or base64-encoded.
  std::vector<std::string> Forms() const {
    return {secret_, HexEncode(AsBytes(secret_)), Base64Encode(AsBytes(secret_)),
            Base64UrlEncode(AsBytes(secret_))};
  }

  void ExpectAbsent(const std::string& where, const std::string& text) const {
    for (const std::string& form : Forms()) {
      EXPECT_EQ(text.find(form), std::string::npos)
          << "the secret (as " << form << ") is in " << where;
    }
  }

  // A sample guest: /auth, /attest with sample evidence bound to its key.
  KbsAnswer AttestSample(KbsGuest& guest) {
    const std::string nonce = guest.Auth("sample").value();
    const nlohmann::json evidence = {
        {"svn", "1"}, {"report_data", Base64Encode(guest.ReportData(nonce).value())}};
    return Keep("attest", guest.Attest(guest.AttestBody(nonce, evidence)));
  }

  testing::ScratchDir dir_{"secret-hygiene"};
  std::string secret_;
  std::unique_ptr<testing::TrusteeProcess> trustee_;
  std::vector<std::pair<std::string, std::string>> received_;
};

TEST_F(SecretHygiene, TheSecretValueIsInNoLogNoAnswerAndNoStoredByte) {
  ASSERT_EQ(
      Admin({"secret", "put", "prod/key/hygiene", WriteFile("secret.txt", secret_)}).exit_code, 0);

  // Denied: the default policy refuses the insecure sample TEE.
  KbsGuest refused(trustee_->url());
  ASSERT_EQ(AttestSample(refused).status, 200u);
  EXPECT_EQ(Keep("denied release", refused.GetResource("prod/key/hygiene")).status, 401u);

  // Errors on the way: no session, a bad token, malformed requests, unknown and bad paths.
  KbsGuest stranger(trustee_->url());
  Keep("no session", stranger.GetResource("prod/key/hygiene"));
  Keep("bad bearer", stranger.GetResource("prod/key/hygiene", std::string("not.a.jwt")));
  Keep("bad attest", stranger.PostRaw("/kbs/v0/attest", "{not json"));
  Keep("bad auth", stranger.PostRaw("/kbs/v0/auth", R"({"version":"0.4.0","tee":"quantum"})"));

  // Released: a policy that accepts the sample TEE.
  const std::string policy = WriteFile("allow-sample.yaml",
                                       "id: allow-sample-for-hygiene\n"
                                       "rules:\n"
                                       "  - name: sample-allowed\n"
                                       "    tee: [sample]\n"
                                       "    check: {always: true}\n"
                                       "    pass: {hardware: 2}\n");
  ASSERT_EQ(Admin({"policy", "set", "attestation", policy}).exit_code, 0);
  KbsGuest accepted(trustee_->url());
  ASSERT_EQ(AttestSample(accepted).status, 200u);
  const KbsAnswer released = accepted.GetResource("prod/key/hygiene");
  ASSERT_EQ(released.status, 200u) << released.raw;
  ASSERT_EQ(accepted.Decrypt(released.body).value(), secret_);
  // The JWE is ciphertext: the plaintext must not show in it either.
  Received("released JWE", released.raw);
  EXPECT_EQ(Keep("missing resource", accepted.GetResource("prod/key/missing")).status, 401u);
  EXPECT_EQ(Keep("bad path", accepted.GetResource("only/two")).status, 404u);
  Admin({"secret", "ls"});
  Admin({"audit", "verify"});

  // Stopped, so the log is complete and SQLite has written everything it will.
  const std::string log = trustee_->Log();
  EXPECT_EQ(trustee_->Stop(), 0);
  ASSERT_FALSE(log.empty());
  ExpectAbsent("the trustee's log", log + trustee_->Log());
  ASSERT_GE(received_.size(), 10u);
  for (const auto& [what, text] : received_) ExpectAbsent("the answer to " + what, text);

  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / "data")) {
    if (!entry.is_regular_file()) continue;
    const Bytes bytes = ReadFileBytes(entry.path()).value();
    ExpectAbsent(entry.path().string(), std::string(bytes.begin(), bytes.end()));
    ++files;
  }
  EXPECT_TRUE(std::filesystem::exists(dir_ / "data" / "trustee.db"));
  EXPECT_GE(files, 1u);
}

}  // namespace
}  // namespace veil
