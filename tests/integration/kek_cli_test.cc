// The key-encryption key of a real veil-trustee, as an operator handles it (issue 14 item 3): the
// trustee starts with a KEK from a file, refuses to start with another key (a file, VEIL_KEK or
// the data directory's default), `veil-trustee rotate-kek` re-seals the secrets offline while it
// is stopped, refuses while it runs, and afterwards the trustee starts with the new key and
// releases the same secrets, refuses the old key, and the audit log records one kek.rotate entry.

#include <gtest/gtest.h>

#include <fstream>

#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/crypto/random.h"
#include "veil/testing/command.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

constexpr const char* kSecret = "sealed under one key, then another";
constexpr const char* kWrongKey = "is not the one that sealed the stored secrets";

CommandResult RunBinary(const std::string& binary, std::vector<std::string> args) {
  args.insert(args.begin(), testing::BuiltBinary(binary));
  return testing::RunCommand(args);
}

class KekCli : public ::testing::Test {
 protected:
  KekCli() {
    EXPECT_EQ(RunBinary("veil", {"admin", "keygen", "--out", (dir_ / "admin").string()}).exit_code,
              0);
    WriteKey("kek-a", crypto::RandomBytes(32));                                // raw bytes
    WriteKey("kek-b", AsBytes(Base64Encode(crypto::RandomBytes(32)) + "\n"));  // base64 text
  }

  void WriteKey(const std::string& name, ByteSpan content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(content.data()),
               static_cast<std::streamsize>(content.size()));
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string DataDir() const { return Path("data"); }

  Result<std::unique_ptr<testing::TrusteeProcess>> Start(const std::string& kek) {
    return testing::TrusteeProcess::Start(
        dir_ / "data", {"--admin-key", Path("admin/admin.pub"), "--kek-file", Path(kek)});
  }
  CommandResult Admin(const testing::TrusteeProcess& trustee, std::vector<std::string> args) {
    args.insert(args.end(), {"--url", trustee.url(), "--key", Path("admin/admin.key")});
    return RunBinary("veil", args);
  }
  std::string Released(const testing::TrusteeProcess& trustee) {
    const CommandResult got =
        RunBinary("veil", {"guest", "get-resource", "kbs:///prod/key/db", "--url", trustee.url()});
    EXPECT_EQ(got.exit_code, 0) << got.err;
    return got.out;
  }
  // A trustee that must refuse to start: its exit status and what it said.
  CommandResult Refused(std::vector<std::string> args, const std::string& environment = "") {
    std::vector<std::string> argv = {"env"};
    if (!environment.empty()) argv.push_back(environment);
    argv.insert(argv.end(), {testing::BuiltBinary("veil-trustee"), "--listen", "127.0.0.1:0",
                             "--data-dir", DataDir()});
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::RunCommand(argv);
  }

  testing::ScratchDir dir_{"kek-cli"};
};

TEST_F(KekCli, RotationReSealsTheSecretsAndOnlyTheNewKeyStartsTheTrusteeAfterwards) {
  {
    auto trustee = Start("kek-a");
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    std::ofstream(Path("secret.txt")) << kSecret;
    ASSERT_EQ(Admin(**trustee, {"secret", "put", "prod/key/db", Path("secret.txt")}).exit_code, 0);
    std::ofstream(Path("allow.yaml"))
        << "id: allow-sample\nrules:\n  - name: sample\n    tee: [sample]\n"
           "    check: {always: true}\n    pass: {hardware: 2}\n";
    ASSERT_EQ(Admin(**trustee, {"policy", "set", "attestation", Path("allow.yaml")}).exit_code, 0);
    EXPECT_EQ(Released(**trustee), kSecret);
    EXPECT_NE((*trustee)->Log().find("sealed under the key-encryption key from the file " +
                                     Path("kek-a")),
              std::string::npos);

    // Not while a trustee runs on the data directory.
    const CommandResult busy =
        RunBinary("veil-trustee", {"rotate-kek", "--data-dir", DataDir(), "--kek-file",
                                   Path("kek-a"), "--new-kek-file", Path("kek-b")});
    EXPECT_EQ(busy.exit_code, 1);
    EXPECT_NE(busy.err.find("another veil-trustee"), std::string::npos) << busy.err;
  }

  // Another key refuses the start, whichever way it is given, and never serves.
  const CommandResult wrong_file = Refused({"--kek-file", Path("kek-b")});
  EXPECT_EQ(wrong_file.exit_code, 1);
  EXPECT_NE(wrong_file.err.find("the key-encryption key from the file " + Path("kek-b") + " " +
                                kWrongKey),
            std::string::npos)
      << wrong_file.err;
  const std::string other_base64 = Base64Encode(crypto::RandomBytes(32));
  const CommandResult wrong_environment = Refused({}, "VEIL_KEK=" + other_base64);
  EXPECT_EQ(wrong_environment.exit_code, 1);
  EXPECT_NE(wrong_environment.err.find("from the environment variable VEIL_KEK " +
                                       std::string(kWrongKey)),
            std::string::npos)
      << wrong_environment.err;
  EXPECT_EQ(wrong_environment.err.find(other_base64), std::string::npos);
  const CommandResult both = Refused({"--kek-file", Path("kek-a")}, "VEIL_KEK=" + other_base64);
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_NE(both.err.find("is given twice"), std::string::npos) << both.err;
  const CommandResult missing = Refused({"--kek-file", Path("no-such-kek")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find(Path("no-such-kek") + " does not exist"), std::string::npos)
      << missing.err;
  const CommandResult data_dir_default = Refused({});
  EXPECT_EQ(data_dir_default.exit_code, 1);
  EXPECT_NE(data_dir_default.err.find(kWrongKey), std::string::npos) << data_dir_default.err;

  const CommandResult same =
      RunBinary("veil-trustee", {"rotate-kek", "--data-dir", DataDir(), "--kek-file", Path("kek-a"),
                                 "--new-kek-file", Path("kek-a")});
  EXPECT_EQ(same.exit_code, 1);
  EXPECT_NE(same.err.find("the new key-encryption key is the current one"), std::string::npos)
      << same.err;
  const CommandResult from_wrong =
      RunBinary("veil-trustee", {"rotate-kek", "--data-dir", DataDir(), "--kek-file", Path("kek-b"),
                                 "--new-kek-file", Path("kek-a")});
  EXPECT_EQ(from_wrong.exit_code, 1);
  EXPECT_NE(from_wrong.err.find(kWrongKey), std::string::npos) << from_wrong.err;

  const CommandResult rotated =
      RunBinary("veil-trustee", {"rotate-kek", "--data-dir", DataDir(), "--kek-file", Path("kek-a"),
                                 "--new-kek-file", Path("kek-b")});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_NE(rotated.out.find("re-sealed 1 secret(s)"), std::string::npos) << rotated.out;

  const CommandResult old_key = Refused({"--kek-file", Path("kek-a")});
  EXPECT_EQ(old_key.exit_code, 1);
  EXPECT_NE(old_key.err.find(kWrongKey), std::string::npos) << old_key.err;

  auto trustee = Start("kek-b");
  ASSERT_TRUE(trustee) << trustee.error().ToString();
  EXPECT_EQ(Released(**trustee), kSecret);
  const CommandResult audit = Admin(**trustee, {"audit", "ls", "--json"});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  const auto rotations = [&] {
    std::size_t count = 0;
    for (std::size_t at = audit.out.find("\"kek.rotate\""); at != std::string::npos;
         at = audit.out.find("\"kek.rotate\"", at + 1))
      ++count;
    return count;
  }();
  EXPECT_EQ(rotations, 1u) << audit.out;
  const CommandResult verified = Admin(**trustee, {"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST_F(KekCli, CheckConfigNamesTheKeySourcesWithoutReadingThem) {
  const CommandResult file =
      RunBinary("veil-trustee", {"--check-config", "--kek-file", Path("absent"),
                                 "--token-signing-key-file", Path("absent.pem")});
  EXPECT_EQ(file.exit_code, 0) << file.err;
  EXPECT_NE(file.out.find("key-encryption key from file " + Path("absent") + "\n"),
            std::string::npos)
      << file.out;
  EXPECT_NE(file.out.find("token signing key from file " + Path("absent.pem") + "\n"),
            std::string::npos)
      << file.out;
  const CommandResult environment = testing::RunCommand(
      {"env", "VEIL_KEK=x", testing::BuiltBinary("veil-trustee"), "--check-config"});
  EXPECT_EQ(environment.exit_code, 0) << environment.err;
  EXPECT_NE(environment.out.find("key-encryption key from environment variable VEIL_KEK\n"),
            std::string::npos)
      << environment.out;
  const CommandResult unknown = RunBinary("veil-trustee", {"--check-config", "--no-such-flag"});
  EXPECT_EQ(unknown.exit_code, 2);
}

}  // namespace
}  // namespace veil
