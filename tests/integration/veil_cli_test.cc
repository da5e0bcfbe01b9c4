// `veil evidence verify` and `veil admin keygen` as a user runs them: exit codes, one-line
// reasons, JSON output, the files written and their modes.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "veil/base/file.h"
#include "veil/base/rfc3339.h"
#include "veil/testing/command.h"
#include "veil/testing/file_mode.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/snp_test_ca.h"

namespace veil {
namespace {

using testing::CommandResult;

CommandResult Veil(std::vector<std::string> args) {
  args.insert(args.begin(), testing::BuiltBinary("veil"));
  return testing::RunCommand(args);
}

std::string Fixture(const char* name) { return testing::Fixture(name).string(); }

TEST(VeilEvidenceVerify, GenuineSnpReportExitsZeroWithClaims) {
  const CommandResult result = Veil({"evidence", "verify", "--tee", "snp", "--report",
                                     Fixture("snp/milan-virtee-report.bin"), "--vcek",
                                     Fixture("snp/milan-virtee-vcek.der"), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto json = nlohmann::json::parse(result.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << result.out;
  EXPECT_EQ(json["valid"], true);
  EXPECT_EQ(json["tee"], "snp");
  EXPECT_FALSE(json.contains("reason"));
  EXPECT_EQ(json["claims"]["measurement"],
            "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c4"
            "80cd81841f");
}

TEST(VeilEvidenceVerify, ExpiredVlekIsRejectedUnlessAtIsInsideItsValidity) {
  const std::vector<std::string> base = {"evidence", "verify",
                                         "--tee",    "snp",
                                         "--report", Fixture("snp/milan-aws-vlek-report.bin"),
                                         "--vcek",   Fixture("snp/milan-aws-vlek.der")};
  const CommandResult now = Veil(base);
  EXPECT_EQ(now.exit_code, 1);
  EXPECT_NE(now.out.find("REJECTED: snp: VLEK chain: certificate has expired"), std::string::npos)
      << now.out;

  std::vector<std::string> then = base;
  then.insert(then.end(), {"--at", "2025-01-01T00:00:00Z"});
  EXPECT_EQ(Veil(then).exit_code, 0);
}

TEST(VeilEvidenceVerify, ReportDataMismatchIsOneLineWithBothValues) {
  const CommandResult result =
      Veil({"evidence", "verify", "--tee", "snp", "--report", Fixture("snp/milan-gsg-report.bin"),
            "--vcek", Fixture("snp/milan-gsg-vcek.der"), "--report-data", "ff", "--json"});
  EXPECT_EQ(result.exit_code, 1);
  const auto json = nlohmann::json::parse(result.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << result.out;
  EXPECT_EQ(json["valid"], false);
  const std::string reason = json["reason"];
  EXPECT_EQ(reason.rfind("snp: REPORT_DATA mismatch: expected ff00", 0), 0u) << reason;
  EXPECT_NE(reason.find("got 0102030405"), std::string::npos) << reason;
}

TEST(VeilEvidenceVerify, ExplicitCaChainIsUsed) {
  EXPECT_EQ(Veil({"evidence", "verify", "--tee", "snp", "--report",
                  Fixture("snp/milan-gsg-report.bin"), "--vcek", Fixture("snp/milan-gsg-vcek.der"),
                  "--ca-chain", Fixture("certs/amd/ask_ark_milan.pem")})
                .exit_code,
            0);
  const CommandResult wrong =
      Veil({"evidence", "verify", "--tee", "snp", "--report", Fixture("snp/milan-gsg-report.bin"),
            "--vcek", Fixture("snp/milan-gsg-vcek.der"), "--ca-chain",
            Fixture("certs/amd/ask_ark_turin.pem")});
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out;
}

// A report minted by the SNP test CA: genuine only under --ca-chain with the test ARK, and a VCEK
// that certifies another TCB is refused with one line naming REPORTED_TCB.
TEST(VeilEvidenceVerify, MintedReportVerifiesOnlyAgainstItsInjectedRoot) {
  const TimePoint now = ParseRfc3339("2026-06-01T00:00:00Z").value();
  const testing::SnpTestCa ca = testing::SnpTestCa::Create(now).value();
  testing::SnpReportFields fields;  // REPORTED_TCB bl 3, tee 0, snp 8, ucode 115
  fields.reported_tcb =
      testing::EncodeTcbVersion(testing::VcekProfile().tcb, evidence::snp::Product::kMilan);
  const testing::ScratchDir dir("minted-snp");
  const auto write = [&](const std::string& name, const auto& bytes) {
    std::ofstream(dir / name, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return (dir / name).string();
  };
  // A report signed by a VCEK for `profile`, and that VCEK: the arguments after --tee snp.
  const auto minted = [&](const std::string& name, const testing::VcekProfile& profile) {
    const testing::IssuedVcek vcek = ca.IssueVcek(profile).value();
    Bytes report = testing::BuildSnpReport(fields);
    VEIL_CHECK(testing::SignSnpReport(report, vcek.key).has_value());
    return std::vector<std::string>{"evidence", "verify",
                                    "--tee",    "snp",
                                    "--at",     "2026-06-01T00:00:00Z",
                                    "--report", write(name + ".bin", report),
                                    "--vcek",   write(name + ".der", vcek.certificate.Der())};
  };
  const auto plus = [](std::vector<std::string> args, std::vector<std::string> extra) {
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  const std::string chain = write("ask_ark.pem", ca.CaChainPem());
  const std::vector<std::string> genuine_args = minted("genuine", {});

  const CommandResult genuine = Veil(plus(genuine_args, {"--ca-chain", chain, "--json"}));
  ASSERT_EQ(genuine.exit_code, 0) << genuine.out << genuine.err;
  const auto json = nlohmann::json::parse(genuine.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << genuine.out;
  EXPECT_EQ(json["claims"]["endorsement"]["ark_bundled"], false);

  const CommandResult bundled = Veil(genuine_args);
  EXPECT_EQ(bundled.exit_code, 1) << bundled.out;
  EXPECT_NE(bundled.out.find("REJECTED: snp: VCEK chain"), std::string::npos) << bundled.out;

  testing::VcekProfile newer;
  newer.tcb.snp = 9;
  const CommandResult mismatch = Veil(plus(minted("newer", newer), {"--ca-chain", chain}));
  EXPECT_EQ(mismatch.exit_code, 1) << mismatch.out;
  EXPECT_NE(mismatch.out.find("REJECTED: snp: REPORTED_TCB mismatch: certificate is for bl 3, "
                              "tee 0, snp 9, ucode 115, report has bl 3, tee 0, snp 8, ucode 115"),
            std::string::npos)
      << mismatch.out;
}

// --evidence takes what a CoCo guest sends: the current sev-crate form, its chain's VCEK or VLEK,
// --vcek when the chain is null, and a whole /attest body.
TEST(VeilEvidenceVerify, CocoSnpEvidenceAsGuestsSendIt) {
  const std::string v2 = testing::TestData("coco/snp-v2-sev7-milan.json").string();
  const CommandResult genuine = Veil({"evidence", "verify", "--tee", "snp", "--evidence", v2});
  EXPECT_EQ(genuine.exit_code, 0) << genuine.out << genuine.err;
  EXPECT_NE(genuine.out.find("VALID: snp evidence is genuine"), std::string::npos);

  const std::string vlek = testing::TestData("coco/snp-v3-sev7-aws-vlek.json").string();
  EXPECT_EQ(Veil({"evidence", "verify", "--tee", "snp", "--evidence", vlek, "--at",
                  "2025-01-01T00:00:00Z"})
                .exit_code,
            0);

  const std::string no_certs = testing::TestData("coco/snp-v2-sev7-no-certs.json").string();
  const CommandResult missing =
      Veil({"evidence", "verify", "--tee", "snp", "--evidence", no_certs});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cert_chain holds no VCEK or VLEK; pass the one for this chip and "
                             "TCB with --vcek FILE"),
            std::string::npos)
      << missing.err;
  EXPECT_EQ(Veil({"evidence", "verify", "--tee", "snp", "--evidence", no_certs, "--vcek",
                  Fixture("snp/milan-virtee-vcek.der")})
                .exit_code,
            0);
  // An offline VCEK store filled by hand serves a report sent without one.
  const testing::ScratchDir store("vcek-store");
  std::filesystem::create_directories(store / "Milan" /
                                      "d49554ec717f4e5b0fe6b143bcf0405bd7ae304727edf46603f2a76aef6a"
                                      "3abc15d7af38db757039029f0efacfd08e"
                                      "244324884738c72b082e2f87a44d541eb6");
  std::filesystem::copy_file(
      Fixture("snp/milan-virtee-vcek.der"),
      store / "Milan" /
          "d49554ec717f4e5b0fe6b143bcf0405bd7ae304727edf46603f2a76aef6a3abc15d7af38db757039029f0efa"
          "cfd08e244324884738c72b082e2f87a44d541eb6" /
          "bl3-tee0-snp8-ucode115.der");
  EXPECT_EQ(Veil({"evidence", "verify", "--tee", "snp", "--evidence", no_certs, "--vcek-store",
                  store.path().string()})
                .exit_code,
            0);
  // Another chip's VCEK does not verify the report.
  EXPECT_EQ(Veil({"evidence", "verify", "--tee", "snp", "--evidence", no_certs, "--vcek",
                  Fixture("snp/milan-gsg-vcek.der")})
                .exit_code,
            1);

  const testing::ScratchDir dir("coco-attest-body");
  const Bytes text = testing::ReadTestData("coco/snp-v2-sev7-milan.json");
  const nlohmann::json body = {
      {"tee-pubkey", {{"kty", "EC"}}},
      {"tee-evidence",
       {{"primary_evidence", nlohmann::json::parse(text.begin(), text.end())},
        {"additional_evidence", ""}}}};
  std::ofstream(dir / "attest.json") << body.dump();
  EXPECT_EQ(
      Veil({"evidence", "verify", "--tee", "snp", "--evidence", (dir / "attest.json").string()})
          .exit_code,
      0);
}

TEST(VeilEvidenceVerify, CocoTpmEvidenceFromCocosOwnTestData) {
  const CommandResult genuine = Veil({"evidence", "verify", "--tee", "tpm", "--evidence",
                                      Fixture("coco/tpm-evidence.json"), "--json"});
  ASSERT_EQ(genuine.exit_code, 0) << genuine.out << genuine.err;
  const auto json = nlohmann::json::parse(genuine.out, nullptr, false);
  EXPECT_EQ(json["valid"], true);
  const CommandResult wrong_nonce = Veil({"evidence", "verify", "--tee", "tpm", "--evidence",
                                          Fixture("coco/tpm-evidence.json"), "--nonce", "00"});
  EXPECT_EQ(wrong_nonce.exit_code, 1) << wrong_nonce.out;
  const CommandResult both = Veil({"evidence", "verify", "--tee", "tpm", "--evidence",
                                   Fixture("coco/tpm-evidence.json"), "--ak", "x"});
  EXPECT_EQ(both.exit_code, 2);
}

TEST(VeilCommands, AnUnknownCommandIsNamedWithTheNearestOneAndTheChoices) {
  const CommandResult list = Veil({"secret", "list"});
  EXPECT_EQ(list.exit_code, 2);
  EXPECT_NE(
      list.err.find("veil: unknown command 'veil secret list'; did you mean 'veil secret ls'?"),
      std::string::npos)
      << list.err;
  EXPECT_NE(list.err.find("Commands of 'veil secret': "), std::string::npos) << list.err;
  const CommandResult help = Veil({"help"});
  EXPECT_EQ(help.exit_code, 2);
  EXPECT_NE(help.err.find("unknown command 'veil help'; for help run 'veil --help'"),
            std::string::npos)
      << help.err;
  const CommandResult far = Veil({"polcy", "zzz"});
  EXPECT_NE(far.err.find("did you mean 'veil policy'?"), std::string::npos) << far.err;
  const CommandResult nothing_near = Veil({"evidence", "xyzzy"});
  EXPECT_NE(nothing_near.err.find("unknown command 'veil evidence xyzzy'\nCommands of "),
            std::string::npos)
      << nothing_near.err;
  // Arguments of a command are not commands: a real usage error keeps CLI11's message.
  EXPECT_EQ(Veil({"evidence", "verify", "--tee"}).exit_code, 2);
}

// Completes `veil WORDS... CUR` with the generated script in a real bash, as the shell would.
std::string Complete(const std::string& script, const std::vector<std::string>& words) {
  std::string array = "veil";
  for (const std::string& word : words) array += " '" + word + "'";
  const std::string program = script + "\nCOMP_WORDS=(" + array +
                              ")\nCOMP_CWORD=" + std::to_string(words.size()) +
                              "\n_veil\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
  return testing::RunCommand({"bash", "-c", program}).out;
}

TEST(VeilCompletion, TheBashScriptCompletesCommandsThenOptions) {
  const CommandResult script = Veil({"completion", "bash"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  EXPECT_NE(script.out.find("complete -o default -F _veil veil"), std::string::npos);
  EXPECT_EQ(Complete(script.out, {"sec"}), "secret\n");
  EXPECT_EQ(Complete(script.out, {"secret", "p"}), "put\n");
  const std::string put_options = Complete(script.out, {"secret", "put", "prod/key/db", "--"});
  EXPECT_NE(put_options.find("--url\n"), std::string::npos) << put_options;
  EXPECT_NE(put_options.find("--json\n"), std::string::npos) << put_options;
  const std::string verify = Complete(script.out, {"evidence", "verify", "--t"});
  EXPECT_EQ(verify, "--tee\n");
}

TEST(VeilEvidenceVerify, UsageErrorsExitTwo) {
  EXPECT_EQ(Veil({"evidence", "verify", "--tee", "snp"}).exit_code, 2);
  EXPECT_EQ(Veil({"evidence", "verify", "--tee", "nope"}).exit_code, 2);
  EXPECT_EQ(Veil({"evidence", "verify", "--tee", "snp", "--report", "/nonexistent/report.bin",
                  "--vcek", Fixture("snp/milan-gsg-vcek.der")})
                .exit_code,
            2);
  EXPECT_EQ(
      Veil({"evidence", "verify", "--tee", "snp", "--report", Fixture("snp/milan-gsg-report.bin"),
            "--vcek", Fixture("snp/milan-gsg-vcek.der"), "--at", "yesterday"})
          .exit_code,
      2);
  EXPECT_EQ(
      Veil({"evidence", "verify", "--tee", "snp", "--report", Fixture("snp/milan-gsg-report.bin"),
            "--vcek", Fixture("snp/milan-gsg-report.bin")})
          .exit_code,
      2);
}

TEST(VeilEvidenceVerify, AnOptionOfAnotherTeeIsAUsageErrorNotASilentPass) {
  const CommandResult report_data_for_tpm =
      Veil({"evidence", "verify", "--tee", "tpm", "--report-data", "ffff", "--evidence",
            Fixture("coco/tpm-evidence.json")});
  EXPECT_EQ(report_data_for_tpm.exit_code, 2);
  EXPECT_NE(report_data_for_tpm.err.find("--report-data does not apply to --tee tpm (it is for "
                                         "snp, sample, tdx and sgx evidence)"),
            std::string::npos)
      << report_data_for_tpm.err;
  const CommandResult nonce_for_snp =
      Veil({"evidence", "verify", "--tee", "snp", "--report", Fixture("snp/milan-gsg-report.bin"),
            "--vcek", Fixture("snp/milan-gsg-vcek.der"), "--nonce", "00"});
  EXPECT_EQ(nonce_for_snp.exit_code, 2);
  EXPECT_NE(nonce_for_snp.err.find("--nonce does not apply to --tee snp (it is for tpm evidence)"),
            std::string::npos)
      << nonce_for_snp.err;
}

TEST(VeilEvidenceVerify, TruncatedReportIsRejectedNotCrashed) {
  const std::string truncated = ::testing::TempDir() + "/truncated-report.bin";
  const Bytes bytes = testing::ReadFixture("snp/milan-gsg-report.bin");
  FILE* file = std::fopen(truncated.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fwrite(bytes.data(), 1, 1000, file);
  std::fclose(file);
  const CommandResult result = Veil({"evidence", "verify", "--tee", "snp", "--report", truncated,
                                     "--vcek", Fixture("snp/milan-gsg-vcek.der")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("ATTESTATION_REPORT must be 1184 bytes, got 1000"), std::string::npos)
      << result.out;
}

TEST(VeilEvidenceVerify, SampleEvidenceIsReportedInsecure) {
  const std::string path = ::testing::TempDir() + "/sample.json";
  FILE* file = std::fopen(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  std::fputs(R"({"svn": "1", "report_data": "AQID"})", file);
  std::fclose(file);
  const CommandResult result =
      Veil({"evidence", "verify", "--tee", "sample", "--evidence", path, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto json = nlohmann::json::parse(result.out, nullptr, false);
  EXPECT_EQ(json["tee"], "sample");
  EXPECT_EQ(json["claims"]["insecure"], true);
}

TEST(VeilEvidenceVerify, HelpDescribesEveryTee) {
  const CommandResult help = Veil({"evidence", "verify", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--report", "--vcek", "--ca-chain", "--at", "--ak", "--message",
                           "--pcrs", "--nonce", "--pcr-list", "--evidence", "Exit status"}) {
    EXPECT_NE(help.out.find(flag), std::string::npos) << flag;
  }
}

// --- veil admin keygen
// ----------------------------------------------------------------------------

// The child inherits the umask: a permissive one must not loosen what keygen writes.
class KeygenTest : public ::testing::Test {
 protected:
  KeygenTest() : previous_umask_(::umask(0)) {}
  ~KeygenTest() override { ::umask(previous_umask_); }

  CommandResult Keygen(const std::filesystem::path& dir) {
    return Veil({"admin", "keygen", "--out", dir.string()});
  }

  testing::ScratchDir scratch_{"keygen"};

 private:
  mode_t previous_umask_;
};

TEST_F(KeygenTest, WritesAPrivateKeyInAPrivateDirectory) {
  const auto dir = scratch_ / "admin";
  const CommandResult result = Keygen(dir);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(testing::FileMode(dir), 0700u);
  EXPECT_EQ(testing::FileMode(dir / "admin.key"), 0600u);
  EXPECT_EQ(testing::FileMode(dir / "admin.pub"), 0644u);
  EXPECT_EQ(ReadFileText(dir / "admin.key").value().rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
  EXPECT_EQ(ReadFileText(dir / "admin.pub").value().rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
}

TEST_F(KeygenTest, RefusesToReplaceAnExistingKeyAndLeavesItAlone) {
  const auto dir = scratch_ / "admin";
  ASSERT_EQ(Keygen(dir).exit_code, 0);
  const std::string key = ReadFileText(dir / "admin.key").value();
  const std::string pub = ReadFileText(dir / "admin.pub").value();
  const CommandResult again = Keygen(dir);
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(
      again.err.find((dir / "admin.key").string() + " exists (a file); refusing to replace it"),
      std::string::npos)
      << again.err;
  EXPECT_EQ(ReadFileText(dir / "admin.key").value(), key);
  EXPECT_EQ(ReadFileText(dir / "admin.pub").value(), pub);
}

TEST_F(KeygenTest, RefusesASymlinkWhereTheKeyGoesAndWritesNothingThroughIt) {
  const auto dir = scratch_ / "admin";
  std::filesystem::create_directory(dir);
  ::chmod(dir.c_str(), 0700);
  std::filesystem::create_symlink(scratch_ / "stolen", dir / "admin.key");
  const CommandResult result = Keygen(dir);
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("exists (a symbolic link)"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(scratch_ / "stolen")));
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(dir / "admin.pub")));
}

TEST_F(KeygenTest, RefusesADirectoryOthersCanWrite) {
  const auto dir = scratch_ / "shared";
  std::filesystem::create_directory(dir);
  ::chmod(dir.c_str(), 0777);
  const CommandResult result = Keygen(dir);
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("is mode 0777, writable by group or others; expected 0700 (run chmod "
                            "700 " +
                            dir.string() + ")"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "admin.key"));
}

TEST_F(KeygenTest, AnExistingPublicKeyLeavesNoPrivateKeyBehind) {
  const auto dir = scratch_ / "admin";
  std::filesystem::create_directory(dir);
  ::chmod(dir.c_str(), 0700);
  std::ofstream(dir / "admin.pub") << "someone else's";
  const CommandResult result = Keygen(dir);
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("admin.pub exists (a file)"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "admin.key"));
  EXPECT_EQ(ReadFileText(dir / "admin.pub").value(), "someone else's");
}

}  // namespace
}  // namespace veil
