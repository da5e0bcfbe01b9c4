// veil-agent end to end, as separate processes: a real veil-trustee, a real swtpm per test (so
// PCR 23 starts fresh, as after a boot), the owner's `veil` CLI, and `veil-agent run`. The
// workload must run only after attestation and secret delivery succeeded, see exactly its
// secrets, and every refusal must say why — with nothing launched.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "../payload/tar/archive_builder.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/base/unique_fd.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/digest.h"
#include "veil/testing/command.h"
#include "veil/testing/swtpm.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using testing::CommandResult;

constexpr const char* kSecret = "correct horse battery staple";
constexpr const char* kToken = "api-token-42";

// The workload inside the encrypted bundle: proves it received its secrets without printing them.
constexpr const char* kWorkloadScript =
    "#!/bin/sh\n"
    "set -e\n"
    "echo \"secret sha256: $(sha256sum \"$VEIL_SECRETS_DIR/greeting\" | cut -d' ' -f1)\"\n"
    "echo \"token sha256: $(printf %s \"$API_TOKEN\" | sha256sum | cut -d' ' -f1)\"\n"
    "echo \"running as uid $(id -u) in $(pwd)\"\n"
    "touch \"$MARKER\"\n"
    "exit \"${1:-0}\"\n";

std::string Sha256Hex(std::string_view text) { return HexEncode(crypto::Sha256(AsBytes(text))); }

class AgentEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_dir_ = new std::filesystem::path(std::filesystem::path(::testing::TempDir()) /
                                           ("veil-agent-" + std::to_string(getpid())));
    std::filesystem::remove_all(*suite_dir_);
    std::filesystem::create_directories(*suite_dir_);
    ASSERT_EQ(Veil({"admin", "keygen", "--out", (*suite_dir_ / "admin").string()}).exit_code, 0);
    auto trustee = testing::TrusteeProcess::Start(
        *suite_dir_ / "data", {"--admin-key", (*suite_dir_ / "admin" / "admin.pub").string()});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    trustee_ = std::move(*trustee).release();
    ASSERT_EQ(Admin({"secret", "put", "demo/secret/greeting", WriteSuiteFile("greeting", kSecret)})
                  .exit_code,
              0);
    ASSERT_EQ(
        Admin({"secret", "put", "demo/secret/token", WriteSuiteFile("token", kToken)}).exit_code,
        0);
    // Two keys for encrypted volumes (docs/storage.md): 32 bytes each.
    for (const char* name : {"data", "other"}) {
      const std::string key = Sha256Hex(name).substr(0, 32);
      ASSERT_EQ(Admin({"secret", "put", std::string("demo/volume/") + name,
                       WriteSuiteFile(std::string("volume-") + name, key)})
                    .exit_code,
                0);
    }
    // The bundle: a tar with the workload script, encrypted with a key the trustee keeps.
    const std::filesystem::path bundle = *suite_dir_ / "bundle";
    std::filesystem::create_directories(bundle);
    WriteFile(bundle / "run.sh", kWorkloadScript);
    std::filesystem::permissions(bundle / "run.sh", std::filesystem::perms::owner_all |
                                                        std::filesystem::perms::group_read |
                                                        std::filesystem::perms::group_exec |
                                                        std::filesystem::perms::others_read |
                                                        std::filesystem::perms::others_exec);
    ASSERT_EQ(testing::RunCommand({"/usr/bin/tar", "-C", bundle.string(), "-cf",
                                   (*suite_dir_ / "bundle.tar").string(), "run.sh"})
                  .exit_code,
              0);
    const CommandResult encrypted =
        Admin({"payload", "encrypt", "--key-resource", "demo/key/workload",
               (*suite_dir_ / "bundle.tar").string(), Payload().string()});
    ASSERT_EQ(encrypted.exit_code, 0) << encrypted.err;
  }

  static void TearDownTestSuite() {
    delete trustee_;
    std::filesystem::remove_all(*suite_dir_);
    delete suite_dir_;
  }

  void SetUp() override {
    dir_ = *suite_dir_ / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
    // A root agent runs the workload under a fresh uid: let it leave its marker here.
    std::filesystem::permissions(dir_, std::filesystem::perms::all);
    auto tpm = testing::Swtpm::Start();
    ASSERT_TRUE(tpm) << tpm.error().ToString();
    tpm_ = std::move(*tpm);
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

  static std::string WriteSuiteFile(const std::string& name, const std::string& content) {
    WriteFile(*suite_dir_ / name, content);
    return (*suite_dir_ / name).string();
  }

  static std::filesystem::path Payload() { return *suite_dir_ / "bundle.veil"; }

  std::filesystem::path SecretsDir() const { return dir_ / "secrets"; }
  std::filesystem::path Marker() const { return dir_ / "workload-ran"; }

  // An agent configuration for this test's swtpm; `extra` is appended to [workload].
  std::string WriteConfig(const std::string& trustee_url, const std::string& workload_extra = "",
                          const std::string& trustee_extra = "") const {
    const std::string text =
        "[trustee]\nurl = \"" + trustee_url + "\"\nattempts = 2\nfirst_backoff_ms = 50\n" +
        trustee_extra + "\n[tee]\nkind = \"tpm\"\ntcti = \"" + tpm_->tcti() +
        "\"\n\n[measurement]\nevent_log = \"" + (dir_ / "events.jsonl").string() +
        "\"\n\n[workload]\nsecrets_dir = \"" + SecretsDir().string() + "\"\npayload = \"" +
        Payload().string() + "\"\n" + workload_extra +
        "\n[[workload.resources]]\nuri = \"kbs:///demo/secret/greeting\"\nfile = \"greeting\"\n"
        "\n[[workload.resources]]\nuri = \"kbs:///demo/secret/token\"\nenv = \"API_TOKEN\"\n";
    WriteFile(dir_ / "agent.toml", text);
    return (dir_ / "agent.toml").string();
  }

  CommandResult Agent(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"/usr/bin/env", "MARKER=" + Marker().string(),
                                     testing::BuiltBinary("veil-agent")};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::RunCommand(argv);
  }

  // Enrols this swtpm's attestation key and the PCR 23 value `command` under `config` will give.
  void EnrolWorkload(const std::string& config, const std::vector<std::string>& command) const {
    const CommandResult ak = Agent({"ak", "--config", config});
    ASSERT_EQ(ak.exit_code, 0) << ak.err;
    const auto digest_at = ak.out.find("tpm.ak ");
    ASSERT_NE(digest_at, std::string::npos) << ak.out;
    const std::string ak_digest = ak.out.substr(digest_at + 7, 64);
    ASSERT_EQ(Admin({"refval", "add", "tpm.ak", ak_digest}).exit_code, 0);
    std::vector<std::string> measure = {"measure", "workload",   "--config",
                                        config,    "--pcr-only", "--"};
    measure.insert(measure.end(), command.begin(), command.end());
    const CommandResult pcr = Veil(measure);
    ASSERT_EQ(pcr.exit_code, 0) << pcr.err;
    const std::string value = pcr.out.substr(0, 64);
    ASSERT_EQ(Admin({"refval", "add", "tpm.pcrs.sha256.23", value, "--provenance", "test workload"})
                  .exit_code,
              0);
  }

  // Enrols `command` under `config` (EnrolWorkload) and returns the agent arguments that run it.
  std::vector<std::string> EnrolledRun(const std::string& config,
                                       const std::vector<std::string>& command) const {
    EnrolWorkload(config, command);
    std::vector<std::string> args = {"run", "--config", config, "--"};
    args.insert(args.end(), command.begin(), command.end());
    return args;
  }

  // A fresh swtpm for this test: a reboot, or another machine.
  void Reboot() {
    auto tpm = testing::Swtpm::Start();
    ASSERT_TRUE(tpm) << tpm.error().ToString();
    tpm_ = std::move(*tpm);
  }

  // SHA-256 PCR 23 of this test's swtpm, in hex, as tpm2_pcrread reads it.
  std::string Pcr23() const {
    const Status read = tpm_->Tpm2({"tpm2_pcrread", "sha256:23", "-o", tpm_->Path("pcr23.bin")});
    EXPECT_TRUE(read) << read.error().ToString();
    return HexEncode(ReadFileBytes(tpm_->Path("pcr23.bin")).value_or(Bytes{}));
  }

  static std::filesystem::path* suite_dir_;
  static testing::TrusteeProcess* trustee_;
  std::filesystem::path dir_;
  std::unique_ptr<testing::Swtpm> tpm_;
};

// Runs the agent through `sh -c 'PREFIX <newline> exec veil-agent ARGS'`, so the agent keeps the
// shell's pid (PREFIX can signal it as $$) and inherits the dispositions PREFIX set.
CommandResult AgentAfter(const std::string& prefix, const std::string& marker,
                         const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/usr/bin/env",
                                   "MARKER=" + marker,
                                   "/bin/sh",
                                   "-c",
                                   prefix + "\nexec \"$0\" \"$@\"",
                                   testing::BuiltBinary("veil-agent")};
  argv.insert(argv.end(), args.begin(), args.end());
  return testing::RunCommand(argv);
}

std::filesystem::path* AgentEndToEnd::suite_dir_ = nullptr;
testing::TrusteeProcess* AgentEndToEnd::trustee_ = nullptr;

TEST_F(AgentEndToEnd, AttestedWorkloadRunsWithItsSecretsAndExitStatus) {
  const std::string config = WriteConfig(trustee_->url());
  EnrolWorkload(config, {"./run.sh", "3"});
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh", "3"});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.out.find("secret sha256: " + Sha256Hex(kSecret)), std::string::npos)
      << run.out << run.err;
  EXPECT_NE(run.out.find("token sha256: " + Sha256Hex(kToken)), std::string::npos) << run.out;
  EXPECT_NE(run.out.find((SecretsDir() / "workload").string()), std::string::npos) << run.out;
  EXPECT_TRUE(std::filesystem::exists(Marker()));
  // The secrets lived on the agent's private tmpfs: nothing is left in the directory outside it.
  EXPECT_TRUE(std::filesystem::is_empty(SecretsDir()));
  EXPECT_EQ(run.err.find(kSecret), std::string::npos) << "a secret reached the log";
  EXPECT_EQ(run.err.find(kToken), std::string::npos) << "a secret reached the log";
  // The event log names the three measurements, and they replay to the PCR the trustee saw.
  const std::string log = ReadFileText(dir_ / "events.jsonl").value();
  for (const char* type : {"\"payload\"", "\"command\"", "\"config\""}) {
    EXPECT_NE(log.find(type), std::string::npos) << log;
  }
  EXPECT_NE(log.find("pcrs.sha256.23"), std::string::npos) << log;
}

TEST_F(AgentEndToEnd, RsaTeeKeyReceivesTheSecretsToo) {
  const std::string config = WriteConfig(trustee_->url(), "", "tee_key = \"rsa-2048\"\n");
  EnrolWorkload(config, {"./run.sh"});
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("secret sha256: " + Sha256Hex(kSecret)), std::string::npos)
      << run.out << run.err;
}

TEST_F(AgentEndToEnd, BundleIsRunThroughCrunWithAStableMeasuredCommandLine) {
  // crun cannot create containers inside CI's own container, so a stand-in `crun` first on PATH
  // records how the agent invokes it and proves the secrets are in place when it does.
  const std::filesystem::path tools = dir_ / "tools";
  const std::filesystem::path bundle = dir_ / "app-bundle";
  std::filesystem::create_directories(tools);
  std::filesystem::create_directories(bundle);
  WriteFile(tools / "crun",
            "#!/bin/sh\necho \"crun $*\"\necho \"secret sha256: $(sha256sum "
            "\"$VEIL_SECRETS_DIR/greeting\" | cut -d' ' -f1)\"\n");
  std::filesystem::permissions(
      tools / "crun", std::filesystem::perms::owner_all | std::filesystem::perms::group_exec |
                          std::filesystem::perms::others_exec |
                          std::filesystem::perms::others_read | std::filesystem::perms::group_read);
  const std::string config = WriteConfig(trustee_->url());
  EnrolWorkload(config, {"crun", "run", "--bundle", bundle.string(), "veil-app-bundle"});
  const CommandResult run =
      testing::RunCommand({"/usr/bin/env", "PATH=" + tools.string() + ":/usr/bin:/bin",
                           testing::BuiltBinary("veil-agent"), "run", "--config", config,
                           "--bundle", bundle.string() + "/"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("crun run --bundle " + bundle.string() + " veil-app-bundle\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("secret sha256: " + Sha256Hex(kSecret)), std::string::npos) << run.out;
}

TEST_F(AgentEndToEnd, ChangedWorkloadIsRefusedWithTheExactReasonAndNothingRuns) {
  const std::string config = WriteConfig(trustee_->url());
  EnrolWorkload(config, {"./run.sh", "0"});
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh", "1"});
  EXPECT_EQ(run.exit_code, 125) << run.err;
  EXPECT_NE(run.err.find("tpm.pcrs.sha256.23"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("nothing was launched"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(Marker()));
}

TEST_F(AgentEndToEnd, UnreachableTrusteeIsRetriedThenReported) {
  const std::string config = WriteConfig("http://127.0.0.1:9");
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 125);
  EXPECT_NE(run.err.find("gave up after 2 attempts"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("127.0.0.1:9"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(Marker()));
}

// Issue 20: a failed run used to leave PCR 23 extended, and every later run in the same boot was
// refused with a PCR 23 mismatch. Here the attestation fails (the node is not enrolled yet), the
// owner enrols it, and the next run — same boot, no TPM restart — attests the same PCR 23.
TEST_F(AgentEndToEnd, ARunAfterAFailedAttestationInTheSameBootSucceeds) {
  const std::string config = WriteConfig(trustee_->url());
  const CommandResult refused = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(refused.exit_code, 125) << refused.err;
  EXPECT_NE(refused.err.find("appraised this TEE as contraindicated"), std::string::npos)
      << refused.err;
  const std::string measured = Pcr23();
  EXPECT_NE(measured, std::string(64, '0')) << "the failed run did measure the workload";

  EnrolWorkload(config, {"./run.sh"});
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("pcrs.sha256.23 already holds this workload's measurement from an "
                         "earlier run in this boot: not extending it again"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(std::filesystem::exists(Marker()));
  EXPECT_EQ(Pcr23(), measured);
  // The event log still replays to the register: the second run added no line.
  const std::string log = ReadFileText(dir_ / "events.jsonl").value();
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 3) << log;
}

// A trustee that cannot be reached (down, or a URL typo) is found before anything is measured.
TEST_F(AgentEndToEnd, AnUnreachableTrusteeStopsTheRunBeforePcr23IsExtended) {
  const std::string config = WriteConfig("http://127.0.0.1:9");
  const CommandResult down = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(down.exit_code, 125) << down.err;
  EXPECT_NE(down.err.find("reaching the trustee at http://127.0.0.1:9: gave up after 2 attempts"),
            std::string::npos)
      << down.err;
  EXPECT_EQ(down.err.find("measured "), std::string::npos) << down.err;
  EXPECT_EQ(Pcr23(), std::string(64, '0'));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "events.jsonl"));

  // The URL is not measured ([trustee] is not [workload]): fixed, the same enrolment holds.
  const std::string fixed = WriteConfig(trustee_->url());
  EnrolWorkload(fixed, {"./run.sh"});
  const CommandResult run = Agent({"run", "--config", fixed, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(std::filesystem::exists(Marker()));
}

// PCR 23 holding something else (another workload ran in this boot) is refused before the agent
// extends on top of it, saying how to start from zero; after `tpm2_pcrreset 23` the run succeeds.
TEST_F(AgentEndToEnd, APcr23HoldingAnotherMeasurementIsRefusedWithTheWayBack) {
  const std::string config = WriteConfig(trustee_->url());
  EnrolWorkload(config, {"./run.sh"});
  ASSERT_TRUE(tpm_->Tpm2({"tpm2_pcrextend", "23:sha256=" + Sha256Hex("another workload")}));
  const std::string other = Pcr23();
  const CommandResult refused = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(refused.exit_code, 125) << refused.err;
  EXPECT_NE(refused.err.find("nothing was launched: measurement: pcrs.sha256.23 already holds "
                             "another measurement in this boot: " +
                             other),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("`tpm2_pcrreset 23`"), std::string::npos) << refused.err;
  EXPECT_EQ(Pcr23(), other);
  EXPECT_FALSE(std::filesystem::exists(Marker()));

  ASSERT_TRUE(tpm_->Tpm2({"tpm2_pcrreset", "23"}));
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(std::filesystem::exists(Marker()));
}

// A run stopped between two extensions left the payload's digest alone in PCR 23: the next run
// extends the rest and attests the enrolled value.
TEST_F(AgentEndToEnd, ARunCutShortAfterMeasuringThePayloadIsCompletedByTheNext) {
  const std::string config = WriteConfig(trustee_->url());
  EnrolWorkload(config, {"./run.sh"});
  const Bytes payload = ReadFileBytes(Payload()).value();
  ASSERT_TRUE(tpm_->Tpm2({"tpm2_pcrextend", "23:sha256=" + HexEncode(crypto::Sha256(payload))}));
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("pcrs.sha256.23 holds the first 1 of this workload's 3 events from an "
                         "earlier run in this boot: extending the rest"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(std::filesystem::exists(Marker()));
}

// Issue 20: a TPM in dictionary-attack lockout refuses the AK's quote; the agent says so at once,
// before measuring, with the command that clears it — not as a network error retried 5 times.
TEST_F(AgentEndToEnd, ATpmInDictionaryAttackLockoutIsNamedBeforeAnythingIsMeasured) {
  const std::string config = WriteConfig(trustee_->url());
  EnrolWorkload(config, {"./run.sh"});
  ASSERT_TRUE(tpm_->LockOut());
  const CommandResult locked = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(locked.exit_code, 125) << locked.err;
  EXPECT_NE(locked.err.find("nothing was launched: tpm: the TPM is in dictionary-attack lockout "
                            "(1 of 1 failed authorizations"),
            std::string::npos)
      << locked.err;
  EXPECT_NE(locked.err.find("`tpm2_dictionarylockout --clear-lockout` clears it now"),
            std::string::npos)
      << locked.err;
  EXPECT_EQ(locked.err.find("retrying"), std::string::npos) << locked.err;
  EXPECT_EQ(Pcr23(), std::string(64, '0'));

  ASSERT_TRUE(tpm_->Tpm2({"tpm2_dictionarylockout", "--clear-lockout"}));
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

// Issue 20: libtss2's own "ERROR:esys:…" and "ERROR:tcti:…" lines bypassed the agent's log
// format. A TPM that refuses an operation (the endorsement hierarchy has a password the agent does
// not know) and a TPM that is not there are reported by the agent alone; and the TSS2_LOG setting
// that silences tss2 is the agent's, not passed on to the workload.
TEST_F(AgentEndToEnd, Tss2OwnLogLinesNeverReachTheAgentsStderr) {
  const std::string config = WriteConfig(trustee_->url());
  const std::vector<std::string> command = {"/bin/sh", "-c", "echo \"TSS2_LOG=${TSS2_LOG-unset}\""};
  std::vector<std::string> args = EnrolledRun(config, command);
  const CommandResult good = Agent(args);
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_NE(good.out.find("TSS2_LOG=unset"), std::string::npos) << good.out;

  ASSERT_TRUE(tpm_->Tpm2({"tpm2_changeauth", "-c", "e", "not-known-to-the-agent"}));
  const CommandResult refused = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(refused.exit_code, 125) << refused.err;
  EXPECT_NE(refused.err.find("veil-agent error: nothing was launched: tpm: Esys_CreatePrimary"),
            std::string::npos)
      << refused.err;

  std::string text = ReadFileText(config).value();
  text.replace(text.find(tpm_->tcti()), tpm_->tcti().size(), "swtpm:host=127.0.0.1,port=9");
  WriteFile(dir_ / "agent.toml", text);
  const CommandResult absent = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(absent.exit_code, 125) << absent.err;
  EXPECT_NE(absent.err.find("cannot reach the TPM through TCTI"), std::string::npos) << absent.err;

  for (const CommandResult* run : {&refused, &absent}) {
    EXPECT_EQ(run->err.find("ERROR:"), std::string::npos) << run->err;
    EXPECT_EQ(run->err.find("WARNING:"), std::string::npos) << run->err;
  }
}

TEST_F(AgentEndToEnd, MissingResourceIsNamedAndNothingRuns) {
  const std::string config = WriteConfig(
      trustee_->url(),
      "\n[[workload.resources]]\nuri = \"kbs:///demo/secret/absent\"\nfile = \"absent\"\n");
  EnrolWorkload(config, {"./run.sh"});
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 125);
  EXPECT_NE(run.err.find("demo/secret/absent"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(Marker()));
}

TEST_F(AgentEndToEnd, PayloadThatDoesNotDecryptIsRefused) {
  // The trustee's key for demo/key/other is not the key this payload was encrypted with.
  const std::filesystem::path payload = dir_ / "other.veil";
  ASSERT_EQ(Veil({"payload", "encrypt", "--key-resource", "demo/key/other", "--key-out",
                  (dir_ / "k1").string(), (*suite_dir_ / "bundle.tar").string(), payload.string()})
                .exit_code,
            0);
  ASSERT_EQ(
      Admin({"secret", "put", "demo/key/other", WriteSuiteFile("wrong-key", std::string(32, 'k'))})
          .exit_code,
      0);
  std::string text = ReadFileText(WriteConfig(trustee_->url())).value();
  text.replace(text.find(Payload().string()), Payload().string().size(), payload.string());
  WriteFile(dir_ / "agent.toml", text);
  const std::string config = (dir_ / "agent.toml").string();
  EnrolWorkload(config, {"./run.sh"});
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 125);
  EXPECT_NE(run.err.find("does not open this payload"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(Marker()));
}

// Issue 19 finding 7: the unauthenticated header names another secret; the agent fetches that one
// resource, refuses it as a key, and never logs how long it is.
TEST_F(AgentEndToEnd, AHeaderNamingAnotherSecretNeverRevealsItsLength) {
  const std::filesystem::path payload = dir_ / "points-at-greeting.veil";
  ASSERT_EQ(Veil({"payload", "encrypt", "--key-resource", "demo/secret/greeting", "--key-out",
                  (dir_ / "k2").string(), (*suite_dir_ / "bundle.tar").string(), payload.string()})
                .exit_code,
            0);
  std::string text = ReadFileText(WriteConfig(trustee_->url())).value();
  text.replace(text.find(Payload().string()), Payload().string().size(), payload.string());
  WriteFile(dir_ / "agent.toml", text);
  const std::string config = (dir_ / "agent.toml").string();
  EnrolWorkload(config, {"./run.sh"});
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 125) << run.err;
  EXPECT_NE(run.err.find("payload: the secret demo/secret/greeting is not a 32-byte AES-256 key"),
            std::string::npos)
      << run.err;
  const std::string length = std::to_string(std::string_view(kSecret).size());
  EXPECT_EQ(run.err.find(length + " bytes"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("of " + length), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(Marker()));
}

// Issue 19 finding 4: the payload is read through one descriptor with a bound; what is not a
// regular file, or cannot be read, is a refusal with 125 — not an abort, not a hang on a FIFO.
TEST_F(AgentEndToEnd, APayloadThatIsNotAReadableRegularFileIsRefusedWith125) {
  ASSERT_EQ(::mkfifo((dir_ / "fifo.veil").c_str(), 0600), 0);
  const struct {
    std::string path, message;
  } cases[] = {{"/proc/self/mem", "error while reading /proc/self/mem"},
               {(dir_ / "fifo.veil").string(), "not a regular file"}};
  for (const auto& c : cases) {
    std::string text = ReadFileText(WriteConfig(trustee_->url())).value();
    text.replace(text.find(Payload().string()), Payload().string().size(), c.path);
    WriteFile(dir_ / "agent.toml", text);
    const CommandResult run =
        Agent({"run", "--config", (dir_ / "agent.toml").string(), "--", "./run.sh"});
    EXPECT_EQ(run.exit_code, 125) << c.path << ": " << run.err;
    EXPECT_NE(run.err.find("nothing was launched: "), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(c.message), std::string::npos) << run.err;
  }
  EXPECT_FALSE(std::filesystem::exists(Marker()));
}

// Issue 19 finding 7: a symlink at the event log's path is refused, its target left as it was.
TEST_F(AgentEndToEnd, AnEventLogThatIsASymlinkIsRefused) {
  const std::string config = WriteConfig(trustee_->url());
  WriteFile(dir_ / "target", "untouched\n");
  std::filesystem::create_symlink(dir_ / "target", dir_ / "events.jsonl");
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 125) << run.err;
  EXPECT_NE(run.err.find("is a symbolic link; refusing to append through it"), std::string::npos)
      << run.err;
  EXPECT_EQ(ReadFileText(dir_ / "target").value(), "untouched\n");
  EXPECT_FALSE(std::filesystem::exists(Marker()));
}

// Issue 19 finding 5: a bundle with a pax path of depth 8,000 (108 s and 2 GB before the limits)
// is refused at once, after decryption, with 125 and the entry's reason; nothing is launched.
TEST_F(AgentEndToEnd, ABundleWithADeepPaxPathIsRefusedWith125) {
  std::string deep;
  for (int i = 0; i < 8000; ++i) deep += "a/";
  namespace tar = payload::tar::testing;
  const Bytes archive =
      tar::Archive({tar::Pax(tar::PaxRecord("path", deep + "f")), tar::File("run.sh", "x")});
  WriteFile(dir_ / "deep.tar", std::string(archive.begin(), archive.end()));
  const std::filesystem::path payload = dir_ / "deep.veil";
  const CommandResult encrypted = Admin({"payload", "encrypt", "--key-resource", "demo/key/deep",
                                         (dir_ / "deep.tar").string(), payload.string()});
  ASSERT_EQ(encrypted.exit_code, 0) << encrypted.err;
  std::string text = ReadFileText(WriteConfig(trustee_->url())).value();
  text.replace(text.find(Payload().string()), Payload().string().size(), payload.string());
  WriteFile(dir_ / "agent.toml", text);
  const std::string config = (dir_ / "agent.toml").string();
  EnrolWorkload(config, {"./run.sh"});
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 125) << run.err;
  EXPECT_NE(run.err.find("nothing was launched: tar: "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("a name of 16001 bytes, more than 4096"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(Marker()));
  EXPECT_TRUE(std::filesystem::is_empty(SecretsDir())) << "the refused tree was not removed";
}

TEST_F(AgentEndToEnd, CrashingWorkloadReportsItsSignal) {
  const std::string config = WriteConfig(trustee_->url());
  const std::vector<std::string> command = {"/bin/sh", "-c", "touch \"$MARKER\"; kill -SEGV $$"};
  std::vector<std::string> args = EnrolledRun(config, command);
  const CommandResult run = Agent(args);
  EXPECT_EQ(run.exit_code, 128 + SIGSEGV) << run.err;
  EXPECT_NE(run.err.find("killed by signal 11"), std::string::npos) << run.err;
  EXPECT_TRUE(std::filesystem::exists(Marker()));
}

TEST_F(AgentEndToEnd, SignalsToTheAgentReachTheWorkload) {
  const std::string config = WriteConfig(trustee_->url());
  // Once the workload has started, the operator sends the agent SIGTERM; the agent forwards it.
  // (The workload runs under its own uid and cannot signal the root agent itself.)
  const std::vector<std::string> command = {
      "/bin/sh", "-c", "touch \"$MARKER.started\"; sleep 20; touch \"$MARKER\""};
  std::vector<std::string> args = EnrolledRun(config, command);
  const CommandResult run =
      AgentAfter("(while [ ! -e \"$MARKER.started\" ]; do sleep 0.05; done; kill -TERM $$) &",
                 Marker().string(), args);
  EXPECT_EQ(run.exit_code, 128 + SIGTERM) << run.err;
  EXPECT_FALSE(std::filesystem::exists(Marker()));
}

TEST_F(AgentEndToEnd, WorkloadRunsAsTheConfiguredUserAndCanReadOnlyItsSecrets) {
  const std::string config = WriteConfig(trustee_->url(), "user = \"nobody\"\n");
  const std::vector<std::string> command = {
      "/bin/sh", "-c",
      "id -u; cat \"$VEIL_SECRETS_DIR/greeting\" | sha256sum; "
      "stat -c %a \"$VEIL_SECRETS_DIR/greeting\""};
  std::vector<std::string> args = EnrolledRun(config, command);
  const CommandResult run = Agent(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("65534\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(Sha256Hex(kSecret)), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("\n400\n"), std::string::npos) << run.out;
}

TEST_F(AgentEndToEnd, MissingCommandExits127WithoutAttestingItsSecretsAway) {
  const std::string config = WriteConfig(trustee_->url());
  EnrolWorkload(config, {"/nonexistent/workload"});
  const CommandResult run = Agent({"run", "--config", config, "--", "/nonexistent/workload"});
  EXPECT_EQ(run.exit_code, 127) << run.err;
  EXPECT_NE(run.err.find("/nonexistent/workload"), std::string::npos) << run.err;
}

TEST_F(AgentEndToEnd, SampleTeeIsRefusedByTheDefaultPolicy) {
  const std::string config = WriteConfig(trustee_->url());
  const CommandResult run = Agent({"run", "--config", config, "--tee", "sample", "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 125);
  EXPECT_NE(run.err.find("sample"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(Marker()));
}

// Issue 15: an encrypted volume keeps the workload's state across runs; the disk only ever
// holds ciphertext, and the volume opens only for an attested workload holding the right key.
std::string VolumeTable(const std::filesystem::path& dir, const std::string& key) {
  return "\n[[workload.volumes]]\nname = \"data\"\nsource = \"" + (dir / "cipher").string() +
         "\"\nmountpoint = \"" + (dir / "plain").string() + "\"\nkey = \"kbs:///demo/volume/" +
         key + "\"\n";
}

// Prints the state a previous run left (or "no state yet"), then leaves its own.
std::vector<std::string> StatefulWorkload(const std::filesystem::path& dir) {
  return {"/bin/sh", "-c",
          "cat \"$0/state\" 2>/dev/null || echo 'no state yet'; "
          "echo 'widgets counted: 42' > \"$0/state\"",
          (dir / "plain").string()};
}

// Every byte of every ciphertext file, for looking for clear text in it.
std::string CipherBytes(const std::filesystem::path& source) {
  std::string all;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source)) {
    all += entry.path().filename().string() + "\n";
    if (entry.is_regular_file()) all += ReadFileText(entry.path()).value_or("");
  }
  return all;
}

TEST_F(AgentEndToEnd, AnEncryptedVolumeKeepsTheStateOfOneRunForTheNextAsCiphertext) {
  const std::vector<std::string> workload = StatefulWorkload(dir_);
  const std::vector<std::string> args =
      EnrolledRun(WriteConfig(trustee_->url(), VolumeTable(dir_, "data")), workload);

  const CommandResult first = Agent(args);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("no state yet"), std::string::npos) << first.out;
  EXPECT_NE(first.err.find("volume data: initialised a new encrypted volume"), std::string::npos)
      << first.err;
  // Outside the agent's namespace the mountpoint is empty, during and after the run; the disk
  // holds gocryptfs's configuration and ciphertext without the file's name or contents.
  EXPECT_TRUE(std::filesystem::is_empty(dir_ / "plain"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "cipher" / "gocryptfs.conf"));
  const std::string on_disk = CipherBytes(dir_ / "cipher");
  EXPECT_EQ(on_disk.find("widgets"), std::string::npos);
  EXPECT_EQ(on_disk.find("state"), std::string::npos);

  const CommandResult second = Agent(args);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("widgets counted: 42"), std::string::npos) << second.out;
  EXPECT_NE(second.err.find("volume data: authenticating every file"), std::string::npos)
      << second.err;
  EXPECT_NE(second.err.find("volume data: unmounted"), std::string::npos) << second.err;
}

TEST_F(AgentEndToEnd, AVolumeIsNeverOpenedForAWorkloadWhoseAttestationIsRefused) {
  const std::vector<std::string> workload = StatefulWorkload(dir_);
  const std::vector<std::string> args =
      EnrolledRun(WriteConfig(trustee_->url(), VolumeTable(dir_, "data")), workload);
  ASSERT_EQ(Agent(args).exit_code, 0);
  const std::string before = CipherBytes(dir_ / "cipher");

  // The ciphertext copied to a machine the trustee does not know (a TPM whose key is not
  // enrolled): the trustee refuses the attestation and releases no key.
  Reboot();
  WriteConfig(trustee_->url(), VolumeTable(dir_, "data"));
  const CommandResult refused = Agent(args);
  EXPECT_EQ(refused.exit_code, 125) << refused.err;
  EXPECT_NE(refused.err.find("contraindicated"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find("volume data"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.out.find("widgets"), std::string::npos) << refused.out;
  EXPECT_EQ(CipherBytes(dir_ / "cipher"), before);
}

TEST_F(AgentEndToEnd, AVolumeOpenedWithAnotherKeyOrTamperedWithStopsTheRunBeforeTheWorkload) {
  const std::vector<std::string> workload = StatefulWorkload(dir_);
  const std::vector<std::string> args =
      EnrolledRun(WriteConfig(trustee_->url(), VolumeTable(dir_, "data")), workload);
  ASSERT_EQ(Agent(args).exit_code, 0);

  // A changed configuration measures differently: start from a fresh boot and enrol it.
  Reboot();
  const std::string other_key = WriteConfig(trustee_->url(), VolumeTable(dir_, "other"));
  EnrolWorkload(other_key, workload);
  const CommandResult wrong = Agent(args);
  EXPECT_EQ(wrong.exit_code, 125) << wrong.err;
  EXPECT_NE(wrong.err.find("volume data: checking " + (dir_ / "cipher").string() +
                           ": the key does not open it"),
            std::string::npos)
      << wrong.err;
  EXPECT_EQ(wrong.out.find("widgets"), std::string::npos) << "the workload ran";

  // Back to the right key, but one ciphertext byte changed on the untrusted disk.
  Reboot();
  EnrolWorkload(WriteConfig(trustee_->url(), VolumeTable(dir_, "data")), workload);
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "cipher")) {
    if (entry.path().filename().string().rfind("gocryptfs.", 0) == 0) continue;
    std::string bytes = ReadFileText(entry.path()).value();
    bytes.back() = static_cast<char>(bytes.back() ^ 0x01);
    WriteFile(entry.path(), bytes);
  }
  const CommandResult tampered = Agent(args);
  EXPECT_EQ(tampered.exit_code, 125) << tampered.err;
  EXPECT_NE(tampered.err.find("fail authentication: it was tampered with or damaged"),
            std::string::npos)
      << tampered.err;
  EXPECT_EQ(tampered.out.find("widgets"), std::string::npos) << "the workload ran";
}

// A trustee that accepts connections and never answers: every exchange would wait out its
// timeout.
struct SilentTrustee {
  UniqueFd socket;
  std::string url;
};

SilentTrustee ListenWithoutAnswering() {
  SilentTrustee silent{UniqueFd(::socket(AF_INET, SOCK_STREAM, 0)), ""};
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  EXPECT_EQ(bind(silent.socket.get(), reinterpret_cast<sockaddr*>(&address), length), 0);
  EXPECT_EQ(listen(silent.socket.get(), 16), 0);
  EXPECT_EQ(getsockname(silent.socket.get(), reinterpret_cast<sockaddr*>(&address), &length), 0);
  silent.url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  return silent;
}

TEST_F(AgentEndToEnd, StopSignalDuringTrusteeRetriesEndsTheAgentWith125AndNothingLaunched) {
  // Issue 19: SIGTERM at 1 s took effect only at 54 s, then killed the agent without a word.
  const SilentTrustee silent = ListenWithoutAnswering();
  const std::string config = WriteConfig(silent.url, "", "timeout_seconds = 120\n");
  const auto started = std::chrono::steady_clock::now();
  const CommandResult run =
      AgentAfter("(sleep 1; kill -TERM $$) &", Marker().string(),
                 {"run", "--config", config, "--", "/bin/sh", "-c", "touch \"$MARKER\""});
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(run.exit_code, 125) << run.err;
  EXPECT_NE(run.err.find("nothing was launched: interrupted by SIGTERM before the workload was "
                         "launched"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(std::filesystem::exists(Marker()));
  EXPECT_LT(took, std::chrono::seconds(60)) << "the exchange was waited out, not interrupted";
}

TEST_F(AgentEndToEnd, StopSignalDuringBackoffEndsTheAgentWith125) {
  const std::string config = WriteConfig("http://127.0.0.1:9", "", "");
  std::string text = ReadFileText(config).value();
  text.replace(text.find("attempts = 2"), 12, "attempts = 50");
  WriteFile(config, text);
  const CommandResult run = AgentAfter("(sleep 1; kill -HUP $$) &", Marker().string(),
                                       {"run", "--config", config, "--", "/bin/true"});
  EXPECT_EQ(run.exit_code, 125) << run.err;
  EXPECT_NE(run.err.find("nothing was launched: interrupted by SIGHUP"), std::string::npos)
      << run.err;
}

TEST_F(AgentEndToEnd, SignalsTheAgentInheritedAsIgnoredAreDefaultForTheWorkload) {
  const std::string config = WriteConfig(trustee_->url());
  const std::vector<std::string> command = {"/bin/sh", "-c",
                                            "grep -E 'SigIgn|SigBlk' /proc/self/status"};
  std::vector<std::string> args = EnrolledRun(config, command);
  const CommandResult run = AgentAfter("trap '' TERM HUP INT QUIT USR1", Marker().string(), args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("SigIgn:\t0000000000000000"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("SigBlk:\t0000000000000000"), std::string::npos) << run.out;
}

TEST_F(AgentEndToEnd, ARootAgentRunsTheWorkloadUnderAUidNoOtherProcessHas) {
  if (geteuid() != 0) GTEST_SKIP() << "only a root agent switches users";
  const std::string config = WriteConfig(trustee_->url());
  const std::vector<std::string> command = {
      "/bin/sh", "-c",
      "u=$(id -u); echo $u; ps -e -o uid= | grep -c \"^ *$u$\"; "
      "grep -E '^(Uid|Gid|Groups):' /proc/self/status"};
  std::vector<std::string> args = EnrolledRun(config, command);
  const CommandResult run = Agent(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const long uid = std::stol(run.out);
  EXPECT_GE(uid, 61000);
  EXPECT_LE(uid, 61999);
  // Only the shell, ps and grep run as that uid: the workload itself. (The uid is read before the
  // pipeline: a $(id -u) inside it would fork a fourth process while ps looks.)
  EXPECT_NE(run.out.find("\n3\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Groups:\t" + std::to_string(uid)), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("which no other process uses"), std::string::npos) << run.err;
}

TEST_F(AgentEndToEnd, AUserThatAnotherProcessRunsAsIsRefused) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to start a process as nobody";
  const CommandResult nobody_sleeps =
      testing::RunCommand({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                           "/bin/sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!"});
  ASSERT_EQ(nobody_sleeps.exit_code, 0) << nobody_sleeps.err;
  const pid_t sleeper = static_cast<pid_t>(std::stol(nobody_sleeps.out));
  const std::string config = WriteConfig(trustee_->url(), "user = \"nobody\"\n");
  const CommandResult run =
      Agent({"run", "--config", config, "--", "/bin/sh", "-c", "touch \"$MARKER\""});
  kill(sleeper, SIGKILL);
  EXPECT_EQ(run.exit_code, 125) << run.err;
  EXPECT_NE(run.err.find("nobody (uid 65534) is already used by another process"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(std::filesystem::exists(Marker()));
}

// True when /proc shows no live process `pid` (gone, or a zombie nobody reaped yet).
bool ProcessGone(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("State:")) return line.find('Z') != std::string::npos;
  }
  return true;
}

TEST_F(AgentEndToEnd, WhatTheWorkloadLeavesRunningEndsWithIt) {
  // Issue 19: a child the workload left running kept the tmpfs readable after it exited.
  const std::string config = WriteConfig(trustee_->url());
  const std::vector<std::string> command = {
      "/bin/sh", "-c", "setsid sleep 300 >/dev/null 2>&1 & echo $! > \"$MARKER.child\"; exit 0"};
  std::vector<std::string> args = EnrolledRun(config, command);
  const CommandResult run = Agent(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const pid_t child =
      static_cast<pid_t>(std::stol(ReadFileText(Marker().string() + ".child").value()));
  EXPECT_TRUE(ProcessGone(child)) << "the workload's child outlived it";
  if (!ProcessGone(child)) kill(child, SIGKILL);
}

TEST_F(AgentEndToEnd, KillingTheAgentWithSigkillEndsTheWorkload) {
  // Issue 19: after kill -9 of the agent the workload ran on, reparented to PID 1.
  const std::string config = WriteConfig(trustee_->url());
  const std::vector<std::string> command = {"/bin/sh", "-c",
                                            "echo $$ > \"$MARKER.pid\"; exec sleep 300"};
  EnrolWorkload(config, command);
  const std::string script =
      // Output to a file: a surviving workload must not hold this test's pipes open.
      "\"$0\" run --config \"$1\" -- /bin/sh -c 'echo $$ > \"$MARKER.pid\"; exec sleep 300' "
      ">\"$MARKER.log\" 2>&1 </dev/null &\n"
      "agent=$!\n"
      "i=0; while [ ! -s \"$MARKER.pid\" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done\n"
      "kill -KILL $agent\n"
      "cat \"$MARKER.pid\"\n";
  const CommandResult run =
      testing::RunCommand({"/usr/bin/env", "MARKER=" + Marker().string(), "/bin/sh", "-c", script,
                           testing::BuiltBinary("veil-agent"), config});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const pid_t workload = static_cast<pid_t>(std::stol(run.out));
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    gone = ProcessGone(workload);
    if (!gone) usleep(25'000);
  }
  EXPECT_TRUE(gone) << "the workload outlived a SIGKILLed agent:\n"
                    << ReadFileText(Marker().string() + ".log").value_or("");
  if (!gone) kill(workload, SIGKILL);
}

TEST_F(AgentEndToEnd, APinnedTokenKeyIsCheckedBeforeTheStatusIsBelieved) {
  // The owner fetched the trustee's JWK set once, over a channel they trust.
  const CommandResult jwks =
      testing::RunCommand({"/usr/bin/curl", "-sf", trustee_->url() + "/.well-known/jwks.json"});
  ASSERT_EQ(jwks.exit_code, 0) << jwks.err;
  WriteFile(dir_ / "trustee-jwks.json", jwks.out);
  const std::string config = WriteConfig(
      trustee_->url(), "", "token_key = \"" + (dir_ / "trustee-jwks.json").string() + "\"\n");
  EnrolWorkload(config, {"./run.sh"});
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("affirming (token signature verified)"), std::string::npos) << run.err;
  EXPECT_TRUE(std::filesystem::exists(Marker()));
}

TEST_F(AgentEndToEnd, ATokenNotSignedByThePinnedKeyIsRefusedWith125) {
  // Issue 19: a machine in the middle answering "affirming" with a key of its own.
  ASSERT_EQ(testing::RunCommand({"/usr/bin/openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                                 "ec_paramgen_curve:P-256", "-out", (dir_ / "other.key").string()})
                .exit_code,
            0);
  ASSERT_EQ(testing::RunCommand({"/usr/bin/openssl", "pkey", "-in", (dir_ / "other.key").string(),
                                 "-pubout", "-out", (dir_ / "other.pem").string()})
                .exit_code,
            0);
  const std::string config =
      WriteConfig(trustee_->url(), "", "token_key = \"" + (dir_ / "other.pem").string() + "\"\n");
  EnrolWorkload(config, {"./run.sh"});
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 125) << run.err;
  EXPECT_NE(run.err.find("nothing was launched: "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("not signed by the pinned trustee key"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("attested to"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(Marker()));
}

// The trustee over TLS: the agent trusts exactly the CA it is given, or exactly the pinned key.
class AgentOverTls : public AgentEndToEnd {
 protected:
  void SetUp() override {
    AgentEndToEnd::SetUp();
    const std::filesystem::path tls = dir_ / "tls";
    std::filesystem::create_directories(tls);
    ASSERT_EQ(testing::RunCommand({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                   "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                                   (tls / "key.pem").string(), "-out", (tls / "cert.pem").string(),
                                   "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
                                   "subjectAltName=IP:127.0.0.1"})
                  .exit_code,
              0);
    WriteFile(tls / "trustee.toml",
              "[server]\ntls_certificate = \"cert.pem\"\ntls_private_key = \"key.pem\"\n");
    auto trustee = testing::TrusteeProcess::Start(dir_ / "tls-data",
                                                  {"--config", (tls / "trustee.toml").string()});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    tls_trustee_ = std::move(*trustee);
    url_ = "https://127.0.0.1:" + std::to_string(tls_trustee_->port());
    const Bytes pem = ReadFileBytes(tls / "cert.pem").value();
    const auto key = crypto::Certificate::FromDerOrPem(pem).value().GetPublicKey().value();
    pin_ = "sha256//" + Base64Encode(crypto::Sha256(key.SpkiDer()));
  }

  std::unique_ptr<testing::TrusteeProcess> tls_trustee_;
  std::string url_;
  std::string pin_;
};

TEST_F(AgentOverTls, TalksToTheTrusteeThroughItsCaOrPinnedKey) {
  // This trustee has no reference values, so a completed handshake ends in a contraindicated
  // result: proof that TLS, /auth and /attest all went through.
  for (const std::string& trust : {"ca_file = \"" + (dir_ / "tls" / "cert.pem").string() + "\"\n",
                                   "ca_file = \"" + (dir_ / "tls" / "cert.pem").string() +
                                       "\"\npinned_public_key = \"" + pin_ + "\"\n"}) {
    const std::string config = WriteConfig(url_, "", trust);
    const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
    EXPECT_EQ(run.exit_code, 125);
    EXPECT_NE(run.err.find("appraised this TEE as contraindicated"), std::string::npos) << run.err;
    EXPECT_FALSE(std::filesystem::exists(Marker()));
  }
}

TEST_F(AgentOverTls, RefusesATrusteeWhoseKeyIsNotThePinnedOne) {
  const std::string other_pin = "sha256//" + Base64Encode(crypto::Sha256(AsBytes("another key")));
  const std::string config = WriteConfig(url_, "",
                                         "ca_file = \"" + (dir_ / "tls" / "cert.pem").string() +
                                             "\"\npinned_public_key = \"" + other_pin + "\"\n");
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 125);
  EXPECT_NE(run.err.find("public key"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("attested to"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("retrying"), std::string::npos)
      << "a pin mismatch is not worth retrying: " << run.err;
}

TEST_F(AgentOverTls, RefusesATrusteeItsCaDidNotSign) {
  const std::string config =
      WriteConfig(url_);  // no ca_file: the system store does not know this certificate
  const CommandResult run = Agent({"run", "--config", config, "--", "./run.sh"});
  EXPECT_EQ(run.exit_code, 125);
  EXPECT_NE(run.err.find("certificate"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("attested to"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace veil
