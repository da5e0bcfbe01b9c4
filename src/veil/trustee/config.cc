#include "veil/trustee/config.h"

#include <charconv>

#include "veil/base/duration.h"
#include "veil/config/toml_table.h"

namespace veil::trustee {
namespace {

using config::ConfigError;
using config::ReadInteger;
using config::ReadString;
using config::RejectUnknownKeys;
using config::Resolve;

// Requests per second (and burst) a rate limit may allow at most: effectively unlimited.
constexpr unsigned kMaxRate = 1'000'000;

Status ReadSeconds(const toml::table& table, std::string_view section, std::string_view key,
                   std::chrono::seconds& out) {
  std::int64_t seconds = out.count();
  VEIL_TRY(ReadInteger<std::int64_t>(table, section, key, 1, 86400, seconds));
  out = std::chrono::seconds(seconds);
  return {};
}

Result<http::TlsMinVersion> ParseTlsMinVersion(std::string_view text) {
  if (text == "1.3") return http::TlsMinVersion::kTls13;
  if (text == "1.2") return http::TlsMinVersion::kTls12;
  return Fail(ConfigError("server.tls_min_version: expected \"1.2\" or \"1.3\", got \"" +
                          std::string(text) + "\""));
}

const toml::table* Section(const toml::table& root, std::string_view name) {
  return root[name].as_table();
}

Status ReadServer(const toml::table& server, const std::filesystem::path& base_dir,
                  TrusteeConfig& config) {
  VEIL_TRY(RejectUnknownKeys(server, "[server]",
                             {"listen", "tls_certificate", "tls_private_key", "tls_min_version",
                              "max_body_bytes", "max_header_bytes", "read_timeout_seconds",
                              "idle_timeout_seconds", "threads", "max_connections"}));
  VEIL_ASSIGN_OR_RETURN(auto listen, ReadString(server, "server", "listen"));
  if (listen) {
    VEIL_ASSIGN_OR_RETURN(config.listen, ParseListenAddress(*listen));
  }
  VEIL_ASSIGN_OR_RETURN(auto certificate, ReadString(server, "server", "tls_certificate"));
  VEIL_ASSIGN_OR_RETURN(auto key, ReadString(server, "server", "tls_private_key"));
  if (certificate.has_value() != key.has_value()) {
    return Fail(
        ConfigError("server.tls_certificate and server.tls_private_key must be set together"));
  }
  if (certificate) config.tls = TlsConfig{Resolve(base_dir, *certificate), Resolve(base_dir, *key)};
  VEIL_ASSIGN_OR_RETURN(auto min_version, ReadString(server, "server", "tls_min_version"));
  if (min_version) {
    if (!config.tls) {
      return Fail(
          ConfigError("server.tls_min_version needs server.tls_certificate and "
                      "server.tls_private_key"));
    }
    VEIL_ASSIGN_OR_RETURN(config.tls->min_version, ParseTlsMinVersion(*min_version));
  }
  VEIL_TRY(ReadInteger<std::size_t>(server, "server", "max_body_bytes", 1024, 64u << 20,
                                    config.max_body_bytes));
  VEIL_TRY(ReadInteger<std::size_t>(server, "server", "max_header_bytes", 1024, 1u << 20,
                                    config.max_header_bytes));
  VEIL_TRY(ReadSeconds(server, "server", "read_timeout_seconds", config.read_timeout));
  VEIL_TRY(ReadSeconds(server, "server", "idle_timeout_seconds", config.idle_timeout));
  VEIL_TRY(ReadInteger<std::size_t>(server, "server", "max_connections", 1, 1'000'000,
                                    config.max_connections));
  return ReadInteger<unsigned>(server, "server", "threads", 1, 64, config.threads);
}

// CoCo's docker-compose admin token is valid for 10 years (iat + 315360000).
constexpr std::int64_t kMaxAdminTokenAgeSeconds = 315'360'000;

Result<std::optional<std::string>> ReadNonEmptyString(const toml::table& table,
                                                      std::string_view section,
                                                      std::string_view key) {
  VEIL_ASSIGN_OR_RETURN(auto value, ReadString(table, section, key));
  if (value && value->empty()) {
    return Fail(ConfigError(std::string(section) + "." + std::string(key) +
                            " must not be empty (leave it out to skip the check)"));
  }
  return value;
}

// What an admin token must carry: age, jti (or not), issuer, audience.
Status ReadAdminTokenRules(const toml::table& admin, TrusteeConfig& config) {
  std::int64_t max_age = config.admin_token_max_age.count();
  VEIL_TRY(ReadInteger<std::int64_t>(admin, "admin", "token_max_age_seconds", 1,
                                     kMaxAdminTokenAgeSeconds, max_age));
  config.admin_token_max_age = std::chrono::seconds(max_age);
  VEIL_ASSIGN_OR_RETURN(auto reusable, config::ReadBool(admin, "admin", "reusable_tokens"));
  config.admin_reusable_tokens = reusable.value_or(config.admin_reusable_tokens);
  VEIL_ASSIGN_OR_RETURN(auto issuer, ReadNonEmptyString(admin, "admin", "issuer"));
  if (issuer) config.admin_issuer = std::move(issuer);
  VEIL_ASSIGN_OR_RETURN(auto audience, ReadNonEmptyString(admin, "admin", "audience"));
  if (audience) config.admin_audience = std::move(audience);
  return {};
}

Status ReadAdmin(const toml::table& admin, const std::filesystem::path& base_dir,
                 TrusteeConfig& config) {
  VEIL_TRY(RejectUnknownKeys(
      admin, "[admin]",
      {"public_keys", "token_max_age_seconds", "max_remembered_tokens", "rate_per_second",
       "rate_burst", "reusable_tokens", "issuer", "audience"}));
  VEIL_TRY(ReadInteger<unsigned>(admin, "admin", "rate_per_second", 1, kMaxRate,
                                 config.admin_rate_per_second));
  VEIL_TRY(
      ReadInteger<unsigned>(admin, "admin", "rate_burst", 1, kMaxRate, config.admin_rate_burst));
  VEIL_TRY(ReadInteger<std::size_t>(admin, "admin", "max_remembered_tokens", 1, 1'000'000,
                                    config.admin_max_remembered_tokens));
  if (const toml::node* keys = admin.get("public_keys")) {
    const toml::array* list = keys->as_array();
    if (list == nullptr)
      return Fail(ConfigError("admin.public_keys must be an array of file paths"));
    for (const toml::node& entry : *list) {
      const auto path = entry.value<std::string>();
      if (!path) return Fail(ConfigError("admin.public_keys must hold strings"));
      config.admin_public_keys.push_back(Resolve(base_dir, *path));
    }
  }
  return ReadAdminTokenRules(admin, config);
}

Status ReadSnp(const toml::table& snp, const std::filesystem::path& base_dir,
               TrusteeConfig& config) {
  VEIL_TRY(RejectUnknownKeys(snp, "[snp]", {"vcek_store", "kds_url", "kds_timeout_seconds"}));
  VEIL_ASSIGN_OR_RETURN(auto store, ReadString(snp, "snp", "vcek_store"));
  if (store) config.vcek_store = Resolve(base_dir, *store);
  VEIL_ASSIGN_OR_RETURN(auto kds_url, ReadString(snp, "snp", "kds_url"));
  if (kds_url) {
    if (!kds_url->empty() && kds_url->rfind("https://", 0) != 0 &&
        kds_url->rfind("http://", 0) != 0) {
      return Fail(ConfigError("snp.kds_url must start with https:// or http://"));
    }
    config.kds_url = *kds_url;
  }
  return ReadSeconds(snp, "snp", "kds_timeout_seconds", config.kds_timeout);
}

Status ReadDcap(const toml::table& dcap, const std::filesystem::path& base_dir,
                TrusteeConfig& config) {
  VEIL_TRY(RejectUnknownKeys(dcap, "[dcap]", {"collateral"}));
  VEIL_ASSIGN_OR_RETURN(auto collateral, ReadString(dcap, "dcap", "collateral"));
  if (!collateral) return {};
  if (collateral->empty()) {
    return Fail(ConfigError(
        "dcap.collateral must name a bundle directory or collateral JSON file (leave it out to "
        "refuse TDX and SGX evidence)"));
  }
  config.dcap_collateral = Resolve(base_dir, *collateral);
  return {};
}

Status ReadTpm(const toml::table& tpm, const std::filesystem::path& base_dir,
               TrusteeConfig& config) {
  VEIL_TRY(RejectUnknownKeys(tpm, "[tpm]", {"ek_trust_store", "enrolment_ttl_seconds"}));
  VEIL_ASSIGN_OR_RETURN(auto trust_store, ReadString(tpm, "tpm", "ek_trust_store"));
  if (trust_store) {
    if (trust_store->empty()) {
      return Fail(ConfigError(
          "tpm.ek_trust_store must name a directory of EK CA certificates (leave it out to "
          "enrol only nodes an admin registered)"));
    }
    config.ek_trust_store = Resolve(base_dir, *trust_store);
  }
  return ReadSeconds(tpm, "tpm", "enrolment_ttl_seconds", config.enrolment_ttl);
}

Status ReadDuration(const toml::table& table, std::string_view key, std::chrono::seconds& out) {
  VEIL_ASSIGN_OR_RETURN(auto text, ReadString(table, "workload_ca", key));
  if (!text) return {};
  auto duration = ParseDuration(*text);
  if (!duration)
    return Fail(ConfigError("workload_ca." + std::string(key) + ": " + duration.error().message));
  out = *duration;
  return {};
}

// [workload_ca]: rotation_overlap defaults to certificate_ttl when only the latter is set.
Status ReadWorkloadCa(const toml::table& section, TrusteeConfig& config) {
  VEIL_TRY(RejectUnknownKeys(
      section, "[workload_ca]",
      {"enabled", "certificate_ttl", "ca_ttl", "rotation_overlap", "organization", "public_url"}));
  workload_ca::WorkloadCaOptions& options = config.workload_ca;
  VEIL_ASSIGN_OR_RETURN(auto enabled, config::ReadBool(section, "workload_ca", "enabled"));
  options.enabled = enabled.value_or(options.enabled);
  VEIL_TRY(ReadDuration(section, "certificate_ttl", options.certificate_ttl));
  options.rotation_overlap = options.certificate_ttl;
  VEIL_TRY(ReadDuration(section, "ca_ttl", options.ca_ttl));
  VEIL_TRY(ReadDuration(section, "rotation_overlap", options.rotation_overlap));
  VEIL_ASSIGN_OR_RETURN(auto organization, ReadString(section, "workload_ca", "organization"));
  if (organization) options.organization = std::move(*organization);
  VEIL_ASSIGN_OR_RETURN(auto public_url, ReadString(section, "workload_ca", "public_url"));
  if (public_url) options.public_url = std::move(*public_url);
  if (auto valid = workload_ca::ValidateWorkloadCaOptions(options); !valid)
    return Fail(ConfigError(valid.error().message));
  return {};
}

Result<std::vector<std::string>> ReadStrings(const toml::table& table, std::string_view section,
                                             std::string_view key) {
  std::vector<std::string> strings;
  const toml::node* node = table.get(key);
  if (node == nullptr) return strings;
  const std::string name = std::string(section) + "." + std::string(key);
  const toml::array* list = node->as_array();
  if (list == nullptr) return Fail(ConfigError(name + " must be an array of strings"));
  for (const toml::node& entry : *list) {
    const auto text = entry.value<std::string>();
    if (!text || text->empty()) return Fail(ConfigError(name + " must hold non-empty strings"));
    strings.push_back(*text);
  }
  return strings;
}

Status ReadTrustedServices(const toml::table& trusted, const std::filesystem::path& base_dir,
                           TrusteeConfig& config) {
  constexpr std::string_view kSection = "trusted_attestation_services";
  VEIL_TRY(RejectUnknownKeys(trusted, "[trusted_attestation_services]",
                             {"jwks", "certificates", "jwks_refresh_seconds"}));
  VEIL_ASSIGN_OR_RETURN(auto jwks, ReadStrings(trusted, kSection, "jwks"));
  for (const std::string& location : jwks) {
    const bool url = location.find("://") != std::string::npos;
    config.trusted_jwks.push_back(url ? location : Resolve(base_dir, location).string());
  }
  VEIL_ASSIGN_OR_RETURN(auto certificates, ReadStrings(trusted, kSection, "certificates"));
  for (const std::string& file : certificates)
    config.trusted_token_certificates.push_back(Resolve(base_dir, file));
  return ReadSeconds(trusted, kSection, "jwks_refresh_seconds", config.trusted_jwks_refresh);
}

Status ReadKeys(const toml::table& keys, const std::filesystem::path& base_dir,
                TrusteeConfig& config) {
  VEIL_TRY(
      RejectUnknownKeys(keys, "[keys]", {"key_encryption_key_file", "token_signing_key_file"}));
  for (const auto& [key, target] :
       {std::pair{"key_encryption_key_file", &config.key_encryption_key_file},
        std::pair{"token_signing_key_file", &config.token_signing_key_file}}) {
    VEIL_ASSIGN_OR_RETURN(auto file, ReadString(keys, "keys", key));
    if (!file) continue;
    if (file->empty()) {
      return Fail(ConfigError("keys." + std::string(key) +
                              " must name a file (leave it out to use the data directory's key)"));
    }
    *target = Resolve(base_dir, *file);
  }
  return {};
}

Status ReadDocument(const toml::table& root, const std::filesystem::path& base_dir,
                    TrusteeConfig& config) {
  VEIL_TRY(RejectUnknownKeys(root, "the configuration",
                             {"server", "storage", "store", "keys", "kbs", "admin", "snp", "dcap",
                              "tpm", "trusted_attestation_services", "workload_ca", "log"}));
  for (std::string_view name : {"server", "storage", "store", "keys", "kbs", "admin", "snp", "dcap",
                                "tpm", "trusted_attestation_services", "workload_ca", "log"}) {
    if (root.contains(name) && Section(root, name) == nullptr) {
      return Fail(ConfigError("[" + std::string(name) + "] must be a table"));
    }
  }
  if (const toml::table* server = Section(root, "server"))
    VEIL_TRY(ReadServer(*server, base_dir, config));
  if (const toml::table* storage = Section(root, "storage")) {
    VEIL_TRY(RejectUnknownKeys(*storage, "[storage]", {"data_dir"}));
    VEIL_ASSIGN_OR_RETURN(auto data_dir, ReadString(*storage, "storage", "data_dir"));
    if (data_dir) config.data_dir = Resolve(base_dir, *data_dir);
  }
  if (const toml::table* store = Section(root, "store")) {
    VEIL_TRY(RejectUnknownKeys(*store, "[store]", {"url"}));
    VEIL_ASSIGN_OR_RETURN(auto url, ReadString(*store, "store", "url"));
    if (url) {
      VEIL_ASSIGN_OR_RETURN(config.store_url, ParseStoreUrl(*url));
    }
  }
  if (const toml::table* keys = Section(root, "keys")) VEIL_TRY(ReadKeys(*keys, base_dir, config));
  if (const toml::table* kbs = Section(root, "kbs")) {
    VEIL_TRY(
        RejectUnknownKeys(*kbs, "[kbs]",
                          {"session_ttl_seconds", "token_ttl_seconds", "max_sessions",
                           "max_unattested_sessions_per_client", "max_token_bytes",
                           "auth_rate_per_second", "auth_rate_burst", "token_certificate_chain"}));
    VEIL_TRY(ReadSeconds(*kbs, "kbs", "session_ttl_seconds", config.session_ttl));
    VEIL_TRY(ReadSeconds(*kbs, "kbs", "token_ttl_seconds", config.token_ttl));
    VEIL_TRY(
        ReadInteger<std::size_t>(*kbs, "kbs", "max_sessions", 1, 10'000'000, config.max_sessions));
    VEIL_TRY(ReadInteger<std::size_t>(*kbs, "kbs", "max_unattested_sessions_per_client", 1,
                                      10'000'000, config.max_unattested_sessions_per_client));
    VEIL_TRY(ReadInteger<std::size_t>(*kbs, "kbs", "max_token_bytes", 4096, 16u << 20,
                                      config.max_token_bytes));
    VEIL_TRY(ReadInteger<unsigned>(*kbs, "kbs", "auth_rate_per_second", 1, kMaxRate,
                                   config.auth_rate_per_second));
    VEIL_TRY(
        ReadInteger<unsigned>(*kbs, "kbs", "auth_rate_burst", 1, kMaxRate, config.auth_rate_burst));
    VEIL_ASSIGN_OR_RETURN(auto chain, ReadString(*kbs, "kbs", "token_certificate_chain"));
    if (chain) config.token_certificate_chain = Resolve(base_dir, *chain);
  }
  if (const toml::table* admin = Section(root, "admin"))
    VEIL_TRY(ReadAdmin(*admin, base_dir, config));
  if (const toml::table* snp = Section(root, "snp")) VEIL_TRY(ReadSnp(*snp, base_dir, config));
  if (const toml::table* dcap = Section(root, "dcap")) VEIL_TRY(ReadDcap(*dcap, base_dir, config));
  if (const toml::table* tpm = Section(root, "tpm")) VEIL_TRY(ReadTpm(*tpm, base_dir, config));
  if (const toml::table* trusted = Section(root, "trusted_attestation_services"))
    VEIL_TRY(ReadTrustedServices(*trusted, base_dir, config));
  if (const toml::table* workload = Section(root, "workload_ca"))
    VEIL_TRY(ReadWorkloadCa(*workload, config));
  VEIL_TRY(config::ReadLogSection(root, config.log_level));
  return {};
}

}  // namespace

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return Fail(ConfigError("listen address must be HOST:PORT, got \"" + std::string(text) + "\""));
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port > 65535 ||
      host.empty()) {
    return Fail(ConfigError("listen address must be HOST:PORT with a port in [0, 65535], got \"" +
                            std::string(text) + "\""));
  }
  return ListenAddress{std::string(host), static_cast<std::uint16_t>(port)};
}

Result<std::string> ParseStoreUrl(std::string_view text) {
  if (text.starts_with("postgresql://") || text.starts_with("postgres://"))
    return std::string(text);
  return Fail(ConfigError(
      "store.url: expected a PostgreSQL URL (postgresql://USER:PASSWORD@HOST:PORT/DATABASE); "
      "leave it unset for the SQLite database in the data directory"));
}

Result<TrusteeConfig> ParseTrusteeConfig(std::string_view toml_text,
                                         const std::filesystem::path& base_dir) {
  VEIL_ASSIGN_OR_RETURN(toml::table root, config::ParseToml(toml_text));
  TrusteeConfig config;
  VEIL_TRY(ReadDocument(root, base_dir, config));
  return config;
}

Result<TrusteeConfig> LoadTrusteeConfig(const std::filesystem::path& file) {
  return config::LoadConfigFile(file, &ParseTrusteeConfig);
}

}  // namespace veil::trustee
