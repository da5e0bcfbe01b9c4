// veil-trustee on PostgreSQL (--store): what an owner writes through the admin API survives a
// restart and is released to an attested guest, the audit chain verifies online, and nothing is
// written to the SQLite default. A server that cannot be reached, or a newer schema, stops the
// start with a clear message. `veil-trustee rotate-kek --store` re-seals the secrets in
// PostgreSQL: the trustee then starts with the new key and releases them, and refuses the old one.
// One database per test on a real server (testing/postgres_server.h).

#include <gtest/gtest.h>

#include <fstream>

#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/crypto/random.h"
#include "veil/store/postgres/connection.h"
#include "veil/testing/command.h"
#include "veil/testing/postgres_server.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using testing::CommandResult;

constexpr const char* kSecret = "kept in PostgreSQL";

class PostgresTrustee : public ::testing::Test {
 protected:
  PostgresTrustee() : dir_("pg-trustee") {
    auto server = testing::SharedPostgresServer();
    EXPECT_TRUE(server) << "PostgreSQL test server: " << server.error().ToString();
    if (!server) return;
    auto url = (*server)->CreateDatabase();
    EXPECT_TRUE(url) << url.error().ToString();
    if (url) url_ = *url;
    EXPECT_EQ(Veil({"admin", "keygen", "--out", (dir_ / "admin").string()}).exit_code, 0);
  }
  void SetUp() override { ASSERT_FALSE(HasFailure()) << "no test database"; }

  Result<std::unique_ptr<testing::TrusteeProcess>> StartTrustee(
      const std::string& store_url, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"--store", store_url, "--admin-key",
                                     (dir_ / "admin/admin.pub").string()};
    args.insert(args.end(), more.begin(), more.end());
    return testing::TrusteeProcess::Start(dir_ / "data", args);
  }
  static CommandResult TrusteeCommand(std::vector<std::string> args) {
    args.insert(args.begin(), testing::BuiltBinary("veil-trustee"));
    return testing::RunCommand(args);
  }
  static CommandResult Veil(std::vector<std::string> args) {
    args.insert(args.begin(), testing::BuiltBinary("veil"));
    return testing::RunCommand(args);
  }
  CommandResult Admin(const testing::TrusteeProcess& trustee, std::vector<std::string> args) {
    args.insert(args.end(), {"--url", trustee.url(), "--key", (dir_ / "admin/admin.key").string()});
    return Veil(args);
  }
  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  // A key-encryption key file of base64 text, readable by its owner only.
  std::string WriteKek(const std::string& name) {
    const std::string path = Write(name, Base64Encode(crypto::RandomBytes(32)) + "\n");
    std::filesystem::permissions(
        path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return path;
  }
  std::string Released(const testing::TrusteeProcess& trustee) {
    const CommandResult got =
        Veil({"guest", "get-resource", "kbs:///prod/key/db", "--url", trustee.url()});
    EXPECT_EQ(got.exit_code, 0) << got.err << trustee.Log();
    return got.out;
  }
  std::int64_t Count(const std::string& table) {
    auto connection = store::postgres::Connection::Open(url_).value();
    return connection.Execute("SELECT count(*) FROM " + table).value().Int64(0, 0, table).value();
  }

  testing::ScratchDir dir_;
  std::string url_;
};

TEST_F(PostgresTrustee, ASecretWrittenThroughTheAdminApiSurvivesARestartAndIsReleased) {
  {
    auto trustee = StartTrustee(url_);
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    const std::string policy =
        Write("allow-sample.yaml",
              "id: allow-sample\nrules:\n  - name: sample\n    tee: [sample]\n"
              "    check: {always: true}\n    pass: {hardware: 2}\n");
    const CommandResult set = Admin(**trustee, {"policy", "set", "attestation", policy});
    ASSERT_EQ(set.exit_code, 0) << set.err;
    const CommandResult put =
        Admin(**trustee, {"secret", "put", "prod/key/db", Write("secret.txt", kSecret)});
    ASSERT_EQ(put.exit_code, 0) << put.err;
    EXPECT_NE((*trustee)->Log().find("store: PostgreSQL"), std::string::npos) << (*trustee)->Log();
  }
  // The rows are in PostgreSQL, and no SQLite database was created beside the keys.
  EXPECT_EQ(Count("resources"), 1);
  EXPECT_EQ(Count("audit_log"), 3);  // workload_ca.create, policy.set, resource.put
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data" / "trustee.db"));

  auto restarted = StartTrustee(url_);
  ASSERT_TRUE(restarted) << restarted.error().ToString();
  const std::string out = (dir_ / "released").string();
  const CommandResult released = Veil(
      {"guest", "get-resource", "kbs:///prod/key/db", "--url", (*restarted)->url(), "--out", out});
  ASSERT_EQ(released.exit_code, 0) << released.err << (*restarted)->Log();
  EXPECT_EQ(ReadFileText(out).value(), kSecret);

  const CommandResult verified = Admin(**restarted, {"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_EQ(Count("audit_log"), 4);  // and resource.release
}

TEST_F(PostgresTrustee, AnUnreachableDatabaseStopsTheStartWithTheReason) {
  auto refused = StartTrustee("postgresql://veil:hunter2@127.0.0.1:1/veil");
  ASSERT_FALSE(refused);
  const std::string message = refused.error().ToString();
  EXPECT_NE(message.find("cannot start: store: postgres: cannot connect: "), std::string::npos)
      << message;
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

TEST_F(PostgresTrustee, ADatabaseWithANewerSchemaStopsTheStart) {
  { ASSERT_TRUE(StartTrustee(url_)); }
  {
    auto connection = store::postgres::Connection::Open(url_).value();
    ASSERT_TRUE(connection.ExecuteScript(
        "INSERT INTO schema_version (version, applied_at) VALUES (99, 0)"));
  }
  auto refused = StartTrustee(url_);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().ToString().find(
                "store: database schema version 99 is newer than this build supports"),
            std::string::npos)
      << refused.error().ToString();
}

// Rotation is chosen by the same store configuration as the trustee (trustee_store.h): run from a
// data directory of its own, it can only have found the secrets in PostgreSQL.
TEST_F(PostgresTrustee, RotateKekReSealsTheSecretsInPostgresAndOnlyTheNewKeyStartsTheTrustee) {
  const std::string old_kek = WriteKek("kek-old");
  const std::string new_kek = WriteKek("kek-new");
  {
    auto trustee = StartTrustee(url_, {"--kek-file", old_kek});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    const std::string policy =
        Write("allow-sample.yaml",
              "id: allow-sample\nrules:\n  - name: sample\n    tee: [sample]\n"
              "    check: {always: true}\n    pass: {hardware: 2}\n");
    ASSERT_EQ(Admin(**trustee, {"policy", "set", "attestation", policy}).exit_code, 0);
    ASSERT_EQ(
        Admin(**trustee, {"secret", "put", "prod/key/db", Write("secret.txt", kSecret)}).exit_code,
        0);
    EXPECT_EQ(Released(**trustee), kSecret);
  }
  const auto sealed = [&] {
    auto connection = store::postgres::Connection::Open(url_).value();
    return connection.Execute("SELECT sealed FROM resources WHERE path = 'prod/key/db'")
        .value()
        .Bytea(0, 0);
  };
  const Bytes before = sealed();
  EXPECT_EQ(Count("key_check"), 1);

  const CommandResult rotated =
      TrusteeCommand({"rotate-kek", "--store", url_, "--data-dir", (dir_ / "rotation").string(),
                      "--kek-file", old_kek, "--new-kek-file", new_kek});
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_NE(rotated.out.find("re-sealed 1 secret(s)"), std::string::npos) << rotated.out;
  EXPECT_NE(sealed(), before);
  EXPECT_EQ(Count("resources"), 1);

  const CommandResult old_key =
      TrusteeCommand({"--listen", "127.0.0.1:0", "--data-dir", (dir_ / "data").string(), "--store",
                      url_, "--kek-file", old_kek});
  EXPECT_EQ(old_key.exit_code, 1);
  EXPECT_NE(old_key.err.find("is not the one that sealed the stored secrets"), std::string::npos)
      << old_key.err;

  auto trustee = StartTrustee(url_, {"--kek-file", new_kek});
  ASSERT_TRUE(trustee) << trustee.error().ToString();
  EXPECT_EQ(Released(**trustee), kSecret);
  const CommandResult audit = Admin(**trustee, {"audit", "ls", "--json"});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_NE(audit.out.find("\"kek.rotate\""), std::string::npos) << audit.out;
  const CommandResult verified = Admin(**trustee, {"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

}  // namespace
}  // namespace veil
