// `veil guest attest|get-resource` and `veil token verify` against a live veil-trustee: an owner
// tests a policy from the guest's side before deploying, and checks a token offline.

#include <gtest/gtest.h>

#include <fstream>

#include "veil/base/file.h"
#include "veil/testing/command.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/swtpm.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using testing::CommandResult;

constexpr const char* kSecret = "tested from the guest's side";

class VeilGuest : public ::testing::Test {
 protected:
  VeilGuest() : dir_("veil-guest") {
    EXPECT_EQ(Veil({"admin", "keygen", "--out", (dir_ / "admin").string()}).exit_code, 0);
    auto trustee = testing::TrusteeProcess::Start(
        dir_ / "data", {"--admin-key", (dir_ / "admin/admin.pub").string()});
    EXPECT_TRUE(trustee) << trustee.error().ToString();
    if (trustee) trustee_ = std::move(*trustee);
  }

  static CommandResult Veil(std::vector<std::string> args) {
    args.insert(args.begin(), testing::BuiltBinary("veil"));
    return testing::RunCommand(args);
  }
  CommandResult Admin(std::vector<std::string> args) {
    args.insert(args.end(),
                {"--url", trustee_->url(), "--key", (dir_ / "admin/admin.key").string()});
    return Veil(args);
  }
  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  void AllowSample() {
    const std::string policy =
        Write("allow-sample.yaml",
              "id: allow-sample\nrules:\n  - name: sample\n    tee: [sample]\n"
              "    check: {always: true}\n    pass: {hardware: 2}\n");
    ASSERT_EQ(Admin({"policy", "set", "attestation", policy}).exit_code, 0);
  }

  testing::ScratchDir dir_;
  std::unique_ptr<testing::TrusteeProcess> trustee_;
};

TEST_F(VeilGuest, AttestPrintsTheAppraisalAndExitsOneWhenTheTrusteeRefuses) {
  ASSERT_TRUE(trustee_);
  const CommandResult refused = Veil({"guest", "attest", "--url", trustee_->url()});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.out.find("status: contraindicated"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("  denied: "), std::string::npos) << refused.out;

  AllowSample();
  const std::string token_file = (dir_ / "token.jwt").string();
  const CommandResult affirmed =
      Veil({"guest", "attest", "--url", trustee_->url(), "--token-out", token_file});
  EXPECT_EQ(affirmed.exit_code, 0) << affirmed.err;
  EXPECT_NE(affirmed.out.find("status: affirming"), std::string::npos) << affirmed.out;
  EXPECT_NE(affirmed.out.find("policy: allow-sample"), std::string::npos) << affirmed.out;

  // The token verifies against the trustee's JWKS, and not against another key set or later.
  const std::string jwks = trustee_->url() + "/.well-known/jwks.json";
  const CommandResult verified = Veil({"token", "verify", "@" + token_file, "--jwks", jwks});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("valid: signed by a key " + jwks + " vouches for"), std::string::npos)
      << verified.out;
  EXPECT_NE(verified.out.find("status: affirming"), std::string::npos) << verified.out;
  EXPECT_NE(verified.out.find("tee: sample"), std::string::npos) << verified.out;
  const CommandResult expired =
      Veil({"token", "verify", "@" + token_file, "--jwks", jwks, "--at", "2099-01-01T00:00:00Z"});
  EXPECT_EQ(expired.exit_code, 1) << expired.out;
  EXPECT_NE(expired.err.find("expired"), std::string::npos) << expired.err;
  const std::string other = Write("other.jwks", R"({"keys": [{"kty": "EC", "crv": "P-256",
      "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
      "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", "kid": "other"}]})");
  const CommandResult untrusted = Veil({"token", "verify", "@" + token_file, "--jwks", other});
  EXPECT_EQ(untrusted.exit_code, 1);
  EXPECT_NE(untrusted.err.find("no trusted attestation service vouches"), std::string::npos)
      << untrusted.err;
  EXPECT_EQ(Veil({"token", "verify", "@" + token_file}).exit_code, 2);
}

TEST_F(VeilGuest, GetResourceWritesTheReleasedSecretOrSaysWhyNot) {
  ASSERT_TRUE(trustee_);
  ASSERT_EQ(Admin({"secret", "put", "prod/key/db", Write("secret.txt", kSecret)}).exit_code, 0);
  const CommandResult denied =
      Veil({"guest", "get-resource", "kbs:///prod/key/db", "--url", trustee_->url()});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_NE(denied.err.find("contraindicated"), std::string::npos) << denied.err;

  AllowSample();
  const std::string out = (dir_ / "db-password").string();
  const CommandResult released =
      Veil({"guest", "get-resource", "kbs:///prod/key/db", "--url", trustee_->url(), "--out", out});
  EXPECT_EQ(released.exit_code, 0) << released.err;
  EXPECT_EQ(ReadFileText(out).value(), kSecret);
  const CommandResult to_stdout =
      Veil({"guest", "get-resource", "kbs:///prod/key/db", "--url", trustee_->url()});
  EXPECT_EQ(to_stdout.out, kSecret);
  EXPECT_EQ(Veil({"guest", "get-resource", "prod/key/db", "--url", trustee_->url()}).exit_code, 2);
  const CommandResult missing =
      Veil({"guest", "get-resource", "kbs:///prod/key/none", "--url", trustee_->url()});
  EXPECT_EQ(missing.exit_code, 1) << missing.err;
}

TEST_F(VeilGuest, AttestsWithARealTpmAndShowsWhyAnUnenrolledAkIsRefused) {
  ASSERT_TRUE(trustee_);
  auto tpm = testing::Swtpm::Start();
  ASSERT_TRUE(tpm) << tpm.error().ToString();
  const CommandResult refused =
      Veil({"guest", "attest", "--url", trustee_->url(), "--tee", "tpm", "--tcti", (*tpm)->tcti()});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.out.find("tpm.ak"), std::string::npos) << refused.out;
  EXPECT_EQ(Veil({"guest", "attest", "--url", trustee_->url(), "--tee", "tpm"}).exit_code, 2);
}

TEST_F(VeilGuest, AnUnreachableTrusteeIsAUsageLevelFailure) {
  const CommandResult down = Veil({"guest", "attest", "--url", "http://127.0.0.1:1"});
  EXPECT_EQ(down.exit_code, 2);
  EXPECT_NE(down.err.find("127.0.0.1:1"), std::string::npos) << down.err;
}

}  // namespace
}  // namespace veil
