// veil-load against a real veil-trustee: a handful of sample handshakes from 2 clients all
// succeed and are counted, and a resource the trustee does not hold is reported as an error of
// that kind with exit status 1. Nothing here is timed.

#include <gtest/gtest.h>

#include <fstream>
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
    auto trustee = testing::TrusteeProcess::Start(
        dir_ / "data", {"--admin-key", (dir_ / "admin" / "admin.pub").string()});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    trustee_ = std::move(*trustee);
    // The sample TEE proves nothing; the owner must allow it explicitly, as for development.
    const CommandResult policy = Admin({"policy", "set", "attestation",
                                        Write("allow-sample.yaml",
                                              "id: allow-sample-for-load\n"
                                              "rules:\n"
                                              "  - name: sample-allowed\n"
                                              "    tee: [sample]\n"
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

TEST_F(LoadSmoke, ReportsFailedHandshakesByKind) {
  const CommandResult run =
      Load({"--clients", "2", "--count", "3", "--resource", "default/veil-load/missing"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("handshakes: 0 ok, 3 errors"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("error resource: not found: 3"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace veil
