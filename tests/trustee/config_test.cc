#include "veil/trustee/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace veil::trustee {
namespace {

TEST(TrusteeConfig, EmptyDocumentGivesDefaults) {
  const TrusteeConfig config = ParseTrusteeConfig("", "/etc/veil").value();
  EXPECT_EQ(config.listen.host, "127.0.0.1");
  EXPECT_EQ(config.listen.port, 8080);
  EXPECT_EQ(config.data_dir, "veil-data");
  EXPECT_FALSE(config.store_url);  // SQLite in the data directory
  EXPECT_EQ(config.session_ttl, std::chrono::seconds(300));
  EXPECT_EQ(config.token_ttl, std::chrono::seconds(300));
  EXPECT_FALSE(config.tls);
  EXPECT_TRUE(config.admin_public_keys.empty());
  // The limits against hostile clients (docs/trustee-config.md).
  EXPECT_EQ(config.idle_timeout, std::chrono::seconds(15));
  EXPECT_EQ(config.max_connections, 512u);
  EXPECT_EQ(config.max_sessions, 10000u);
  EXPECT_EQ(config.max_unattested_sessions_per_client, 64u);
  EXPECT_EQ(config.max_token_bytes, 65536u);
  EXPECT_EQ(config.admin_max_remembered_tokens, 10000u);
  EXPECT_EQ(config.max_body_bytes, 1u << 20);
  EXPECT_EQ(config.max_header_bytes, 16u << 10);
  EXPECT_EQ(config.read_timeout, std::chrono::seconds(10));
  EXPECT_EQ(config.auth_rate_per_second, 20u);
  EXPECT_EQ(config.auth_rate_burst, 40u);
  EXPECT_EQ(config.admin_rate_per_second, 10u);
  EXPECT_EQ(config.admin_rate_burst, 20u);
  // Admin tokens: single-use (jti required), 5 minutes, no issuer or audience check.
  EXPECT_EQ(config.admin_token_max_age, std::chrono::seconds(300));
  EXPECT_FALSE(config.admin_reusable_tokens);
  EXPECT_FALSE(config.admin_issuer);
  EXPECT_FALSE(config.admin_audience);
}

// What CoCo's docker-compose admin token needs (docs/coco-compatibility.md): 10 years, no jti,
// its issuer and audience.
TEST(TrusteeConfig, ReadsTheCocoAdminTokenOptions) {
  const TrusteeConfig config = ParseTrusteeConfig(R"([admin]
token_max_age_seconds = 315360000
reusable_tokens = true
issuer = "TrusteeInDocker"
audience = "KBS"
)",
                                                  "/")
                                   .value();
  EXPECT_EQ(config.admin_token_max_age, std::chrono::seconds(315360000));
  EXPECT_TRUE(config.admin_reusable_tokens);
  EXPECT_EQ(config.admin_issuer, "TrusteeInDocker");
  EXPECT_EQ(config.admin_audience, "KBS");
}

// The [admin] lines docs/coco-compatibility.md gives for CoCo's kbs-client parse to what they say.
TEST(TrusteeConfig, TheCocoRecipeInTheDocsParses) {
  std::ifstream doc(std::string(VEIL_SOURCE_DIR) + "/docs/coco-compatibility.md");
  std::stringstream text;
  text << doc.rdbuf();
  const std::string markdown = text.str();
  const std::size_t start = markdown.find("   [admin]\n");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = markdown.find("```", start);
  ASSERT_NE(end, std::string::npos);
  std::string toml;  // the block, its three-space list indent removed
  std::stringstream lines(markdown.substr(start, end - start));
  for (std::string line; std::getline(lines, line);)
    toml += line.substr(std::min<std::size_t>(3, line.size())) + "\n";
  const auto config = ParseTrusteeConfig(toml, "/etc/veil");
  ASSERT_TRUE(config) << config.error().ToString() << "\n" << toml;
  EXPECT_EQ(config->admin_public_keys, std::vector<std::filesystem::path>{"/etc/veil/public.pub"});
  EXPECT_TRUE(config->admin_reusable_tokens);
  EXPECT_EQ(config->admin_token_max_age, std::chrono::seconds(315360000));
  EXPECT_EQ(config->admin_issuer, "TrusteeInDocker");
  EXPECT_EQ(config->admin_audience, "KBS");
}

// The example in docs/trustee-config.md parses, and the limits it shows are the defaults.
TEST(TrusteeConfig, TheDocumentedExampleParsesAndShowsTheDefaultLimits) {
  std::ifstream doc(std::string(VEIL_SOURCE_DIR) + "/docs/trustee-config.md");
  std::stringstream text;
  text << doc.rdbuf();
  const std::string markdown = text.str();
  const std::size_t start = markdown.find("```toml\n");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = markdown.find("```", start + 8);
  const auto example = ParseTrusteeConfig(markdown.substr(start + 8, end - start - 8), "/etc/veil");
  ASSERT_TRUE(example) << example.error().ToString();
  const TrusteeConfig defaults = ParseTrusteeConfig("", "/").value();
  EXPECT_EQ(example->max_body_bytes, defaults.max_body_bytes);
  EXPECT_EQ(example->max_header_bytes, defaults.max_header_bytes);
  EXPECT_EQ(example->read_timeout, defaults.read_timeout);
  EXPECT_EQ(example->idle_timeout, defaults.idle_timeout);
  EXPECT_EQ(example->max_connections, defaults.max_connections);
  EXPECT_EQ(example->max_sessions, defaults.max_sessions);
  EXPECT_EQ(example->max_unattested_sessions_per_client,
            defaults.max_unattested_sessions_per_client);
  EXPECT_EQ(example->max_token_bytes, defaults.max_token_bytes);
  EXPECT_EQ(example->auth_rate_per_second, defaults.auth_rate_per_second);
  EXPECT_EQ(example->auth_rate_burst, defaults.auth_rate_burst);
  EXPECT_EQ(example->admin_rate_per_second, defaults.admin_rate_per_second);
  EXPECT_EQ(example->admin_rate_burst, defaults.admin_rate_burst);
  EXPECT_EQ(example->admin_max_remembered_tokens, defaults.admin_max_remembered_tokens);
  EXPECT_EQ(example->workload_ca.certificate_ttl, defaults.workload_ca.certificate_ttl);
  EXPECT_EQ(example->workload_ca.ca_ttl, defaults.workload_ca.ca_ttl);
  EXPECT_EQ(example->workload_ca.rotation_overlap, defaults.workload_ca.rotation_overlap);
  EXPECT_EQ(example->workload_ca.organization, defaults.workload_ca.organization);
}

TEST(TrusteeConfig, WorkloadCaDurationsAndTheOverlapDefault) {
  const TrusteeConfig defaults = ParseTrusteeConfig("", "/").value();
  EXPECT_TRUE(defaults.workload_ca.enabled);
  EXPECT_EQ(defaults.workload_ca.certificate_ttl, std::chrono::hours(24));
  EXPECT_EQ(defaults.workload_ca.ca_ttl, std::chrono::hours(24 * 365));
  EXPECT_EQ(defaults.workload_ca.rotation_overlap, std::chrono::hours(24));
  EXPECT_EQ(defaults.workload_ca.public_url, "");
  // The overlap follows certificate_ttl unless set.
  const TrusteeConfig shorter = ParseTrusteeConfig(
                                    "[workload_ca]\ncertificate_ttl = \"2h\"\npublic_url = "
                                    "\"https://trustee.example\"\norganization = \"Acme\"",
                                    "/")
                                    .value();
  EXPECT_EQ(shorter.workload_ca.certificate_ttl, std::chrono::hours(2));
  EXPECT_EQ(shorter.workload_ca.rotation_overlap, std::chrono::hours(2));
  EXPECT_EQ(shorter.workload_ca.public_url, "https://trustee.example");
  EXPECT_EQ(shorter.workload_ca.organization, "Acme");
  const TrusteeConfig disabled = ParseTrusteeConfig("[workload_ca]\nenabled = false", "/").value();
  EXPECT_FALSE(disabled.workload_ca.enabled);
}

TEST(TrusteeConfig, ReadsTheLimits) {
  const TrusteeConfig config = ParseTrusteeConfig(R"(
[server]
max_connections = 100
idle_timeout_seconds = 5
max_header_bytes = 4096
read_timeout_seconds = 2
[kbs]
max_sessions = 50
max_unattested_sessions_per_client = 4
max_token_bytes = 8192
auth_rate_per_second = 5
auth_rate_burst = 7
[admin]
max_remembered_tokens = 20
rate_per_second = 3
rate_burst = 4
)",
                                                  "/")
                                   .value();
  EXPECT_EQ(config.max_connections, 100u);
  EXPECT_EQ(config.idle_timeout, std::chrono::seconds(5));
  EXPECT_EQ(config.max_sessions, 50u);
  EXPECT_EQ(config.max_unattested_sessions_per_client, 4u);
  EXPECT_EQ(config.max_token_bytes, 8192u);
  EXPECT_EQ(config.admin_max_remembered_tokens, 20u);
  EXPECT_EQ(config.max_header_bytes, 4096u);
  EXPECT_EQ(config.read_timeout, std::chrono::seconds(2));
  EXPECT_EQ(config.auth_rate_per_second, 5u);
  EXPECT_EQ(config.auth_rate_burst, 7u);
  EXPECT_EQ(config.admin_rate_per_second, 3u);
  EXPECT_EQ(config.admin_rate_burst, 4u);
  EXPECT_FALSE(ParseTrusteeConfig("[server]\nmax_connections = 0", "/"));
  EXPECT_FALSE(ParseTrusteeConfig("[server]\nmax_header_bytes = 100", "/"));
  EXPECT_FALSE(ParseTrusteeConfig("[kbs]\nauth_rate_per_second = 0", "/"));
  EXPECT_FALSE(ParseTrusteeConfig("[kbs]\nauth_rate_burst = 0", "/"));
  EXPECT_FALSE(ParseTrusteeConfig("[admin]\nrate_per_second = 0", "/"));
  EXPECT_FALSE(ParseTrusteeConfig("[admin]\nrate_burst = -1", "/"));
  EXPECT_FALSE(ParseTrusteeConfig("[kbs]\nmax_token_bytes = 100", "/"));
  EXPECT_FALSE(ParseTrusteeConfig("[kbs]\nmax_sessions = 0", "/"));
}

TEST(TrusteeConfig, ReadsEverySectionAndResolvesRelativePaths) {
  const TrusteeConfig config = ParseTrusteeConfig(R"(
[server]
listen = "0.0.0.0:9443"
tls_certificate = "tls/cert.pem"
tls_private_key = "/secure/key.pem"
max_body_bytes = 65536
read_timeout_seconds = 5
threads = 4
[storage]
data_dir = "data"
[store]
url = "postgresql://veil:secret@db.example:5432/veil?sslmode=verify-full"
[kbs]
session_ttl_seconds = 60
token_ttl_seconds = 120
[admin]
public_keys = ["admin.pub"]
[log]
level = "debug"
)",
                                                  "/etc/veil")
                                   .value();
  EXPECT_EQ(config.listen.host, "0.0.0.0");
  EXPECT_EQ(config.listen.port, 9443);
  ASSERT_TRUE(config.tls);
  EXPECT_EQ(config.tls->certificate_chain, "/etc/veil/tls/cert.pem");
  EXPECT_EQ(config.tls->private_key, "/secure/key.pem");
  EXPECT_EQ(config.tls->min_version, http::TlsMinVersion::kTls13);
  EXPECT_EQ(config.max_body_bytes, 65536u);
  EXPECT_EQ(config.threads, 4u);
  EXPECT_EQ(config.data_dir, "/etc/veil/data");
  EXPECT_EQ(config.store_url, "postgresql://veil:secret@db.example:5432/veil?sslmode=verify-full");
  EXPECT_EQ(config.session_ttl, std::chrono::seconds(60));
  ASSERT_EQ(config.admin_public_keys.size(), 1u);
  EXPECT_EQ(config.admin_public_keys[0], "/etc/veil/admin.pub");
  EXPECT_EQ(config.log_level, "debug");
}

TEST(TrusteeConfig, SnpVcekLookupIsOffUnlessConfigured) {
  const TrusteeConfig defaults = ParseTrusteeConfig("", "/").value();
  EXPECT_FALSE(defaults.vcek_store);
  EXPECT_EQ(defaults.kds_url, "");

  const TrusteeConfig config = ParseTrusteeConfig(R"(
[snp]
vcek_store = "vcek"
kds_url = "https://kdsintf.amd.com"
kds_timeout_seconds = 3
)",
                                                  "/etc/veil")
                                   .value();
  EXPECT_EQ(config.vcek_store, std::filesystem::path("/etc/veil/vcek"));
  EXPECT_EQ(config.kds_url, "https://kdsintf.amd.com");
  EXPECT_EQ(config.kds_timeout, std::chrono::seconds(3));

  auto bad_url = ParseTrusteeConfig("[snp]\nkds_url = \"kdsintf.amd.com\"\n", "/");
  ASSERT_FALSE(bad_url);
  EXPECT_NE(bad_url.error().message.find("snp.kds_url must start with https://"),
            std::string::npos);
  EXPECT_FALSE(ParseTrusteeConfig("[snp]\nvcek_dir = \"x\"\n", "/"));
}

TEST(TrusteeConfig, DcapCollateralIsUnsetUnlessConfigured) {
  EXPECT_FALSE(ParseTrusteeConfig("", "/").value().dcap_collateral);
  const TrusteeConfig config =
      ParseTrusteeConfig("[dcap]\ncollateral = \"dcap-bundle\"\n", "/etc/veil").value();
  EXPECT_EQ(config.dcap_collateral, std::filesystem::path("/etc/veil/dcap-bundle"));
  EXPECT_EQ(ParseTrusteeConfig("[dcap]\ncollateral = \"/srv/pcs.json\"\n", "/etc/veil")
                .value()
                .dcap_collateral,
            std::filesystem::path("/srv/pcs.json"));

  auto empty = ParseTrusteeConfig("[dcap]\ncollateral = \"\"\n", "/");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("dcap.collateral must name a bundle directory"),
            std::string::npos)
      << empty.error().message;
  EXPECT_FALSE(ParseTrusteeConfig("[dcap]\npccs_url = \"x\"\n", "/"));
  EXPECT_FALSE(ParseTrusteeConfig("dcap = 1\n", "/"));
}

TEST(TrusteeConfig, TpmEkTrustStoreAndEnrolmentLifetime) {
  const TrusteeConfig defaults = ParseTrusteeConfig("", "/").value();
  EXPECT_FALSE(defaults.ek_trust_store);
  EXPECT_EQ(defaults.enrolment_ttl, std::chrono::seconds(120));
  const TrusteeConfig config =
      ParseTrusteeConfig("[tpm]\nek_trust_store = \"ek-cas\"\nenrolment_ttl_seconds = 30\n",
                         "/etc/veil")
          .value();
  EXPECT_EQ(config.ek_trust_store, std::filesystem::path("/etc/veil/ek-cas"));
  EXPECT_EQ(config.enrolment_ttl, std::chrono::seconds(30));

  auto empty = ParseTrusteeConfig("[tpm]\nek_trust_store = \"\"\n", "/");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("tpm.ek_trust_store must name a directory"),
            std::string::npos)
      << empty.error().message;
  EXPECT_FALSE(ParseTrusteeConfig("[tpm]\nenrolment_ttl_seconds = 0\n", "/"));
  EXPECT_FALSE(ParseTrusteeConfig("[tpm]\nek_trust = \"x\"\n", "/"));
  EXPECT_FALSE(ParseTrusteeConfig("tpm = 1\n", "/"));
}

TEST(TrusteeConfig, TrustedAttestationServicesKeepUrlsAndResolvePaths) {
  const TrusteeConfig defaults = ParseTrusteeConfig("", "/").value();
  EXPECT_TRUE(defaults.trusted_jwks.empty());
  EXPECT_TRUE(defaults.trusted_token_certificates.empty());

  const TrusteeConfig config = ParseTrusteeConfig(R"(
[trusted_attestation_services]
jwks = ["https://as.example.com/.well-known/jwks.json", "keys/coco-as.jwks"]
certificates = ["certs/coco-as-ca.pem"]
jwks_refresh_seconds = 300
)",
                                                  "/etc/veil")
                                   .value();
  EXPECT_EQ(config.trusted_jwks,
            (std::vector<std::string>{"https://as.example.com/.well-known/jwks.json",
                                      "/etc/veil/keys/coco-as.jwks"}));
  EXPECT_EQ(config.trusted_token_certificates,
            std::vector<std::filesystem::path>{"/etc/veil/certs/coco-as-ca.pem"});
  EXPECT_EQ(config.trusted_jwks_refresh, std::chrono::seconds(300));

  const auto not_a_list =
      ParseTrusteeConfig("[trusted_attestation_services]\njwks = \"as.jwks\"\n", "/");
  ASSERT_FALSE(not_a_list);
  EXPECT_NE(not_a_list.error().message.find(
                "trusted_attestation_services.jwks must be an array of strings"),
            std::string::npos)
      << not_a_list.error().message;
  EXPECT_FALSE(ParseTrusteeConfig("[trusted_attestation_services]\njwks = [\"\"]\n", "/"));
  EXPECT_FALSE(ParseTrusteeConfig("[trusted_attestation_services]\ntrusted_certs = []\n", "/"));
}

TEST(TrusteeConfig, TokenCertificateChainIsResolvedAgainstTheConfigDirectory) {
  EXPECT_FALSE(ParseTrusteeConfig("", "/").value().token_certificate_chain);
  const TrusteeConfig config =
      ParseTrusteeConfig("[kbs]\ntoken_certificate_chain = \"tls/token-chain.pem\"\n", "/etc/veil")
          .value();
  EXPECT_EQ(config.token_certificate_chain, std::filesystem::path("/etc/veil/tls/token-chain.pem"));
}

TEST(TrusteeConfig, KeysAreInTheDataDirectoryUnlessFilesAreNamed) {
  const TrusteeConfig defaults = ParseTrusteeConfig("", "/").value();
  EXPECT_FALSE(defaults.key_encryption_key_file);
  EXPECT_FALSE(defaults.token_signing_key_file);
  const TrusteeConfig config = ParseTrusteeConfig(
                                   "[keys]\nkey_encryption_key_file = \"kek/key\"\n"
                                   "token_signing_key_file = \"/run/secrets/signing.pem\"\n",
                                   "/etc/veil")
                                   .value();
  EXPECT_EQ(config.key_encryption_key_file, std::filesystem::path("/etc/veil/kek/key"));
  EXPECT_EQ(config.token_signing_key_file, std::filesystem::path("/run/secrets/signing.pem"));
  auto empty = ParseTrusteeConfig("[keys]\nkey_encryption_key_file = \"\"\n", "/");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message,
            "keys.key_encryption_key_file must name a file (leave it out to use the data "
            "directory's key)");
  EXPECT_FALSE(ParseTrusteeConfig("[keys]\nkek = \"k\"\n", "/"));
}

TEST(TrusteeConfig, TlsMinVersionAllowsTls12OnlyWhenAsked) {
  const TrusteeConfig config = ParseTrusteeConfig(R"(
[server]
tls_certificate = "cert.pem"
tls_private_key = "key.pem"
tls_min_version = "1.2"
)",
                                                  "/")
                                   .value();
  ASSERT_TRUE(config.tls);
  EXPECT_EQ(config.tls->min_version, http::TlsMinVersion::kTls12);
}

TEST(TrusteeConfig, RejectsTyposAndBadValuesWithTheirName) {
  const std::pair<const char*, const char*> cases[] = {
      {"[server]\nlisten = \"localhost\"", "listen address must be HOST:PORT"},
      {"[server]\nlisten = \"a:70000\"", "port in [0, 65535]"},
      {"[server]\nlistne = \"a:1\"", "unknown key \"listne\" in [server]"},
      {"[servr]\n", "unknown key \"servr\""},
      {"[server]\ntls_certificate = \"c.pem\"", "must be set together"},
      {"[server]\ntls_min_version = \"1.2\"", "tls_min_version needs server.tls_certificate"},
      {"[server]\ntls_certificate = \"c\"\ntls_private_key = \"k\"\ntls_min_version = \"1.1\"",
       "server.tls_min_version: expected \"1.2\" or \"1.3\", got \"1.1\""},
      {"[kbs]\nsession_ttl_seconds = 0",
       "kbs.session_ttl_seconds must be an integer in [1, 86400]"},
      {"[kbs]\ntoken_ttl_seconds = \"5\"", "kbs.token_ttl_seconds must be an integer"},
      {"[log]\nlevel = \"loud\"", "log.level \"loud\""},
      {"[admin]\npublic_keys = \"k.pub\"", "admin.public_keys must be an array"},
      {"[admin]\ntoken_max_age_seconds = 315360001",
       "admin.token_max_age_seconds must be an integer in [1, 315360000]"},
      {"[admin]\nreusable_tokens = \"yes\"", "admin.reusable_tokens"},
      {"[admin]\nissuer = \"\"", "admin.issuer must not be empty"},
      {"[admin]\naudience = 5", "admin.audience"},
      {"server = 5", "[server] must be a table"},
      {"[store]\nurl = \"mysql://root:secret@db/veil\"", "store.url: expected a PostgreSQL URL"},
      {"[store]\nurl = \"\"", "store.url: expected a PostgreSQL URL"},
      {"[store]\npath = \"trustee.db\"", "[store]"},
      {"[server\n", "TOML syntax error at line 1"},
      {"[workload_ca]\ncertificate_ttl = \"24\"", "workload_ca.certificate_ttl: duration \"24\""},
      {"[workload_ca]\nrotation_overlap = \"1h\"",
       "workload_ca.rotation_overlap (1h) must be at least workload_ca.certificate_ttl (1d)"},
      {"[workload_ca]\ncertificate_ttl = \"400d\"", "must be shorter than workload_ca.ca_ttl"},
      {"[workload_ca]\npublic_url = \"trustee.example\"", "expected http:// or https://"},
      {"[workload_ca]\nttl = \"1h\"", "unknown key \"ttl\" in [workload_ca]"},
  };
  for (const auto& [text, expected] : cases) {
    auto config = ParseTrusteeConfig(text, "/");
    ASSERT_FALSE(config) << text;
    EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(config.error().message.find(expected), std::string::npos) << config.error().message;
  }
}

// A refused store URL is not repeated: it may carry a password.
TEST(TrusteeConfig, StoreUrlMustBePostgresAndIsNeverEchoed) {
  EXPECT_EQ(ParseStoreUrl("postgres://db/veil").value(), "postgres://db/veil");
  EXPECT_EQ(ParseStoreUrl("postgresql:///veil?host=/run/postgresql").value(),
            "postgresql:///veil?host=/run/postgresql");
  auto refused = ParseStoreUrl("mysql://root:hunter2@db/veil");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().ToString().find("hunter2"), std::string::npos);
}

TEST(ListenAddress, ParsesHostsAndIpv6) {
  EXPECT_EQ(ParseListenAddress("127.0.0.1:0").value().port, 0);
  const ListenAddress v6 = ParseListenAddress("[::1]:8080").value();
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 8080);
  EXPECT_FALSE(ParseListenAddress(":80"));
  EXPECT_FALSE(ParseListenAddress("host:"));
  EXPECT_FALSE(ParseListenAddress("host:8x"));
}

}  // namespace
}  // namespace veil::trustee
