#include "veil/initdata/guest_config.h"

#include <gtest/gtest.h>

#include <toml++/toml.h>

#include "veil/initdata/init_data.h"

namespace veil::initdata {
namespace {

constexpr std::string_view kPem =
    "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

GuestConfig Config() {
  GuestConfig config;
  config.trustee_url = "https://trustee.example:8080";
  config.trustee_ca_pem = std::string(kPem);
  config.policy_rego = "package agent_policy\n\ndefault ExecProcessRequest := false\n";
  return config;
}

toml::table ParseEntry(const InitData& init_data, const std::string& name) {
  return toml::parse(init_data.data.at(name));  // throws (fails the test) on bad TOML
}

TEST(GuestConfig, PointsTheAttestationAgentAndDataHubAtTheTrustee) {
  const std::string toml = RenderInitData(Config()).value();
  const InitData init_data = ParseInitData(toml).value();
  EXPECT_EQ(init_data.version, "0.1.0");
  EXPECT_EQ(init_data.algorithm, "sha256");
  ASSERT_EQ(init_data.data.size(), 3u);
  EXPECT_EQ(init_data.data.at("policy.rego"), Config().policy_rego);

  toml::table aa = ParseEntry(init_data, "aa.toml");
  EXPECT_EQ(aa["token_configs"]["kbs"]["url"].value<std::string>(), "https://trustee.example:8080");
  EXPECT_EQ(aa["token_configs"]["kbs"]["cert"].value<std::string>(), std::string(kPem));

  toml::table cdh = ParseEntry(init_data, "cdh.toml");
  EXPECT_EQ(cdh["kbc"]["name"].value<std::string>(), "cc_kbc");
  EXPECT_EQ(cdh["kbc"]["url"].value<std::string>(), "https://trustee.example:8080");
  EXPECT_EQ(cdh["kbc"]["kbs_cert"].value<std::string>(), std::string(kPem));
}

TEST(GuestConfig, WithoutCertificateNamesNone) {
  GuestConfig config = Config();
  config.trustee_ca_pem.reset();
  config.trustee_url = "http://10.0.0.5:8080";
  const InitData init_data = ParseInitData(RenderInitData(config).value()).value();
  toml::table aa = ParseEntry(init_data, "aa.toml");
  toml::table cdh = ParseEntry(init_data, "cdh.toml");
  EXPECT_FALSE(aa["token_configs"]["kbs"]["cert"]);
  EXPECT_FALSE(cdh["kbc"]["kbs_cert"]);
  EXPECT_EQ(cdh["kbc"]["url"].value<std::string>(), "http://10.0.0.5:8080");
}

TEST(GuestConfig, SameInputsGiveSameBytesAndTheChosenDigest) {
  EXPECT_EQ(RenderInitData(Config()).value(), RenderInitData(Config()).value());
  GuestConfig config = Config();
  config.algorithm = crypto::DigestAlgorithm::kSha384;
  const InitData init_data = ParseInitData(RenderInitData(config).value()).value();
  EXPECT_EQ(init_data.algorithm, "sha384");
  EXPECT_EQ(init_data.digest.size(), 48u);
}

TEST(GuestConfig, PoliciesThatDefeatLiteralStringsStillReadBack) {
  for (const char* policy : {"package agent_policy\n# '''\n", "package agent_policy\nx := 'a'",
                             "package agent_policy\r\n\"quoted\" \\ back\n"}) {
    GuestConfig config = Config();
    config.policy_rego = policy;
    const InitData init_data = ParseInitData(RenderInitData(config).value()).value();
    EXPECT_EQ(init_data.data.at("policy.rego"), policy);
  }
}

TEST(GuestConfig, RejectsUnusableInputs) {
  auto with = [](auto change) {
    GuestConfig config = Config();
    change(config);
    return RenderInitData(config);
  };
  EXPECT_FALSE(with([](GuestConfig& c) { c.trustee_url = "trustee.example:8080"; }));
  EXPECT_FALSE(with([](GuestConfig& c) { c.trustee_url = "https://"; }));
  EXPECT_FALSE(with([](GuestConfig& c) { c.trustee_url = "https://t.example/?q=1"; }));
  EXPECT_FALSE(with([](GuestConfig& c) { c.trustee_ca_pem = "not a certificate"; }));
  const auto key = with([](GuestConfig& c) {
    *c.trustee_ca_pem += "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n";
  });
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().message.find("private key"), std::string::npos);
  EXPECT_FALSE(with([](GuestConfig& c) { c.policy_rego.clear(); }));
  EXPECT_FALSE(with([](GuestConfig& c) { c.policy_rego = "package agent_policy\n\xff\n"; }));
  EXPECT_FALSE(with([](GuestConfig& c) { c.algorithm = crypto::DigestAlgorithm::kSha1; }));
}

}  // namespace
}  // namespace veil::initdata
