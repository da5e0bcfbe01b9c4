// `veil pod secret` as an owner runs it: the built binary writes a Kubernetes Secret whose values
// are CoCo sealed secrets; the test reads the manifest back with yaml-cpp (and, where kubectl is
// installed, `kubectl kustomize`, offline), decodes each value and parses and verifies it as the
// guest's confidential-data-hub would. `veil pod secret inspect` reads them back too.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>

#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/crypto/private_key.h"
#include "veil/sealed_secret/sealed_string.h"
#include "veil/sealed_secret/verify.h"
#include "veil/testing/command.h"
#include "veil/testing/scratch_dir.h"

namespace veil::sealed_secret {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

CommandResult Veil(std::vector<std::string> args) {
  args.insert(args.begin(), testing::BuiltBinary("veil"));
  return testing::RunCommand(args);
}

std::string Read(const fs::path& path) { return ReadFileText(path).value(); }

// CoCo's unsigned form for a kbs vault secret, spelled out from the format (not Veil's builder).
std::string CocoUnsigned(const std::string& uri) {
  const std::string json = R"({"version":"0.1.0","type":"vault","name":")" + uri +
                           R"(","provider":"kbs","provider_settings":{},"annotations":{}})";
  return "sealed.fakejwsheader." + Base64UrlEncode(AsBytes(json)) + ".fakesignature";
}

std::string DataValue(const YAML::Node& secret, const std::string& key) {
  const Bytes bytes = Base64Decode(secret["data"][key].as<std::string>()).value();
  return {bytes.begin(), bytes.end()};
}

fs::path WriteKey(const testing::ScratchDir& dir, const std::string& name,
                  crypto::KeyAlgorithm algorithm) {
  const crypto::PrivateKey key = crypto::PrivateKey::Generate(algorithm).value();
  const crypto::SecretBytes pem = key.ToPem();
  std::ofstream(dir.path() / name) << std::string(pem.span().begin(), pem.span().end());
  return dir.path() / name;
}

TEST(PodSecret, UnsignedSecretIsCocosFormAndByteStable) {
  testing::ScratchDir dir("pod-secret");
  const std::vector<std::string> args = {"pod",
                                         "secret",
                                         "db-credentials",
                                         "--resource",
                                         "kbs:///default/db/password",
                                         "--namespace",
                                         "shop",
                                         "--out",
                                         (dir.path() / "secret.yaml").string()};
  const CommandResult written = Veil(args);
  ASSERT_EQ(written.exit_code, 0) << written.err;
  const std::string manifest = Read(dir.path() / "secret.yaml");

  const YAML::Node secret = YAML::Load(manifest);
  EXPECT_EQ(secret["apiVersion"].as<std::string>(), "v1");
  EXPECT_EQ(secret["kind"].as<std::string>(), "Secret");
  EXPECT_EQ(secret["type"].as<std::string>(), "Opaque");
  EXPECT_EQ(secret["metadata"]["name"].as<std::string>(), "db-credentials");
  EXPECT_EQ(secret["metadata"]["namespace"].as<std::string>(), "shop");
  ASSERT_EQ(secret["data"].size(), 1u);
  const std::string value = DataValue(secret, "password");
  EXPECT_EQ(value, CocoUnsigned("kbs:///default/db/password"));
  const Result<SealedSecret> parsed = ParseSealedSecret(value);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_FALSE(parsed->signature.has_value());

  // Same bytes on stdout and on every run.
  const CommandResult again = Veil({args.begin(), args.end() - 2});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, manifest);

  const CommandResult which = testing::RunCommand({"sh", "-c", "command -v kubectl"});
  if (which.exit_code == 0) {  // kubectl is optional; yaml-cpp above always reads the output
    std::ofstream(dir.path() / "kustomization.yaml") << "resources:\n- secret.yaml\n";
    const CommandResult kustomize =
        testing::RunCommand({"kubectl", "kustomize", dir.path().string()});
    ASSERT_EQ(kustomize.exit_code, 0) << kustomize.err;
    EXPECT_EQ(DataValue(YAML::Load(kustomize.out), "password"), value);
  }
}

TEST(PodSecret, SignedEntriesVerifyWithTheJwkTheGuestReads) {
  testing::ScratchDir dir("pod-secret-signed");
  const fs::path key = WriteKey(dir, "signer.pem", crypto::KeyAlgorithm::kEcP256);
  const fs::path other = WriteKey(dir, "other.pem", crypto::KeyAlgorithm::kEcP256);
  const std::string kid = "kbs:///default/signing-key/pub";
  const fs::path out = dir.path() / "secret.yaml";
  const CommandResult written =
      Veil({"pod", "secret", "db", "--entry", "user=kbs:///default/db/user", "--entry",
            "password=kbs:///default/db/password", "--sign", key.string(), "--kid", kid,
            "--jwk-out", (dir.path() / "signer.jwk").string(), "--out", out.string()});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_NE(written.err.find("veil secret put default/signing-key/pub"), std::string::npos)
      << written.err;

  const crypto::PublicKey public_key =
      ParseVerificationKey(Read(dir.path() / "signer.jwk")).value();
  const YAML::Node secret = YAML::Load(Read(out));
  for (const auto& [data_key, uri] : {std::pair{"user", "kbs:///default/db/user"},
                                      std::pair{"password", "kbs:///default/db/password"}}) {
    const Result<SealedSecret> parsed = ParseSealedSecret(DataValue(secret, data_key));
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    ASSERT_TRUE(parsed->signature.has_value());
    EXPECT_EQ(parsed->signature->kid, kid);
    EXPECT_EQ(std::get<VaultSecret>(parsed->secret.content).name, uri);
    EXPECT_TRUE(VerifySealedSecret(*parsed, public_key)) << data_key;
  }

  const CommandResult inspect = Veil(
      {"pod", "secret", "inspect", out.string(), "--verify", (dir.path() / "signer.jwk").string()});
  EXPECT_EQ(inspect.exit_code, 0) << inspect.out << inspect.err;
  EXPECT_NE(inspect.out.find("Secret/db password:\n  form: signed, alg ES256, kid " + kid),
            std::string::npos)
      << inspect.out;
  EXPECT_NE(inspect.out.find("  name: kbs:///default/db/user\n"), std::string::npos);
  std::size_t verified = 0;
  for (std::size_t at = inspect.out.find("signature: verified"); at != std::string::npos;
       at = inspect.out.find("signature: verified", at + 1)) {
    ++verified;
  }
  EXPECT_EQ(verified, 2u) << inspect.out;

  // The other key's public half: each value is refused.
  const crypto::PrivateKey other_key = crypto::PrivateKey::FromPem(Read(other)).value();
  std::ofstream(dir.path() / "other.pub") << other_key.GetPublicKey().ToPem();
  const CommandResult wrong = Veil(
      {"pod", "secret", "inspect", out.string(), "--verify", (dir.path() / "other.pub").string()});
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out;
  EXPECT_NE(wrong.out.find("signature: REFUSED"), std::string::npos) << wrong.out;
}

TEST(PodSecret, InspectFlagsClearValuesAndMalformedStrings) {
  testing::ScratchDir dir("pod-secret-inspect");
  std::ofstream(dir.path() / "plain.yaml")
      << "apiVersion: v1\nkind: Secret\nmetadata:\n  name: plain\nstringData:\n  password: "
         "hunter2\n";
  const CommandResult plain =
      Veil({"pod", "secret", "inspect", (dir.path() / "plain.yaml").string()});
  EXPECT_EQ(plain.exit_code, 1);
  EXPECT_NE(plain.out.find("Secret/plain password:\n  NOT SEALED"), std::string::npos) << plain.out;

  const std::string unsigned_value = CocoUnsigned("kbs:///default/db/password");
  const CommandResult good = Veil({"pod", "secret", "inspect", unsigned_value});
  EXPECT_EQ(good.exit_code, 0) << good.out;
  EXPECT_NE(good.out.find("  form: unsigned"), std::string::npos) << good.out;
  EXPECT_NE(good.out.find("  name: kbs:///default/db/password\n"), std::string::npos);

  // An unsigned value has nothing to verify: asked to, inspect refuses it.
  const crypto::PrivateKey key =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  std::ofstream(dir.path() / "key.pub") << key.GetPublicKey().ToPem();
  const CommandResult unverifiable = Veil(
      {"pod", "secret", "inspect", unsigned_value, "--verify", (dir.path() / "key.pub").string()});
  EXPECT_EQ(unverifiable.exit_code, 1) << unverifiable.out;
  EXPECT_NE(unverifiable.out.find("signature: REFUSED"), std::string::npos) << unverifiable.out;

  const CommandResult bad = Veil({"pod", "secret", "inspect", "sealed.a.b"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("3 '.'-separated parts"), std::string::npos) << bad.out;
}

TEST(PodSecret, RefusalsAndTheirExitCodes) {
  testing::ScratchDir dir("pod-secret-refuse");
  const fs::path p384 = WriteKey(dir, "p384.pem", crypto::KeyAlgorithm::kEcP384);
  const fs::path p256 = WriteKey(dir, "p256.pem", crypto::KeyAlgorithm::kEcP256);
  const std::string uri = "kbs:///default/db/password";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"pod", "secret", "db"}, "at least one --resource"},
      {{"pod", "secret", "--resource", uri}, "give the Secret's NAME"},
      {{"pod", "secret", "db", "--resource", "kbs://trustee/default/db/password"}, "names a host"},
      {{"pod", "secret", "db", "--resource", "kbs:///default/db"}, "resource URI"},
      {{"pod", "secret", "db", "--entry", "password"}, "is not KEY=kbs:///"},
      {{"pod", "secret", "db", "--resource", uri, "--resource", "kbs:///a/b/c", "--key", "k"},
       "--key names the key of a single --resource"},
      {{"pod", "secret", "db", "--resource", uri, "--entry", "password=kbs:///a/b/c"},
       "\"password\" is given twice"},
      {{"pod", "secret", "DB", "--resource", uri}, "is not a DNS subdomain"},
      {{"pod", "secret", "db", "--resource", uri, "--namespace", "a.b"}, "is not a DNS label"},
      {{"pod", "secret", "db", "--resource", uri, "--sign", p256.string()},
       "--sign and --kid go together"},
      {{"pod", "secret", "db", "--resource", uri, "--sign", p384.string(), "--kid", "signer"},
       "ES256 only"},
      {{"pod", "secret", "db", "--resource", uri, "--sign", p256.string(), "--kid", "../x"},
       "neither a kbs:/// resource URI nor a credential file name"},
  };
  for (const auto& [args, message] : cases) {
    const CommandResult result = Veil(args);
    EXPECT_EQ(result.exit_code, 2) << args.back();
    EXPECT_NE(result.err.find(message), std::string::npos) << message << "\n" << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
  }

  const CommandResult help = Veil({"pod", "secret", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* option : {"--resource", "--key", "--entry", "--namespace", "--sign", "--kid",
                             "--jwk-out", "--out", "inspect"}) {
    EXPECT_NE(help.out.find(option), std::string::npos) << option;
  }
}

}  // namespace
}  // namespace veil::sealed_secret
