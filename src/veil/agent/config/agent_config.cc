#include "veil/agent/config/agent_config.h"

#include <set>

#include "veil/agent/config/secret_env_name.h"
#include "veil/config/toml_table.h"
#include "veil/protocol/resource_uri.h"
#include "veil/protocol/wire_text.h"

namespace veil::agent {
namespace {

constexpr std::string_view kAutoTee = "auto";

using config::ConfigError;
using config::ReadInteger;
using config::ReadString;
using config::RejectUnknownKeys;
using config::Resolve;

bool IsFileName(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == "." || name == "..") return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-')
      return false;
  }
  return true;
}

Status ReadTrustee(const toml::table& table, const std::filesystem::path& base_dir,
                   KbsClientOptions& trustee) {
  VEIL_TRY(RejectUnknownKeys(table, "[trustee]",
                             {"url", "ca_file", "pinned_public_key", "token_key", "tee_key",
                              "attempts", "timeout_seconds", "first_backoff_ms"}));
  VEIL_ASSIGN_OR_RETURN(auto url, ReadString(table, "trustee", "url"));
  if (url) trustee.url = *url;
  VEIL_ASSIGN_OR_RETURN(auto ca_file, ReadString(table, "trustee", "ca_file"));
  if (ca_file) trustee.ca_file = Resolve(base_dir, *ca_file);
  VEIL_ASSIGN_OR_RETURN(auto token_key, ReadString(table, "trustee", "token_key"));
  if (token_key) trustee.token_key = Resolve(base_dir, *token_key);
  VEIL_ASSIGN_OR_RETURN(trustee.pinned_public_key,
                        ReadString(table, "trustee", "pinned_public_key"));
  VEIL_ASSIGN_OR_RETURN(auto tee_key, ReadString(table, "trustee", "tee_key"));
  if (tee_key && *tee_key != "ec-p256" && *tee_key != "rsa-2048") {
    return Fail(ConfigError("trustee.tee_key \"" + *tee_key + "\" is not ec-p256 or rsa-2048"));
  }
  if (tee_key == "rsa-2048") trustee.tee_key = TeeKeyAlgorithm::kRsa2048;
  VEIL_TRY(ReadInteger<unsigned>(table, "trustee", "attempts", 1, 100, trustee.retry.attempts));
  std::int64_t timeout = trustee.timeout.count() / 1000;
  VEIL_TRY(ReadInteger<std::int64_t>(table, "trustee", "timeout_seconds", 1, 300, timeout));
  trustee.timeout = std::chrono::seconds(timeout);
  std::int64_t backoff = trustee.retry.first_backoff.count();
  VEIL_TRY(ReadInteger<std::int64_t>(table, "trustee", "first_backoff_ms", 1, 60'000, backoff));
  trustee.retry.first_backoff = std::chrono::milliseconds(backoff);
  return {};
}

Status ReadTee(const toml::table& table, const std::filesystem::path& base_dir, TeeConfig& tee) {
  VEIL_TRY(RejectUnknownKeys(table, "[tee]",
                             {"kind", "tcti", "attestation_key", "measurement_pcr", "configfs_tsm",
                              "sev_guest_device", "cc_eventlog"}));
  VEIL_ASSIGN_OR_RETURN(auto kind, ReadString(table, "tee", "kind"));
  if (kind) {
    VEIL_ASSIGN_OR_RETURN(tee.kind, ParseTeeChoice(*kind));
  }
  VEIL_ASSIGN_OR_RETURN(auto tcti, ReadString(table, "tee", "tcti"));
  if (tcti) tee.tcti = *tcti;
  VEIL_ASSIGN_OR_RETURN(auto key, ReadString(table, "tee", "attestation_key"));
  if (key && *key != "ecc-p256" && *key != "rsa-2048") {
    return Fail(ConfigError("tee.attestation_key \"" + *key + "\" is not ecc-p256 or rsa-2048"));
  }
  tee.rsa_attestation_key = key == "rsa-2048";
  VEIL_TRY(ReadInteger<unsigned>(table, "tee", "measurement_pcr", 0, 23, tee.measurement_pcr));
  VEIL_ASSIGN_OR_RETURN(auto configfs, ReadString(table, "tee", "configfs_tsm"));
  if (configfs) tee.configfs_tsm = Resolve(base_dir, *configfs);
  VEIL_ASSIGN_OR_RETURN(auto device, ReadString(table, "tee", "sev_guest_device"));
  if (device) tee.sev_guest_device = Resolve(base_dir, *device);
  VEIL_ASSIGN_OR_RETURN(auto cc_eventlog, ReadString(table, "tee", "cc_eventlog"));
  if (cc_eventlog) tee.cc_eventlog = Resolve(base_dir, *cc_eventlog);
  return {};
}

Result<ResourceDelivery> ReadDelivery(const toml::node& node) {
  const toml::table* table = node.as_table();
  if (table == nullptr) return Fail(ConfigError("[[workload.resources]] entries must be tables"));
  VEIL_TRY(RejectUnknownKeys(*table, "[[workload.resources]]", {"uri", "file", "env"}));
  VEIL_ASSIGN_OR_RETURN(auto uri, ReadString(*table, "workload.resources", "uri"));
  if (!uri)
    return Fail(ConfigError("workload.resources: every entry needs a uri (kbs:///repo/type/tag)"));
  auto resource = protocol::ParseResourceUri(*uri);
  if (!resource) return Fail(ConfigError("workload.resources: " + resource.error().message));
  VEIL_ASSIGN_OR_RETURN(auto file, ReadString(*table, "workload.resources", "file"));
  VEIL_ASSIGN_OR_RETURN(auto env, ReadString(*table, "workload.resources", "env"));
  if (file.has_value() == env.has_value()) {
    return Fail(ConfigError("workload.resources " + *uri + ": set exactly one of file and env"));
  }
  if (file == "workload") {
    return Fail(ConfigError("workload.resources " + *uri +
                            ": file \"workload\" is reserved for the decrypted payload"));
  }
  // agent/data_hub's EntryJournal (kJournalName) records what the agent writes under this name.
  if (file == ".veil-agent-entries") {
    return Fail(ConfigError("workload.resources " + *uri +
                            ": file \".veil-agent-entries\" is reserved for the agent's journal"));
  }
  if (file && !IsFileName(*file)) {
    return Fail(ConfigError(
        "workload.resources " + *uri + ": file \"" + *file +
        "\" must be a plain file name of [A-Za-z0-9._-] (it is created in the secrets directory)"));
  }
  if (env) {
    if (auto allowed = CheckSecretEnvName(*env); !allowed)
      return Fail(ConfigError("workload.resources " + *uri + ": " + allowed.error().message));
  }
  return ResourceDelivery{std::move(*resource), std::move(file), std::move(env)};
}

Status ReadResources(const toml::node& node, std::vector<ResourceDelivery>& resources) {
  const toml::array* list = node.as_array();
  if (list == nullptr)
    return Fail(
        ConfigError("workload.resources must be an array of tables ([[workload.resources]])"));
  std::set<std::string> targets;
  for (const toml::node& entry : *list) {
    VEIL_ASSIGN_OR_RETURN(ResourceDelivery delivery, ReadDelivery(entry));
    const std::string target = delivery.file ? "file " + *delivery.file : "env " + *delivery.env;
    if (!targets.insert(target).second)
      return Fail(ConfigError("workload.resources: two entries deliver to " + target));
    resources.push_back(std::move(delivery));
  }
  return {};
}

// The certificate's files and the delivered resources share the secrets directory.
Status CheckCertificateFiles(const WorkloadCertificateConfig& certificate,
                             const std::vector<ResourceDelivery>& resources) {
  for (const ResourceDelivery& delivery : resources) {
    for (const std::string* file :
         {&certificate.key_file, &certificate.cert_file, &certificate.ca_file}) {
      if (delivery.file == *file) {
        return Fail(ConfigError("workload.resources " + delivery.resource.str() + " and " +
                                "[workload.certificate] both write \"" + *file + "\""));
      }
    }
  }
  return {};
}

Status ReadWorkload(const toml::table& table, const std::filesystem::path& base_dir,
                    WorkloadConfig& workload) {
  VEIL_TRY(RejectUnknownKeys(table, "[workload]",
                             {"user", "uid_range", "secrets_dir", "secrets_size_mb", "payload",
                              "resources", "volumes", "certificate"}));
  VEIL_ASSIGN_OR_RETURN(workload.user, ReadString(table, "workload", "user"));
  VEIL_ASSIGN_OR_RETURN(auto uid_range, ReadString(table, "workload", "uid_range"));
  if (uid_range) {
    auto range = ParseUidRange(*uid_range);
    if (!range) return Fail(ConfigError("workload." + range.error().message));
    workload.uid_range = *range;
  }
  VEIL_ASSIGN_OR_RETURN(auto secrets_dir, ReadString(table, "workload", "secrets_dir"));
  if (secrets_dir) workload.secrets_dir = Resolve(base_dir, *secrets_dir);
  std::uint64_t size_mb = workload.secrets_size_bytes >> 20;
  VEIL_TRY(ReadInteger<std::uint64_t>(table, "workload", "secrets_size_mb", 1, 65536, size_mb));
  workload.secrets_size_bytes = size_mb << 20;
  VEIL_ASSIGN_OR_RETURN(auto payload, ReadString(table, "workload", "payload"));
  if (payload) workload.payload = Resolve(base_dir, *payload);
  if (const toml::node* resources = table.get("resources"))
    VEIL_TRY(ReadResources(*resources, workload.resources));
  if (const toml::node* volumes = table.get("volumes"))
    VEIL_TRY(ReadVolumes(*volumes, base_dir, workload.volumes));
  if (const toml::node* certificate = table.get("certificate")) {
    VEIL_ASSIGN_OR_RETURN(workload.certificate,
                          ReadCertificate(*certificate, workload.secrets_dir));
    VEIL_TRY(CheckCertificateFiles(*workload.certificate, workload.resources));
  }
  workload.measured = config::TomlToJson(table);
  return {};
}

Status ReadDocument(const toml::table& root, const std::filesystem::path& base_dir,
                    AgentConfig& agent) {
  VEIL_TRY(RejectUnknownKeys(root, "the configuration",
                             {"trustee", "tee", "workload", "measurement", "log"}));
  VEIL_ASSIGN_OR_RETURN(const toml::table* trustee, config::OptionalTable(root, "trustee"));
  if (trustee != nullptr) VEIL_TRY(ReadTrustee(*trustee, base_dir, agent.trustee));
  VEIL_ASSIGN_OR_RETURN(const toml::table* tee, config::OptionalTable(root, "tee"));
  if (tee != nullptr) VEIL_TRY(ReadTee(*tee, base_dir, agent.tee));
  VEIL_ASSIGN_OR_RETURN(const toml::table* workload, config::OptionalTable(root, "workload"));
  if (workload != nullptr) VEIL_TRY(ReadWorkload(*workload, base_dir, agent.workload));
  if (workload == nullptr) agent.workload.measured = nlohmann::json::object();
  VEIL_ASSIGN_OR_RETURN(const toml::table* measurement, config::OptionalTable(root, "measurement"));
  if (measurement != nullptr) {
    VEIL_TRY(RejectUnknownKeys(*measurement, "[measurement]", {"event_log"}));
    VEIL_ASSIGN_OR_RETURN(auto event_log, ReadString(*measurement, "measurement", "event_log"));
    if (event_log) agent.event_log = Resolve(base_dir, *event_log);
  }
  return config::ReadLogSection(root, agent.log_level);
}

}  // namespace

Result<TeeChoice> ParseTeeChoice(std::string_view text) {
  if (text == kAutoTee) return TeeChoice();
  auto kind = protocol::ParseTeeKind(text);
  if (!kind) {
    return Fail(InvalidArgument("TEE kind " + protocol::QuoteWireText(text) +
                                " is not auto, tpm, snp, tdx or sample"));
  }
  // The trustee appraises SGX quotes, but veil-agent runs outside any enclave and has no way to
  // obtain one (docs/LIMITATIONS.md).
  if (*kind == protocol::TeeKind::kSgx) {
    return Fail(
        InvalidArgument("TEE kind \"sgx\" is not auto, tpm, snp, tdx or sample: veil-agent "
                        "cannot produce SGX enclave quotes"));
  }
  return TeeChoice(*kind);
}

Result<AgentConfig> ParseAgentConfig(std::string_view toml_text,
                                     const std::filesystem::path& base_dir) {
  VEIL_ASSIGN_OR_RETURN(toml::table root, config::ParseToml(toml_text));
  AgentConfig agent;
  VEIL_TRY(ReadDocument(root, base_dir, agent));
  return agent;
}

Result<AgentConfig> LoadAgentConfig(const std::filesystem::path& file) {
  return config::LoadConfigFile(file, &ParseAgentConfig);
}

}  // namespace veil::agent
