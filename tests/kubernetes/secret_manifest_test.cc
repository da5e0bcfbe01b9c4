#include "veil/kubernetes/secret_manifest.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace veil::kubernetes {
namespace {

TEST(SecretManifest, RendersSortedBase64DataExactly) {
  const Result<std::string> yaml = RenderSecretManifest(
      "db-credentials", "shop", {{"user", "sealed.u"}, {"password", "sealed.p"}}, {"note", ""});
  ASSERT_TRUE(yaml) << yaml.error().ToString();
  EXPECT_EQ(*yaml,
            "# note\n#\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\n"
            "  namespace: shop\ntype: Opaque\ndata:\n  password: c2VhbGVkLnA=\n"
            "  user: c2VhbGVkLnU=\n");
}

TEST(SecretManifest, QuotesWhatYamlWouldNotReadAsAString) {
  const Result<std::string> yaml =
      RenderSecretManifest("123", "", {{"true", "a"}, {"1e3", "b"}, {"_x", "c"}, {"Key", "d"}});
  ASSERT_TRUE(yaml) << yaml.error().ToString();
  EXPECT_EQ(yaml->find("namespace"), std::string::npos);
  const YAML::Node secret = YAML::Load(*yaml);
  EXPECT_TRUE(secret["metadata"]["name"].IsScalar());
  EXPECT_NE(yaml->find("  name: '123'\n"), std::string::npos) << *yaml;
  EXPECT_NE(yaml->find("  'true': YQ==\n"), std::string::npos) << *yaml;
  EXPECT_NE(yaml->find("  '1e3': Yg==\n"), std::string::npos) << *yaml;
  EXPECT_NE(yaml->find("  '_x': Yw==\n"), std::string::npos) << *yaml;
  EXPECT_NE(yaml->find("  Key: ZA==\n"), std::string::npos) << *yaml;
  const Result<std::vector<ManifestSecretValue>> values = SecretValuesIn(*yaml);
  ASSERT_TRUE(values) << values.error().ToString();
  ASSERT_EQ(values->size(), 4u);
  EXPECT_EQ((*values)[3].key, "true");
  EXPECT_EQ((*values)[3].value, "a");
}

TEST(SecretManifest, RefusesInvalidNamesKeysAndDuplicates) {
  const std::vector<SecretEntry> one = {{"k", "v"}};
  for (const auto& [name, ns, entries, message] :
       std::vector<std::tuple<std::string, std::string, std::vector<SecretEntry>, std::string>>{
           {"Upper", "", one, "Secret name \"Upper\" is not a DNS subdomain"},
           {"-lead", "", one, "is not a DNS subdomain"},
           {"", "", one, "is not a DNS subdomain"},
           {std::string(254, 'a'), "", one, "is not a DNS subdomain"},
           {"ok", "a.b", one, "namespace \"a.b\" is not a DNS label"},
           {"ok", std::string(64, 'a'), one, "is not a DNS label"},
           {"ok", "", {}, "at least one entry"},
           {"ok", "", {{"a b", "v"}}, "Secret key \"a b\""},
           {"ok", "", {{"..", "v"}}, "Secret key \"..\""},
           {"ok", "", {{"k", "v"}, {"k", "w"}}, "\"k\" is given twice"},
       }) {
    const Result<std::string> yaml = RenderSecretManifest(name, ns, entries);
    ASSERT_FALSE(yaml) << name;
    EXPECT_EQ(yaml.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(yaml.error().message.find(message), std::string::npos) << yaml.error().message;
  }
}

TEST(SecretManifest, ReadsEverySecretOfAStream) {
  const Result<std::vector<ManifestSecretValue>> values = SecretValuesIn(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n---\n"
      "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {z: eg==, a: YQ==}\n"
      "stringData: {p: plain}\n");
  ASSERT_TRUE(values) << values.error().ToString();
  ASSERT_EQ(values->size(), 3u);
  EXPECT_EQ((*values)[0].secret, "Secret/s");
  EXPECT_EQ((*values)[0].key, "a");
  EXPECT_EQ((*values)[0].value, "a");
  EXPECT_EQ((*values)[1].value, "z");
  EXPECT_EQ((*values)[2].value, "plain");
}

TEST(SecretManifest, ReadingRefusesBadBase64AndBadYaml) {
  const auto bad = SecretValuesIn("kind: Secret\nmetadata: {name: s}\ndata: {k: 'not base64!'}\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kMalformed);
  EXPECT_NE(bad.error().message.find("data.k is not base64"), std::string::npos);
  EXPECT_FALSE(SecretValuesIn("kind: Secret\ndata: [unclosed\n"));
  EXPECT_FALSE(SecretValuesIn("kind: Secret\ndata: [a, b]\n"));
}

}  // namespace
}  // namespace veil::kubernetes
