// veil-load against a real veil-trustee: a handful of sample handshakes, and of SNP handshakes
// with the test VCEK chain the trustee was told to trust, from 2 clients all succeed and are
// counted; a resource the trustee does not hold, and SNP evidence from the test chain at a
// trustee not told to trust it, are reported as errors of that kind with exit status 1. Nothing
// here is timed.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "veil/testing/command.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using testing::CommandResult;

class LoadSmoke : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Veil({"admin", "keygen", "--out", (dir_ / "admin").string()}).exit_code, 0);
    const std::string chain = (dir_ / "snp-test-ca.pem").string();
    ASSERT_EQ(
        testing::RunCommand({testing::BuiltBinary("veil-load"), "--write-snp-test-ca-chain", chain})
            .exit_code,
        0);
    auto trustee = testing::TrusteeProcess::Start(
        dir_ / "data", {"--admin-key", (dir_ / "admin" / "admin.pub").string(),
                        "--insecure-test-snp-ca-chain", chain});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    trustee_ = std::move(*trustee);
    ASSERT_NE(trustee_->Log().find("INSECURE TEST MODE"), std::string::npos) << trustee_->Log();
    // The sample TEE proves nothing; the owner must allow it explicitly, as for development.
    const CommandResult policy = Admin({"policy", "set", "attestation",
                                        Write("allow-sample.yaml",
                                              "id: allow-sample-and-snp-for-load\n"
                                              "rules:\n"
                                              "  - name: any-genuine-evidence\n"
                                              "    tee: [sample, snp]\n"
                                              "    check: {always: true}\n"
                                              "    pass: {hardware: 2}\n")});
    ASSERT_EQ(policy.exit_code, 0) << policy.err;
    const CommandResult secret =
        Admin({"secret", "put", "default/veil-load/secret", Write("secret.txt", "load")});
    ASSERT_EQ(secret.exit_code, 0) << secret.err;
  }

  static CommandResult Veil(std::vector<std::string> args) {
    args.insert(args.begin(), testing::BuiltBinary("veil"));
    return testing::RunCommand(args);
  }

  CommandResult Admin(std::vector<std::string> args) {
    args.insert(args.end(),
                {"--url", trustee_->url(), "--key", (dir_ / "admin" / "admin.key").string()});
    return Veil(args);
  }

  CommandResult Load(std::vector<std::string> args) {
    args.insert(args.begin(), {testing::BuiltBinary("veil-load"), "--url", trustee_->url()});
    return testing::RunCommand(args);
  }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  testing::ScratchDir dir_{"load-smoke"};
  std::unique_ptr<testing::TrusteeProcess> trustee_;
};

TEST_F(LoadSmoke, CountsEverySuccessfulHandshake) {
  const CommandResult run = Load({"--clients", "2", "--count", "6", "--tee", "sample"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("handshakes: 6 ok, 0 errors"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("throughput: "), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("error "), std::string::npos) << run.out;
}

TEST_F(LoadSmoke, SnpEvidenceFromTheTestChainIsVerifiedByATrusteeToldToTrustIt) {
  const CommandResult run = Load({"--clients", "2", "--count", "4", "--tee", "snp"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("handshakes: 4 ok, 0 errors"), std::string::npos) << run.out;
}

TEST_F(LoadSmoke, SnpEvidenceFromTheTestChainIsRefusedByAnOrdinaryTrustee) {
  auto ordinary = testing::TrusteeProcess::Start(dir_ / "ordinary");
  ASSERT_TRUE(ordinary) << ordinary.error().ToString();
  const CommandResult run =
      testing::RunCommand({testing::BuiltBinary("veil-load"), "--url", (*ordinary)->url(),
                           "--count", "1", "--tee", "snp"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("handshakes: 0 ok, 1 errors"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("VCEK chain"), std::string::npos) << run.out;
}

TEST_F(LoadSmoke, TheTestChainMustBeAskThenArk) {
  std::ifstream in(dir_ / "snp-test-ca.pem", std::ios::binary);
  const std::string chain((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string end = "-----END CERTIFICATE-----\n";
  const std::string ask_only = chain.substr(0, chain.find(end) + end.size());
  auto refused = testing::TrusteeProcess::Start(
      dir_ / "one-cert", {"--insecure-test-snp-ca-chain", Write("ask-only.pem", ask_only)});
  ASSERT_FALSE(refused) << "a trustee started with a one-certificate test chain";
  EXPECT_NE(refused.error().ToString().find("expected 2 certificates (ASK, then ARK), got 1"),
            std::string::npos)
      << refused.error().ToString();
}

TEST_F(LoadSmoke, ReportsFailedHandshakesByKind) {
  const CommandResult run =
      Load({"--clients", "2", "--count", "3", "--resource", "default/veil-load/missing"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("handshakes: 0 ok, 3 errors"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("error resource: not found: 3"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace veil
