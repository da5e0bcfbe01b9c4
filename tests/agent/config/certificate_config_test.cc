#include "veil/agent/config/certificate_config.h"

#include <gtest/gtest.h>

#include "expect_config_error.h"

#include "veil/agent/config/agent_config.h"
#include "veil/base/file.h"

namespace veil::agent {
namespace {

std::string Certificate(const std::string& body) {
  return "[workload]\nsecrets_dir = \"/run/app\"\n[workload.certificate]\n" + body;
}

TEST(CertificateConfig, ReadsEveryKey) {
  auto config = ParseAgentConfig(
      Certificate("names = [\"spiffe://veil.example/web\", \"web.prod.svc\"]\n"
                  "key_file = \"/run/app/web.key\"\ncert_file = \"web.crt\"\n"
                  "ca_file = \"./peers.crt\"\nrenew_before = \"8h\"\nkey = \"rsa-2048\"\n"),
      "/etc/veil");
  ASSERT_TRUE(config) << config.error().ToString();
  ASSERT_TRUE(config->workload.certificate);
  const WorkloadCertificateConfig& certificate = *config->workload.certificate;
  using Kind = crypto::SubjectAltName::Kind;
  EXPECT_EQ(certificate.names,
            (std::vector<crypto::SubjectAltName>{{Kind::kUri, "spiffe://veil.example/web"},
                                                 {Kind::kDns, "web.prod.svc"}}));
  EXPECT_EQ(certificate.key_file, "web.key");
  EXPECT_EQ(certificate.cert_file, "web.crt");
  EXPECT_EQ(certificate.ca_file, "peers.crt");
  EXPECT_EQ(certificate.renew_before.left, std::chrono::hours(8));
  EXPECT_EQ(certificate.key, crypto::KeyAlgorithm::kRsa2048);
  // Part of [workload], so the measured configuration names what the workload is certified as.
  EXPECT_EQ(config->workload.measured["certificate"]["names"][0], "spiffe://veil.example/web");
}

TEST(CertificateConfig, ASecretsDirWrittenWithATrailingSlashHoldsTheFilesToo) {
  auto config = ParseAgentConfig(
      "[workload]\nsecrets_dir = \"/run/app/\"\n[workload.certificate]\n"
      "names = [\"web.prod.svc\"]\nkey_file = \"/run/app/web.key\"\ncert_file = \"web.crt\"\n",
      "/etc/veil");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->workload.certificate->key_file, "web.key");
  EXPECT_EQ(config->workload.certificate->cert_file, "web.crt");
}

TEST(CertificateConfig, DefaultsToAP256KeyInTlsFilesRenewedAtAThirdLeft) {
  auto config = ParseAgentConfig(Certificate("names = [\"web.local\"]\n"), "/");
  ASSERT_TRUE(config) << config.error().ToString();
  const WorkloadCertificateConfig& certificate = *config->workload.certificate;
  EXPECT_EQ(certificate.key_file, "tls.key");
  EXPECT_EQ(certificate.cert_file, "tls.crt");
  EXPECT_EQ(certificate.ca_file, "ca.crt");
  EXPECT_FALSE(certificate.renew_before.left);
  EXPECT_EQ(certificate.renew_before.numerator, 1u);
  EXPECT_EQ(certificate.renew_before.denominator, 3u);
  EXPECT_EQ(certificate.key, crypto::KeyAlgorithm::kEcP256);
  EXPECT_FALSE(ParseAgentConfig("", "/")->workload.certificate);
}

TEST(CertificateConfig, ReadsFractionsAndDurations) {
  auto fraction = ParseAgentConfig(Certificate("names = [\"a\"]\nrenew_before = \"2/5\"\n"), "/");
  ASSERT_TRUE(fraction) << fraction.error().ToString();
  EXPECT_EQ(fraction->workload.certificate->renew_before.numerator, 2u);
  EXPECT_EQ(fraction->workload.certificate->renew_before.denominator, 5u);
  auto duration = ParseAgentConfig(Certificate("names = [\"a\"]\nrenew_before = \"1h30m\"\n"), "/");
  ASSERT_TRUE(duration) << duration.error().ToString();
  EXPECT_EQ(duration->workload.certificate->renew_before.left, std::chrono::minutes(90));
}

TEST(CertificateConfig, RefusesMistakesNamingTheKey) {
  const std::pair<std::string, const char*> cases[] = {
      {Certificate(""), "workload.certificate.names must list the names"},
      {Certificate("names = []\n"), "workload.certificate.names must list the names"},
      {Certificate("names = [3]\n"), "names must be strings"},
      {Certificate("names = [\"a\", \"a\"]\n"), "lists \"a\" twice"},
      {Certificate("names = [\"bad name\"]\n"),
       "workload.certificate.names: DNS name \"dns:bad name\" has a character other than"},
      {Certificate("names = [\"-x.example\"]\n"), "starts or ends with '-'"},
      {Certificate("names = [\"Web.example\"]\n"), "is not lower case"},
      {Certificate("names = [\"*.web.example\"]\n"), "is a wildcard"},
      {Certificate("names = [\"://x\"]\n"), "URI \"uri:://x\" is not <scheme>:<rest>"},
      {Certificate("names = [\"spiffe://td/a b\"]\n"), "is not printable ASCII or is a space"},
      {Certificate("names = [\"a\"]\nkey_file = \"../tls.key\"\n"),
       "key_file \"../tls.key\" must name a file directly in the secrets directory /run/app"},
      {Certificate("names = [\"a\"]\nkey_file = \"/tmp/tls.key\"\n"),
       "must name a file directly in the secrets directory"},
      {Certificate("names = [\"a\"]\ncert_file = \"sub/tls.crt\"\n"),
       "must name a file directly in the secrets directory"},
      {Certificate("names = [\"a\"]\nca_file = \"\"\n"), "must name a file directly"},
      {Certificate("names = [\"a\"]\nca_file = \"tls.crt\"\n"),
       "cert_file and ca_file both name \"tls.crt\""},
      {Certificate("names = [\"a\"]\nkey_file = \"workload\"\n"), "is reserved for the agent"},
      {Certificate("names = [\"a\"]\nrenew_before = \"3/3\"\n"),
       "not a fraction N/D with 0 < N < D"},
      {Certificate("names = [\"a\"]\nrenew_before = \"0/3\"\n"), "not a fraction"},
      {Certificate("names = [\"a\"]\nrenew_before = \"soon\"\n"),
       "workload.certificate.renew_before: duration \"soon\""},
      {Certificate("names = [\"a\"]\nrenew_before = \"0s\"\n"), "expected more than 0"},
      {Certificate("names = [\"a\"]\nkey = \"ed25519\"\n"),
       "key \"ed25519\" is not ec-p256 or rsa-2048"},
      {Certificate("names = [\"a\"]\nsans = []\n"),
       "unknown key \"sans\" in [workload.certificate]"},
      {"[workload]\ncertificate = 1\n", "[workload.certificate] must be a table"},
      {"[workload]\nsecrets_dir = \"/run/app\"\n[[workload.resources]]\nuri = "
       "\"kbs:///a/b/c\"\nfile = \"tls.key\"\n[workload.certificate]\nnames = [\"a\"]\n",
       "workload.resources a/b/c and [workload.certificate] both write \"tls.key\""},
  };
  for (const auto& [text, reason] : cases) ExpectConfigError(text, reason);
  std::string seventeen = "names = [";
  for (int i = 0; i < 17; ++i) seventeen += "\"n" + std::to_string(i) + "\", ";
  ExpectConfigError(Certificate(seventeen + "]\n"), "holds 17 names; at most 16");
}

// docs/agent-config.md's example is what the agent reads.
TEST(CertificateConfig, TheDocumentedExampleParses) {
  auto text = ReadFileText(std::filesystem::path(VEIL_SOURCE_DIR) / "docs" / "agent-config.md");
  ASSERT_TRUE(text) << text.error().ToString();
  const std::string opening = "```toml\n[workload.certificate]\n";
  const auto start = text->find(opening);
  ASSERT_NE(start, std::string::npos);
  const auto end = text->find("```", start + opening.size());
  ASSERT_NE(end, std::string::npos);
  const std::string example = text->substr(start + 8, end - start - 8);
  auto config = ParseAgentConfig(example, "/");
  ASSERT_TRUE(config) << config.error().ToString() << "\n" << example;
  ASSERT_TRUE(config->workload.certificate);
  EXPECT_EQ(config->workload.certificate->names.size(), 2u);
}

}  // namespace
}  // namespace veil::agent
