// `veil refval` against a real veil-trustee, as separate processes (issue 20): what could never
// match is refused with the reason, values are appended and removed one by one so that a key or
// image rotates without a window, `refval ls` feeds `veil policy eval --refvals`, and `export` /
// `import` move a whole set.

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "veil/testing/command.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using testing::CommandResult;

class RefvalCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::path(::testing::TempDir()) /
                                     ("veil-refval-" + std::to_string(getpid())));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    ASSERT_EQ(Veil({"admin", "keygen", "--out", (*dir_ / "admin").string()}).exit_code, 0);
    // These tests send many admin requests in a row: above the default per-address rate.
    const std::string config = WriteFile("trustee.toml",
                                         "[admin]\n"
                                         "rate_per_second = 1000\n"
                                         "rate_burst = 1000\n");
    auto trustee = testing::TrusteeProcess::Start(
        *dir_ / "data",
        {"--config", config, "--admin-key", (*dir_ / "admin" / "admin.pub").string()});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    trustee_ = std::move(*trustee).release();
  }

  static void TearDownTestSuite() {
    delete trustee_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  static CommandResult Veil(std::vector<std::string> args) {
    args.insert(args.begin(), testing::BuiltBinary("veil"));
    return testing::RunCommand(args);
  }

  static CommandResult Admin(std::vector<std::string> args) {
    args.insert(args.end(),
                {"--url", trustee_->url(), "--key", (*dir_ / "admin" / "admin.key").string()});
    return Veil(args);
  }

  static std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = (*dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  static inline std::filesystem::path* dir_ = nullptr;
  static inline testing::TrusteeProcess* trustee_ = nullptr;
};

// Issue 20's findings, through the real CLI and trustee: none of these is stored.
TEST_F(RefvalCli, RefvalAddRefusesWhatCouldNeverMatchSayingWhy) {
  const struct {
    std::vector<std::string> args;
    std::string message;
  } cases[] = {
      // docs/trustee.md printed this; pasted literally it must not become a reference value.
      {{"tpm.ak", "6a114d75…d5b6"},
       "value \"6a114d75…d5b6\": character 9 is \"…\", not a hex digit"},
      {{"tpm.ak", std::string(60, 'a')}, "expected 64 hex digits (32 bytes), found 60 hex digits"},
      {{"snp.measurement", std::string(96, 'a') + "aa"}, "expected 96 hex digits (48 bytes)"},
      {{"tpm.akk", std::string(64, 'a')}, "did you mean tpm.ak?"},
      {{"snp.measurment", std::string(96, 'a')}, "did you mean snp.measurement?"},
      {{"snp.measurement", std::string(96, 'a'), "--expires", "2020-01-01T00:00:00Z"},
       "expires 2020-01-01T00:00:00Z, which is not after now"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"refval", "add"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const CommandResult refused = Admin(args);
    EXPECT_EQ(refused.exit_code, 2) << c.args[0] << ": " << refused.err;
    EXPECT_NE(refused.err.find(c.message), std::string::npos) << refused.err;
  }
  const CommandResult listed = Admin({"refval", "ls"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out.find("tpm.akk"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("measurment"), std::string::npos) << listed.out;

  // --force stores an unknown name under a TEE prefix (a claim a newer appraisal emits).
  const CommandResult forced = Admin({"refval", "add", "tdx.rtmr4", "abcd", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(Admin({"refval", "rm", "tdx.rtmr4"}).exit_code, 0);
}

// Rotation without a window: the new image is accepted beside the old one, then the old one is
// removed on its own; `get` shows each value's expiry and provenance.
TEST_F(RefvalCli, RefvalAddAppendsAndRmRemovesOneValue) {
  const std::string old_image(64, 'a');
  const std::string new_image(64, 'b');
  ASSERT_EQ(Admin({"refval", "add", "snp.host_data", old_image, "--expires", "2099-01-01T00:00:00Z",
                   "--provenance", "release 41"})
                .exit_code,
            0);
  ASSERT_EQ(
      Admin({"refval", "add", "snp.host_data", new_image, "--provenance", "release 42"}).exit_code,
      0);
  CommandResult got = Admin({"refval", "get", "snp.host_data"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_EQ(got.out, old_image + "  expires 2099-01-01T00:00:00Z  provenance \"release 41\"\n" +
                         new_image + "  expires never  provenance \"release 42\"\n");

  const CommandResult removed = Admin({"refval", "rm", "snp.host_data", old_image});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  got = Admin({"refval", "get", "snp.host_data"});
  EXPECT_EQ(got.out, new_image + "  expires never  provenance \"release 42\"\n");
  const CommandResult absent = Admin({"refval", "rm", "snp.host_data", old_image});
  EXPECT_EQ(absent.exit_code, 1);
  EXPECT_NE(absent.err.find("has no value"), std::string::npos) << absent.err;

  // --replace drops the earlier values; rm NAME drops the name.
  ASSERT_EQ(Admin({"refval", "add", "snp.host_data", old_image, "--replace"}).exit_code, 0);
  got = Admin({"refval", "get", "snp.host_data"});
  EXPECT_EQ(got.out, old_image + "  expires never  provenance none\n");
  ASSERT_EQ(Admin({"refval", "rm", "snp.host_data"}).exit_code, 0);
  EXPECT_EQ(Admin({"refval", "get", "snp.host_data"}).exit_code, 1);
}

// `refval ls` prints what `policy eval --refvals` reads; `export` and `import` move a whole set.
TEST_F(RefvalCli, RefvalLsFeedsPolicyEvalAndExportImportRoundTrips) {
  const std::string image(96, 'c');
  ASSERT_EQ(Admin({"refval", "add", "snp.measurement", image, "--expires", "2099-01-01T00:00:00Z",
                   "--provenance", "ci build 7"})
                .exit_code,
            0);
  ASSERT_EQ(Admin({"refval", "add", "web", "release 42"}).exit_code, 0);
  const CommandResult listed = Admin({"refval", "ls"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const std::string refvals = WriteFile("refvals.json", listed.out);
  const std::string claims = WriteFile(
      "claims.json", nlohmann::json{{"valid", true},
                                    {"tee", "snp"},
                                    {"claims", {{"measurement", image}, {"host_data", "00"}}}}
                         .dump());
  const std::string policy = WriteFile("rotation.yaml",
                                       "id: rotation\n"
                                       "rules:\n"
                                       "  - name: measured\n"
                                       "    claim: measurement\n"
                                       "    check: {in_reference: snp.measurement}\n"
                                       "    pass: {executables: 2}\n"
                                       "    fail: {executables: 97}\n");
  const CommandResult eval =
      Veil({"policy", "eval", "--policy", policy, "--claims", claims, "--refvals", refvals});
  EXPECT_EQ(eval.exit_code, 0) << eval.out << eval.err;
  EXPECT_NE(eval.out.find("AFFIRMING"), std::string::npos) << eval.out;

  const CommandResult exported = Admin({"refval", "export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const std::string set = WriteFile("set.yaml", exported.out);
  ASSERT_EQ(Admin({"refval", "rm", "snp.measurement"}).exit_code, 0);
  ASSERT_EQ(Admin({"refval", "rm", "web"}).exit_code, 0);
  const CommandResult imported = Admin({"refval", "import", set});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(Admin({"refval", "ls"}).out, listed.out);

  // One bad entry stores nothing.
  const std::string bad = WriteFile(
      "bad.yaml", exported.out + "- name: snp.host_data\n  values: [\"6a114d75…d5b6\"]\n");
  ASSERT_EQ(Admin({"refval", "rm", "web"}).exit_code, 0);
  const CommandResult refused = Admin({"refval", "import", bad});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("reference value snp.host_data"), std::string::npos) << refused.err;
  EXPECT_EQ(Admin({"refval", "get", "web"}).exit_code, 1);
  ASSERT_EQ(Admin({"refval", "rm", "snp.measurement"}).exit_code, 0);
}

}  // namespace
}  // namespace veil
