// TPM node identity end to end, as separate processes: a veil-trustee whose [tpm] ek_trust_store
// is the local CA that manufactured one swtpm's EK certificate, `veil-agent enrol` on that TPM,
// and `veil-agent run` attesting afterwards with no `tpm.ak` reference value anywhere. A TPM of
// another "manufacturer" is refused naming its certificate; a TPM without an EK certificate
// enrols once an admin registered its EK (`veil node add --ek-pub`); `veil node rm` ends the
// trust at the next attestation; every admin operation and enrolment is in the audit log.

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "veil/testing/command.h"
#include "veil/testing/swtpm.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using testing::CommandResult;
using testing::Swtpm;

class NodeEnrolment : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_dir_ = new std::filesystem::path(std::filesystem::path(::testing::TempDir()) /
                                           ("veil-nodes-" + std::to_string(getpid())));
    std::filesystem::remove_all(*suite_dir_);
    std::filesystem::create_directories(*suite_dir_ / "ek-cas");
    ASSERT_EQ(Veil({"admin", "keygen", "--out", (*suite_dir_ / "admin").string()}).exit_code, 0);
    auto manufactured = Swtpm::Start({.ek_certificates = true});
    ASSERT_TRUE(manufactured) << manufactured.error().ToString();
    manufactured_ = std::move(*manufactured).release();
    // The owner trusts this TPM's manufacturer: its local CA root and issuing CA.
    std::filesystem::copy_file(manufactured_->LocalCaRoot(), *suite_dir_ / "ek-cas" / "root.pem");
    std::filesystem::copy_file(manufactured_->LocalCaIssuer(),
                               *suite_dir_ / "ek-cas" / "issuer.pem");
    WriteFile(*suite_dir_ / "trustee.toml",
              "[tpm]\nek_trust_store = \"" + (*suite_dir_ / "ek-cas").string() + "\"\n");
    auto trustee = testing::TrusteeProcess::Start(
        *suite_dir_ / "data", {"--config", (*suite_dir_ / "trustee.toml").string(), "--admin-key",
                               (*suite_dir_ / "admin" / "admin.pub").string()});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    trustee_ = std::move(*trustee).release();
    WriteFile(*suite_dir_ / "greeting", "hello node");
    ASSERT_EQ(Admin({"secret", "put", "demo/secret/greeting", (*suite_dir_ / "greeting").string()})
                  .exit_code,
              0);
  }

  static void TearDownTestSuite() {
    delete trustee_;
    delete manufactured_;
    std::filesystem::remove_all(*suite_dir_);
    delete suite_dir_;
  }

  static CommandResult Veil(std::vector<std::string> args) {
    args.insert(args.begin(), testing::BuiltBinary("veil"));
    return testing::RunCommand(args);
  }

  static CommandResult Admin(std::vector<std::string> args) {
    args.insert(args.end(), {"--url", trustee_->url(), "--key",
                             (*suite_dir_ / "admin" / "admin.key").string()});
    return Veil(args);
  }

  static void WriteFile(const std::filesystem::path& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
  }

  // An agent configuration for `tpm` in a directory of its own.
  static std::string WriteConfig(const Swtpm& tpm, const std::string& name) {
    const std::filesystem::path dir = *suite_dir_ / name;
    std::filesystem::create_directories(dir);
    WriteFile(dir / "agent.toml",
              "[trustee]\nurl = \"" + trustee_->url() +
                  "\"\nattempts = 1\n\n[tee]\nkind = \"tpm\"\ntcti = \"" + tpm.tcti() +
                  "\"\n\n[measurement]\nevent_log = \"" + (dir / "events.jsonl").string() +
                  "\"\n\n[workload]\nsecrets_dir = \"" + (dir / "secrets").string() +
                  "\"\n\n[[workload.resources]]\nuri = \"kbs:///demo/secret/greeting\"\n"
                  "file = \"greeting\"\n");
    return (dir / "agent.toml").string();
  }

  static CommandResult Agent(std::vector<std::string> args) {
    args.insert(args.begin(), testing::BuiltBinary("veil-agent"));
    return testing::RunCommand(args);
  }

  static std::string AuditLog() { return Admin({"audit", "ls", "--limit", "10000"}).out; }

  static std::filesystem::path* suite_dir_;
  static testing::TrusteeProcess* trustee_;
  static Swtpm* manufactured_;
};

std::filesystem::path* NodeEnrolment::suite_dir_ = nullptr;
testing::TrusteeProcess* NodeEnrolment::trustee_ = nullptr;
Swtpm* NodeEnrolment::manufactured_ = nullptr;

TEST_F(NodeEnrolment, ATrustedTpmEnrolsAttestsWithoutRefvalsAndIsRefusedOnceRemoved) {
  const std::string config = WriteConfig(*manufactured_, "edge-1");
  // Before enrolment the default policy does not know this TPM's AK.
  const CommandResult unknown = Agent({"run", "--config", config, "--", "/bin/true"});
  EXPECT_EQ(unknown.exit_code, 125) << unknown.err;
  EXPECT_NE(unknown.err.find("known-ak"), std::string::npos) << unknown.err;

  const CommandResult enrol = Agent({"enrol", "--config", config, "--name", "edge-1"});
  ASSERT_EQ(enrol.exit_code, 0) << enrol.err;
  EXPECT_NE(enrol.out.find("enrolled as node edge-1 (EK certificate from TPM NV): tpm.ak "),
            std::string::npos)
      << enrol.out;
  const std::string ak = enrol.out.substr(enrol.out.find("tpm.ak ") + 7, 64);

  const CommandResult listed = Admin({"node", "ls"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("edge-1  enrolled  "), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find(ak), std::string::npos) << listed.out;
  // No tpm.ak reference value was added by hand.
  EXPECT_EQ(Admin({"refval", "get", "tpm.ak"}).exit_code, 1);

  const CommandResult run = Agent({"run", "--config", config, "--", "/bin/true"});
  EXPECT_EQ(run.exit_code, 0) << run.err;

  const CommandResult removed = Admin({"node", "rm", "edge-1"});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  const CommandResult refused = Agent({"run", "--config", config, "--", "/bin/true"});
  EXPECT_EQ(refused.exit_code, 125) << refused.err;
  EXPECT_NE(refused.err.find("known-ak"), std::string::npos) << refused.err;

  const std::string audit = AuditLog();
  EXPECT_NE(audit.find("node.enrol"), std::string::npos) << audit;
  EXPECT_NE(audit.find("node.delete"), std::string::npos) << audit;
}

TEST_F(NodeEnrolment, ATpmOfAnotherManufacturerIsRefusedNamingItsCertificate) {
  auto stranger = Swtpm::Start({.ek_certificates = true});
  ASSERT_TRUE(stranger) << stranger.error().ToString();
  const std::string config = WriteConfig(**stranger, "stranger");
  const CommandResult enrol = Agent({"enrol", "--config", config});
  EXPECT_EQ(enrol.exit_code, 1) << enrol.err;
  EXPECT_NE(enrol.err.find("EK certificate (issuer \""), std::string::npos) << enrol.err;
  EXPECT_NE(enrol.err.find(") is refused: "), std::string::npos) << enrol.err;
  const CommandResult listed = Admin({"node", "ls"});
  EXPECT_EQ(listed.out.find("stranger"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("ek-"), std::string::npos) << listed.out;
}

TEST_F(NodeEnrolment, ATpmWithoutEkCertificateEnrolsOnceAnAdminRegisteredItsEk) {
  auto bare = Swtpm::Start();
  ASSERT_TRUE(bare) << bare.error().ToString();
  const std::string config = WriteConfig(**bare, "edge-2");
  const CommandResult unregistered = Agent({"enrol", "--config", config});
  EXPECT_EQ(unregistered.exit_code, 1) << unregistered.err;
  EXPECT_NE(unregistered.err.find("is not registered (veil node add) and no EK certificate was "
                                  "sent"),
            std::string::npos)
      << unregistered.err;

  // The owner reads the EK public key off the machine (tpm2_createek) and registers it.
  ASSERT_TRUE((*bare)->Tpm2({"tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub"}));
  const CommandResult added = Admin({"node", "add", "edge-2", "--ek-pub", (*bare)->Path("ek.pub")});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("\"registered\""), std::string::npos) << added.out;

  const CommandResult enrol = Agent({"enrol", "--config", config});
  ASSERT_EQ(enrol.exit_code, 0) << enrol.err;
  EXPECT_NE(enrol.out.find("enrolled as node edge-2 (EK registered by an admin)"),
            std::string::npos)
      << enrol.out;
  const CommandResult run = Agent({"run", "--config", config, "--", "/bin/true"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(Admin({"node", "rm", "edge-2"}).exit_code, 0);

  const std::string audit = AuditLog();
  EXPECT_NE(audit.find("node.add"), std::string::npos) << audit;
}

TEST_F(NodeEnrolment, AdminRegistrationsAreCheckedAndAudited) {
  const std::string missing = (*suite_dir_ / "no-such-file").string();
  EXPECT_EQ(Admin({"node", "add", "edge-9", "--ek-pub", missing}).exit_code, 2);
  WriteFile(*suite_dir_ / "garbage.pem", "not a key");
  const CommandResult garbage =
      Admin({"node", "add", "edge-9", "--ek-pub", (*suite_dir_ / "garbage.pem").string()});
  EXPECT_EQ(garbage.exit_code, 1) << garbage.err;
  const CommandResult absent = Admin({"node", "rm", "edge-404"});
  EXPECT_EQ(absent.exit_code, 1) << absent.err;
  EXPECT_NE(absent.err.find("node edge-404 does not exist"), std::string::npos) << absent.err;
  EXPECT_EQ(AuditLog().find("edge-9"), std::string::npos);
}

}  // namespace
}  // namespace veil
