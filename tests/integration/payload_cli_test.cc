// `veil payload encrypt|inspect|decrypt` as an owner runs them: the built binary, real GNU tar
// bundles, a real trustee for the key, exit codes and what is (never) printed.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/payload/tar/extract.h"
#include "veil/testing/command.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil::payload {
namespace {

using veil::testing::ScratchDir;

namespace fs = std::filesystem;
using testing::CommandResult;

CommandResult Veil(std::vector<std::string> args) {
  args.insert(args.begin(), testing::BuiltBinary("veil"));
  return testing::RunCommand(args);
}

unsigned Mode(const fs::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? info.st_mode & 07777 : 0;
}

class VeilPayload : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(scratch_ / "src/bin");
    std::ofstream(scratch_ / "src/bin/start.sh") << "#!/bin/sh\nexec ./server\n";
    fs::permissions(scratch_ / "src/bin/start.sh", fs::perms(0755));
    std::ofstream(scratch_ / "src/config.json") << R"({"port": 8443})";
    const CommandResult tar =
        testing::RunCommand({"tar", "-C", (scratch_ / "src").string(), "-cf", bundle_, "."});
    ASSERT_EQ(tar.exit_code, 0) << tar.err;
  }

  // Everything the command printed must not reveal the key in any encoding.
  static void ExpectKeyNotPrinted(const CommandResult& result, const Bytes& key) {
    const std::string printed = result.out + result.err;
    for (const std::string& encoded : {HexEncode(key), Base64Encode(key), Base64UrlEncode(key)}) {
      EXPECT_EQ(printed.find(encoded), std::string::npos) << "the key was printed: " << printed;
    }
  }

  ScratchDir scratch_;
  const std::string bundle_ = (scratch_ / "bundle.tar").string();
  const std::string payload_ = (scratch_ / "bundle.veil").string();
  const std::string key_ = (scratch_ / "web.key").string();
};

TEST_F(VeilPayload, EncryptWithKeyOutThenInspectDecryptAndExtract) {
  const CommandResult encrypt = Veil({"payload", "encrypt", "--key-resource", "default/payload/web",
                                      "--key-out", key_, bundle_, payload_});
  ASSERT_EQ(encrypt.exit_code, 0) << encrypt.out << encrypt.err;
  const Bytes file = ReadFileBytes(payload_).value();
  const std::string digest = HexEncode(crypto::Sha256(file));
  EXPECT_NE(encrypt.out.find("sha256: " + digest), std::string::npos) << encrypt.out;
  EXPECT_NE(encrypt.out.find("the trustee was not contacted"), std::string::npos) << encrypt.out;
  const Bytes key = ReadFileBytes(key_).value();
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(Mode(key_), 0600u);
  ExpectKeyNotPrinted(encrypt, key);

  const CommandResult inspect = Veil({"payload", "inspect", "--json", payload_});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
  const auto json = nlohmann::json::parse(inspect.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << inspect.out;
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["alg"], "A256GCM");
  EXPECT_EQ(json["key_resource"], "default/payload/web");
  EXPECT_EQ(json["plaintext_size"], fs::file_size(bundle_));
  EXPECT_EQ(json["size"], file.size());
  EXPECT_EQ(json["sha256"], digest);
  const CommandResult text = Veil({"payload", "inspect", payload_});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("key_resource    default/payload/web"), std::string::npos) << text.out;

  const std::string decrypted = (scratch_ / "decrypted.tar").string();
  const CommandResult decrypt =
      Veil({"payload", "decrypt", "--key-file", key_, payload_, decrypted});
  ASSERT_EQ(decrypt.exit_code, 0) << decrypt.err;
  EXPECT_EQ(ReadFileBytes(decrypted).value(), ReadFileBytes(bundle_).value());
  EXPECT_EQ(Mode(decrypted), 0600u);
  ExpectKeyNotPrinted(decrypt, key);

  fs::create_directory(scratch_ / "run");
  const Status extracted = tar::ExtractTar(ReadFileBytes(decrypted).value(), scratch_ / "run");
  ASSERT_TRUE(extracted) << extracted.error().ToString();
  EXPECT_EQ(Mode(scratch_ / "run/bin/start.sh"), 0755u);
  EXPECT_EQ(ReadFileText(scratch_ / "run/config.json").value(), R"({"port": 8443})");
}

TEST_F(VeilPayload, DecryptWithTheWrongKeyExitsOneAndWritesNothing) {
  ASSERT_EQ(Veil({"payload", "encrypt", "--key-resource", "default/payload/web", "--key-out", key_,
                  bundle_, payload_})
                .exit_code,
            0);
  std::ofstream(scratch_ / "other.key", std::ios::binary) << std::string(32, 'k');
  const std::string out = (scratch_ / "out.tar").string();
  const CommandResult wrong =
      Veil({"payload", "decrypt", "--key-file", (scratch_ / "other.key").string(), payload_, out});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_EQ(wrong.err, "veil: the key in --key-file " + (scratch_ / "other.key").string() +
                           " does not open " + payload_ +
                           " (a payload for the key resource default/payload/web): a wrong key, "
                           "or the payload was modified\n");
  EXPECT_FALSE(fs::exists(out));

  std::ofstream(scratch_ / "short.key", std::ios::binary) << std::string(31, 'k');
  const CommandResult short_key =
      Veil({"payload", "decrypt", "--key-file", (scratch_ / "short.key").string(), payload_, out});
  EXPECT_EQ(short_key.exit_code, 2);
  EXPECT_NE(short_key.err.find("expected the 32 raw bytes of an AES-256 key, found 31 bytes"),
            std::string::npos)
      << short_key.err;
}

TEST_F(VeilPayload, EncryptRefusesABundleTheAgentCouldNotExtract) {
  const std::string text = (scratch_ / "notes.txt").string();
  std::ofstream(text) << "not an archive\n";
  const CommandResult refused = Veil({"payload", "encrypt", "--key-resource", "default/payload/web",
                                      "--key-out", key_, text, payload_});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find(text + " is not a tar archive veil-agent can extract: "),
            std::string::npos)
      << refused.err;
  EXPECT_FALSE(fs::exists(payload_));
  EXPECT_FALSE(fs::exists(key_));
  const std::string empty = (scratch_ / "empty.tar").string();
  std::ofstream(empty, std::ios::binary) << std::string(1024, '\0');  // just the end marker
  const CommandResult nothing = Veil({"payload", "encrypt", "--key-resource", "default/payload/web",
                                      "--key-out", key_, empty, payload_});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find(empty + " is a tar archive without any file"), std::string::npos)
      << nothing.err;
}

TEST_F(VeilPayload, RefusalsAndUsageErrors) {
  std::ofstream(payload_) << "existing";
  const CommandResult existing =
      Veil({"payload", "encrypt", "--key-resource", "default/payload/web", "--key-out", key_,
            bundle_, payload_});
  EXPECT_EQ(existing.exit_code, 2);
  EXPECT_NE(existing.err.find("exists; refusing to overwrite it"), std::string::npos)
      << existing.err;
  EXPECT_EQ(ReadFileText(payload_).value(), "existing");
  EXPECT_FALSE(fs::exists(key_));

  const CommandResult not_payload = Veil({"payload", "inspect", bundle_});
  EXPECT_EQ(not_payload.exit_code, 1);
  EXPECT_NE(not_payload.err.find("payload: magic: expected \"VEILPLD1\""), std::string::npos)
      << not_payload.err;

  const std::string out = (scratch_ / "new.veil").string();
  const CommandResult bad_resource = Veil(
      {"payload", "encrypt", "--key-resource", "default/../web", "--key-out", key_, bundle_, out});
  EXPECT_EQ(bad_resource.exit_code, 2);
  EXPECT_NE(bad_resource.err.find("--key-resource: resource path type: \"..\" is not allowed"),
            std::string::npos)
      << bad_resource.err;

  const CommandResult no_admin_key = Veil(
      {"payload", "encrypt", "--key-resource", "default/payload/web", "--key", "", bundle_, out});
  EXPECT_EQ(no_admin_key.exit_code, 2);
  EXPECT_NE(no_admin_key.err.find("--key ADMIN_PRIVATE_KEY (or $VEIL_ADMIN_KEY) is required"),
            std::string::npos)
      << no_admin_key.err;
  EXPECT_FALSE(fs::exists(out));

  EXPECT_EQ(Veil({"payload", "encrypt", bundle_, out}).exit_code, 2);  // --key-resource is required
  EXPECT_EQ(Veil({"payload"}).exit_code, 2);
}

TEST_F(VeilPayload, EncryptStoresTheKeyInTheTrusteeOrLeavesNoPayload) {
  ASSERT_EQ(Veil({"admin", "keygen", "--out", (scratch_ / "admin").string()}).exit_code, 0);
  const std::string admin_key = (scratch_ / "admin/admin.key").string();

  // An unreachable trustee: nothing may be left behind, since the key would be lost.
  const CommandResult unreachable =
      Veil({"payload", "encrypt", "--key-resource", "default/payload/web", "--url",
            "http://127.0.0.1:1", "--key", admin_key, bundle_, payload_});
  EXPECT_EQ(unreachable.exit_code, 2) << unreachable.out << unreachable.err;
  EXPECT_FALSE(fs::exists(payload_));

  auto trustee = testing::TrusteeProcess::Start(
      scratch_ / "data", {"--admin-key", (scratch_ / "admin/admin.pub").string()});
  ASSERT_TRUE(trustee) << trustee.error().ToString();
  const std::vector<std::string> connection = {"--url", (*trustee)->url(), "--key", admin_key};
  std::vector<std::string> encrypt = {"payload", "encrypt", "--key-resource", "default/payload/web",
                                      bundle_,   payload_};
  encrypt.insert(encrypt.end(), connection.begin(), connection.end());
  const CommandResult stored = Veil(encrypt);
  ASSERT_EQ(stored.exit_code, 0) << stored.out << stored.err;
  EXPECT_NE(stored.out.find("stored in the trustee at " + (*trustee)->url() +
                            " as the secret default/payload/web"),
            std::string::npos)
      << stored.out;
  EXPECT_NE(
      stored.out.find("sha256: " + HexEncode(crypto::Sha256(ReadFileBytes(payload_).value()))),
      std::string::npos)
      << stored.out;

  std::vector<std::string> list = {"secret", "ls"};
  list.insert(list.end(), connection.begin(), connection.end());
  const CommandResult secrets = Veil(list);
  ASSERT_EQ(secrets.exit_code, 0) << secrets.err;
  EXPECT_NE(secrets.out.find("default/payload/web  updated "), std::string::npos) << secrets.out;

  std::vector<std::string> audit = {"audit", "verify"};
  audit.insert(audit.end(), connection.begin(), connection.end());
  const CommandResult log = Veil(audit);
  ASSERT_EQ(log.exit_code, 0) << log.err;
  EXPECT_NE(log.out.find("resource.put default/payload/web {\"bytes\":32}"), std::string::npos)
      << log.out;
}

}  // namespace
}  // namespace veil::payload
