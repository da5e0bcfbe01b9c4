// Issue 15 items 2 and 5: two veil-agent processes, each with its own swtpm, attest to one
// veil-trustee, obtain workload certificates for different SPIFFE IDs from its workload CA, and
// their workloads — `openssl s_server -verify_return_error -Verify 1` and `openssl s_client` —
// complete a mutual-TLS exchange, each checking the other's name. A name the identity policy
// does not allow this TEE is refused with the rule in the agent's error, and nothing runs.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <fstream>
#include <future>

#include "veil/base/file.h"
#include "veil/base/unique_fd.h"
#include "veil/testing/command.h"
#include "veil/testing/swtpm.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using testing::CommandResult;

constexpr const char* kIdA = "spiffe://veil.example/a";
constexpr const char* kIdB = "spiffe://veil.example/b";

void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

// A loopback port nothing listens on now (the server workload binds it a moment later).
std::uint16_t FreePort() {
  UniqueFd socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(socket.get(), reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      getsockname(socket.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0)
    return 0;
  return ntohs(address.sin_port);
}

std::size_t Occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

CommandResult Veil(std::vector<std::string> args) {
  args.insert(args.begin(), testing::BuiltBinary("veil"));
  return testing::RunCommand(args);
}

// One confidential node: its own TPM, agent configuration and directory.
struct Node {
  std::filesystem::path dir;
  std::unique_ptr<testing::Swtpm> tpm;
  std::string ak;  // the AK digest, as the trustee's claims.ak holds it
  std::filesystem::path config() const { return dir / "agent.toml"; }
  std::filesystem::path secrets() const { return dir / "secrets"; }
};

class WorkloadMtls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_dir_ = new std::filesystem::path(std::filesystem::path(::testing::TempDir()) /
                                           ("veil-mtls-" + std::to_string(getpid())));
    std::filesystem::remove_all(*suite_dir_);
    std::filesystem::create_directories(*suite_dir_);
    ASSERT_EQ(Veil({"admin", "keygen", "--out", (*suite_dir_ / "admin").string()}).exit_code, 0);
    // Certificates live 30 s, so that one test sees a renewal while its workload runs.
    WriteFile(*suite_dir_ / "trustee.toml", "[workload_ca]\ncertificate_ttl = \"30s\"\n");
    auto trustee = testing::TrusteeProcess::Start(
        *suite_dir_ / "data", {"--admin-key", (*suite_dir_ / "admin" / "admin.pub").string(),
                               "--config", (*suite_dir_ / "trustee.toml").string()});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    trustee_ = std::move(*trustee).release();
  }

  static void TearDownTestSuite() {
    delete trustee_;
    std::filesystem::remove_all(*suite_dir_);
    delete suite_dir_;
  }

  void SetUp() override {
    dir_ = *suite_dir_ / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
    // A root agent runs each workload under a fresh uid: it writes its results here.
    std::filesystem::permissions(dir_, std::filesystem::perms::all);
    for (const char* script : {"server.sh", "client.sh", "renew.sh"}) {
      const auto source = std::filesystem::path(VEIL_SOURCE_DIR) / "tests" / "integration" /
                          "workload_mtls" / script;
      std::filesystem::copy_file(source, dir_ / script);
      std::filesystem::permissions(dir_ / script, std::filesystem::perms::owner_all |
                                                      std::filesystem::perms::group_read |
                                                      std::filesystem::perms::group_exec |
                                                      std::filesystem::perms::others_read |
                                                      std::filesystem::perms::others_exec);
    }
    StartNode(a_, "a");
    StartNode(b_, "b");
  }

  void StartNode(Node& node, const std::string& name) {
    node.dir = dir_ / name;
    std::filesystem::create_directories(node.dir);
    std::filesystem::permissions(node.dir, std::filesystem::perms::all);
    auto tpm = testing::Swtpm::Start();
    ASSERT_TRUE(tpm) << tpm.error().ToString();
    node.tpm = std::move(*tpm);
  }

  static CommandResult Admin(std::vector<std::string> args) {
    args.insert(args.end(), {"--url", trustee_->url(), "--key",
                             (*suite_dir_ / "admin" / "admin.key").string()});
    return Veil(args);
  }

  // The agent configuration of `node`, asking for a certificate naming `names`.
  static void WriteConfig(const Node& node, const std::string& names,
                          const std::string& certificate_extra = "") {
    WriteFile(node.config(),
              "[trustee]\nurl = \"" + trustee_->url() +
                  "\"\nattempts = 2\nfirst_backoff_ms = 50\n\n[tee]\nkind = \"tpm\"\ntcti = \"" +
                  node.tpm->tcti() + "\"\n\n[measurement]\nevent_log = \"" +
                  (node.dir / "events.jsonl").string() + "\"\n\n[workload]\nsecrets_dir = \"" +
                  node.secrets().string() + "\"\n\n[workload.certificate]\nnames = [" + names +
                  "]\n" + certificate_extra);
  }

  // Enrols the node's AK and the PCR 23 value of `command`; returns `veil-agent run` arguments.
  static std::vector<std::string> Enrol(Node& node, const std::vector<std::string>& command) {
    const CommandResult ak = testing::RunCommand(
        {testing::BuiltBinary("veil-agent"), "ak", "--config", node.config().string()});
    EXPECT_EQ(ak.exit_code, 0) << ak.err;
    const auto at = ak.out.find("tpm.ak ");
    EXPECT_NE(at, std::string::npos) << ak.out;
    if (at == std::string::npos) return {};
    node.ak = ak.out.substr(at + 7, 64);
    EXPECT_EQ(Admin({"refval", "add", "tpm.ak", node.ak}).exit_code, 0);
    std::vector<std::string> measure = {"measure",     "workload",   "--config",
                                        node.config(), "--pcr-only", "--"};
    measure.insert(measure.end(), command.begin(), command.end());
    const CommandResult pcr = Veil(measure);
    EXPECT_EQ(pcr.exit_code, 0) << pcr.err;
    EXPECT_EQ(Admin({"refval", "add", "tpm.pcrs.sha256.23", pcr.out.substr(0, 64)}).exit_code, 0);
    std::vector<std::string> run = {"run", "--config", node.config().string(), "--"};
    run.insert(run.end(), command.begin(), command.end());
    return run;
  }

  // Node a may hold spiffe://veil.example/a, node b spiffe://veil.example/b: each rule names the
  // one TPM attestation key it trusts for that identity.
  void SetIdentityPolicy() const {
    const std::string policy =
        "id: mtls-test\nrules:\n"
        "  - name: a-workloads\n    names: [\"uri:" +
        std::string(kIdA) +
        "\"]\n"
        "    allow_if:\n      - {claim: status, equals: affirming}\n"
        "      - {claim: claims.ak, equals: \"" +
        a_.ak +
        "\"}\n"
        "  - name: b-workloads\n    names: [\"uri:" +
        std::string(kIdB) +
        "\"]\n"
        "    allow_if:\n      - {claim: status, equals: affirming}\n"
        "      - {claim: claims.ak, equals: \"" +
        b_.ak +
        "\"}\n"
        "default: deny\n";
    WriteFile(dir_ / "identity.yaml", policy);
    const CommandResult set =
        Admin({"policy", "set", "identity", (dir_ / "identity.yaml").string()});
    ASSERT_EQ(set.exit_code, 0) << set.err;
  }

  // `veil-agent run ARGS` with the workload's environment: where it writes, the port, its peer.
  CommandResult Run(const Node& node, std::uint16_t port, const std::string& peer,
                    const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"/usr/bin/env", "RESULTS=" + node.dir.string(),
                                     "PORT=" + std::to_string(port), "PEER=" + peer,
                                     testing::BuiltBinary("veil-agent")};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::RunCommand(argv);
  }

  static std::filesystem::path* suite_dir_;
  static testing::TrusteeProcess* trustee_;
  std::filesystem::path dir_;
  Node a_;
  Node b_;
};

std::filesystem::path* WorkloadMtls::suite_dir_ = nullptr;
testing::TrusteeProcess* WorkloadMtls::trustee_ = nullptr;

TEST_F(WorkloadMtls, TwoAttestedWorkloadsAuthenticateEachOtherWithTheirSpiffeIds) {
  WriteConfig(a_, "\"" + std::string(kIdA) + "\"");
  WriteConfig(b_, "\"" + std::string(kIdB) + "\"");
  const auto server = Enrol(a_, {"/bin/sh", (dir_ / "server.sh").string()});
  const auto client = Enrol(b_, {"/bin/sh", (dir_ / "client.sh").string()});
  SetIdentityPolicy();
  const std::uint16_t port = FreePort();
  ASSERT_NE(port, 0);

  auto served = std::async(std::launch::async, [&] { return Run(a_, port, kIdB, server); });
  const CommandResult connected = Run(b_, port, kIdA, client);
  const CommandResult accepted = served.get();

  EXPECT_EQ(connected.exit_code, 0) << connected.out << connected.err;
  EXPECT_EQ(accepted.exit_code, 0) << accepted.out << accepted.err;
  EXPECT_NE(connected.out.find("client: the server is spiffe://veil.example/a"), std::string::npos)
      << connected.out << ReadFileText(b_.dir / "client.out").value_or("");
  EXPECT_NE(accepted.out.find("server: the client is spiffe://veil.example/b"), std::string::npos)
      << accepted.out << ReadFileText(a_.dir / "server.out").value_or("");
  EXPECT_NE(ReadFileText(a_.dir / "server.out").value_or("").find("hello from the client"),
            std::string::npos);
  for (const CommandResult* run : {&connected, &accepted}) {
    EXPECT_NE(run->err.find("obtained the workload certificate for spiffe://veil.example/"),
              std::string::npos)
        << run->err;
  }
  // The key lived in the agents' private tmpfs only: nothing is left where it was mounted.
  EXPECT_TRUE(std::filesystem::is_empty(a_.secrets()));
  EXPECT_TRUE(std::filesystem::is_empty(b_.secrets()));
}

TEST_F(WorkloadMtls, ANameThePolicyDoesNotAllowThisTeeIsRefusedWithTheRuleAndNothingRuns) {
  // Node a asks for b's identity: the rule naming it trusts only b's attestation key.
  WriteConfig(a_, "\"" + std::string(kIdB) + "\"");
  WriteConfig(b_, "\"" + std::string(kIdB) + "\"");
  const std::filesystem::path marker = a_.dir / "workload-ran";
  const auto run = Enrol(a_, {"/bin/sh", "-c", "touch " + marker.string()});
  Enrol(b_, {"/bin/true"});
  SetIdentityPolicy();

  const CommandResult refused = Run(a_, 0, "", run);
  EXPECT_EQ(refused.exit_code, 125) << refused.err;
  EXPECT_NE(refused.err.find("workload certificate"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("identity policy rule \"b-workloads\""), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find(kIdB), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("nothing was launched"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_TRUE(std::filesystem::is_empty(a_.secrets()));
}

TEST_F(WorkloadMtls, TheCertificateIsRenewedForTheSameKeyWhileTheWorkloadRuns) {
  WriteConfig(a_, "\"" + std::string(kIdA) + "\"", "renew_before = \"25s\"\n");
  WriteConfig(b_, "\"" + std::string(kIdB) + "\"");
  const auto run = Enrol(a_, {"/bin/sh", (dir_ / "renew.sh").string()});
  Enrol(b_, {"/bin/true"});
  SetIdentityPolicy();

  const CommandResult renewed = Run(a_, 0, "", run);
  EXPECT_EQ(renewed.exit_code, 0) << renewed.out << renewed.err;
  EXPECT_NE(renewed.out.find("same key"), std::string::npos) << renewed.out;
  EXPECT_NE(renewed.err.find("renewed the workload certificate: serial "), std::string::npos)
      << renewed.err;
  // Each renewal attested anew: the trustee saw more than the one attestation of the launch.
  EXPECT_GT(Occurrences(renewed.err, "attested to "), 1u) << renewed.err;
  EXPECT_TRUE(std::filesystem::is_empty(a_.secrets()));
}

}  // namespace
}  // namespace veil
