#include "veil/agent/config/agent_config.h"

#include <gtest/gtest.h>

#include "expect_config_error.h"

namespace veil::agent {
namespace {

constexpr const char* kFullConfig = R"(
[trustee]
url = "https://trustee.example:8443"
ca_file = "ca.pem"
pinned_public_key = "sha256//AAAA"
tee_key = "rsa-2048"
attempts = 3
timeout_seconds = 7
first_backoff_ms = 100

[tee]
kind = "tpm"
tcti = "swtpm:host=127.0.0.1,port=2321"
attestation_key = "rsa-2048"
measurement_pcr = 16
cc_eventlog = "ccel.bin"

[workload]
user = "nobody"
secrets_dir = "/run/app/secrets"
secrets_size_mb = 8
payload = "app.veil"

[[workload.resources]]
uri = "kbs:///prod/db/password"
file = "db-password"

[[workload.resources]]
uri = "kbs:///prod/api/token"
env = "API_TOKEN"

[measurement]
event_log = "events.jsonl"

[log]
level = "debug"
)";

TEST(AgentConfig, ReadsEveryKey) {
  auto config = ParseAgentConfig(kFullConfig, "/etc/veil");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->trustee.url, "https://trustee.example:8443");
  EXPECT_EQ(config->trustee.ca_file, std::filesystem::path("/etc/veil/ca.pem"));
  EXPECT_EQ(config->trustee.pinned_public_key, "sha256//AAAA");
  EXPECT_EQ(config->trustee.tee_key, TeeKeyAlgorithm::kRsa2048);
  EXPECT_EQ(config->trustee.retry.attempts, 3u);
  EXPECT_EQ(config->trustee.timeout, std::chrono::seconds(7));
  EXPECT_EQ(config->trustee.retry.first_backoff, std::chrono::milliseconds(100));
  EXPECT_EQ(config->tee.kind, protocol::TeeKind::kTpm);
  EXPECT_EQ(config->tee.tcti, "swtpm:host=127.0.0.1,port=2321");
  EXPECT_TRUE(config->tee.rsa_attestation_key);
  EXPECT_EQ(config->tee.measurement_pcr, 16u);
  EXPECT_EQ(config->tee.cc_eventlog, std::filesystem::path("/etc/veil/ccel.bin"));
  EXPECT_EQ(config->workload.user, "nobody");
  EXPECT_EQ(config->workload.secrets_dir, std::filesystem::path("/run/app/secrets"));
  EXPECT_EQ(config->workload.secrets_size_bytes, 8u << 20);
  EXPECT_EQ(config->workload.payload, std::filesystem::path("/etc/veil/app.veil"));
  ASSERT_EQ(config->workload.resources.size(), 2u);
  EXPECT_EQ(config->workload.resources[0].resource.str(), "prod/db/password");
  EXPECT_EQ(config->workload.resources[0].file, "db-password");
  EXPECT_EQ(config->workload.resources[1].env, "API_TOKEN");
  EXPECT_EQ(config->event_log, std::filesystem::path("/etc/veil/events.jsonl"));
  EXPECT_EQ(config->log_level, "debug");
  EXPECT_EQ(config->workload.measured["resources"][1]["env"], "API_TOKEN");
  EXPECT_EQ(config->workload.measured["user"], "nobody");
}

TEST(AgentConfig, DefaultsNeedNoFile) {
  auto config = ParseAgentConfig("", "/");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->tee.kind, std::nullopt);  // auto
  EXPECT_EQ(config->tee.tcti, "device:/dev/tpmrm0");
  EXPECT_EQ(config->tee.measurement_pcr, 23u);
  EXPECT_EQ(config->trustee.tee_key, TeeKeyAlgorithm::kEcP256);
  EXPECT_EQ(config->workload.secrets_dir, std::filesystem::path("/run/veil/secrets"));
  EXPECT_TRUE(config->workload.measured.is_object());
}

TEST(AgentConfig, RefusesMistakesNamingTheKey) {
  const std::pair<const char*, const char*> cases[] = {
      {"[trustee]\nurl = 5\n", "trustee.url must be a string"},
      {"[trustee]\nadress = \"x\"\n", "unknown key \"adress\" in [trustee]"},
      {"[tee]\nkind = \"sgx\"\n", "\"sgx\" is not auto, tpm, snp, tdx or sample"},
      {"[tee]\nmeasurement_pcr = 24\n", "tee.measurement_pcr must be an integer in [0, 23]"},
      {"[[workload.resources]]\nuri = \"kbs:///a/b/c\"\n", "set exactly one of file and env"},
      {"[[workload.resources]]\nuri = \"kbs:///a/b/c\"\nfile = \"../x\"\n", "plain file name"},
      {"[[workload.resources]]\nuri = \"kbs:///a/b/c\"\nenv = \"1X\"\n", "is not a variable name"},
      {"[[workload.resources]]\nuri = \"kbs://h/a/b/c\"\nenv = \"X\"\n", "names a host"},
      {"[[workload.resources]]\nuri = \"kbs:///a/b/c\"\nenv = \"X\"\n[[workload.resources]]\nuri = "
       "\"kbs:///a/b/d\"\nenv = \"X\"\n",
       "two entries deliver to env X"},
      {"[[workload.resources]]\nuri = \"kbs:///a/b/c\"\nfile = \"workload\"\n",
       "reserved for the decrypted payload"},
      {"[[workload.resources]]\nuri = \"kbs:///a/b/c\"\nfile = \".veil-agent-entries\"\n",
       "reserved for the agent's journal"},
      {"[[workload.resources]]\nuri = \"kbs:///a/b/c\"\nenv = \"VEIL_SECRETS_DIR\"\n",
       "reserved for the agent"},
      {"[workload]\nuid_range = \"5-1\"\n", "workload.uid range \"5-1\" is not FIRST-LAST"},
      {"[workload]\nuid_range = \"0-10\"\n", "1 <= FIRST <= LAST"},
      {"[workload]\nuid_range = \"61000\"\n", "is not FIRST-LAST"},
      {"[log]\nlevel = \"loud\"\n", "log.level \"loud\""},
      {"[workload\n", "TOML syntax error at line 1"},
      {"workload = 3\n", "[workload] must be a table"},
  };
  for (const auto& [text, reason] : cases) ExpectConfigError(text, reason);
}

TEST(AgentConfig, RefusesSecretsInVariablesTheLoaderOrAShellInterprets) {
  // Issue 19: LD_PRELOAD made ld.so print the secret to stderr; PATH or BASH_ENV would run it.
  for (const char* name :
       {"LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "PATH", "IFS", "ENV", "BASH_ENV", "SHELLOPTS",
        "GCONV_PATH", "LOCPATH", "MALLOC_CHECK_", "GLIBC_TUNABLES", "NLSPATH", "LC_ALL", "TZDIR"}) {
    const std::string text =
        std::string("[[workload.resources]]\nuri = \"kbs:///a/b/c\"\nenv = \"") + name + "\"\n";
    auto config = ParseAgentConfig(text, "/");
    ASSERT_FALSE(config) << name;
    EXPECT_NE(config.error().message.find("read by the dynamic loader, the C library or a shell"),
              std::string::npos)
        << config.error().message;
  }
  for (const char* name : {"API_TOKEN", "DB_PASSWORD", "PATHNAME", "LDAP_PASSWORD"}) {
    const std::string text =
        std::string("[[workload.resources]]\nuri = \"kbs:///a/b/c\"\nenv = \"") + name + "\"\n";
    EXPECT_TRUE(ParseAgentConfig(text, "/")) << name;
  }
}

TEST(AgentConfig, ReadsTheWorkloadUidRange) {
  auto config = ParseAgentConfig("[workload]\nuid_range = \"70000-70009\"\n", "/");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->workload.uid_range.first, 70000u);
  EXPECT_EQ(config->workload.uid_range.last, 70009u);
  auto defaults = ParseAgentConfig("", "/");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->workload.uid_range.first, 61000u);
  EXPECT_EQ(defaults->workload.uid_range.last, 61999u);
}

}  // namespace
}  // namespace veil::agent
