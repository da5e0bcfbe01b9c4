#include "veil/agent/config/certificate_config.h"

#include <algorithm>
#include <charconv>

#include "veil/base/duration.h"
#include "veil/config/toml_table.h"

namespace veil::agent {
namespace {

using config::ConfigError;
using config::ReadString;
using config::RejectUnknownKeys;

constexpr std::string_view kSection = "workload.certificate";

Result<std::vector<crypto::SubjectAltName>> ReadNames(const toml::table& table) {
  const toml::node* node = table.get("names");
  const toml::array* list = node != nullptr ? node->as_array() : nullptr;
  if (list == nullptr || list->empty()) {
    return Fail(ConfigError(std::string(kSection) + ".names must list the names to certify, e.g. "
                                                    "[\"spiffe://example.org/web\"]"));
  }
  if (list->size() > kMaxCertificateNames) {
    return Fail(ConfigError(std::string(kSection) + ".names holds " + std::to_string(list->size()) +
                            " names; at most " + std::to_string(kMaxCertificateNames) +
                            " are allowed"));
  }
  std::vector<crypto::SubjectAltName> names;
  for (const toml::node& entry : *list) {
    const std::optional<std::string> text = entry.value<std::string>();
    if (!text || !entry.is_string())
      return Fail(ConfigError(std::string(kSection) + ".names must be strings"));
    const bool uri = text->find("://") != std::string::npos;
    crypto::SubjectAltName name{
        uri ? crypto::SubjectAltName::Kind::kUri : crypto::SubjectAltName::Kind::kDns, *text};
    if (auto valid = crypto::ValidateSubjectAltName(name); !valid)
      return Fail(ConfigError(std::string(kSection) + ".names: " + valid.error().message));
    if (std::find(names.begin(), names.end(), name) != names.end())
      return Fail(ConfigError(std::string(kSection) + ".names lists \"" + *text + "\" twice"));
    names.push_back(std::move(name));
  }
  return names;
}

// A plain file name directly in `secrets_dir`: written relative, or absolute inside it.
Status ReadFile(const toml::table& table, std::string_view key,
                const std::filesystem::path& secrets_dir, std::string& file) {
  VEIL_ASSIGN_OR_RETURN(auto text, ReadString(table, kSection, key));
  if (!text) return {};
  const std::filesystem::path path =
      (secrets_dir / std::filesystem::path(*text)).lexically_normal();
  const std::string name = path.filename().string();
  // (dir / "").parent_path() is dir without a trailing separator, however it was written.
  const std::filesystem::path directory = (secrets_dir / "").lexically_normal().parent_path();
  if (text->empty() || path.parent_path() != directory || name == "." || name == ".." ||
      name.empty()) {
    return Fail(ConfigError(std::string(kSection) + "." + std::string(key) + " \"" + *text +
                            "\" must name a file directly in the secrets directory " +
                            secrets_dir.string() + " (the key never leaves the tmpfs)"));
  }
  file = name;
  return {};
}

Status CheckDistinctFiles(const WorkloadCertificateConfig& certificate) {
  const std::pair<std::string_view, const std::string*> files[] = {
      {"key_file", &certificate.key_file},
      {"cert_file", &certificate.cert_file},
      {"ca_file", &certificate.ca_file}};
  for (const auto& [key, file] : files) {
    if (*file == "workload" || *file == ".veil-agent-entries") {
      return Fail(ConfigError(std::string(kSection) + "." + std::string(key) + " \"" + *file +
                              "\" is reserved for the agent"));
    }
    for (const auto& [other_key, other] : files) {
      if (other_key != key && *other == *file) {
        return Fail(ConfigError(std::string(kSection) + "." + std::string(key) + " and " +
                                std::string(other_key) + " both name \"" + *file + "\""));
      }
    }
  }
  return {};
}

Result<RenewBefore> ParseRenewBefore(std::string_view text) {
  RenewBefore renew;
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    auto left = ParseDuration(text);
    if (!left)
      return Fail(ConfigError(std::string(kSection) + ".renew_before: " + left.error().message +
                              ", or a fraction such as \"1/3\""));
    renew.left = *left;
    return renew;
  }
  const std::string_view numerator = text.substr(0, slash);
  const std::string_view denominator = text.substr(slash + 1);
  const auto parsed =
      std::from_chars(numerator.data(), numerator.data() + numerator.size(), renew.numerator);
  const auto parsed_denominator = std::from_chars(
      denominator.data(), denominator.data() + denominator.size(), renew.denominator);
  if (parsed.ec != std::errc() || parsed.ptr != numerator.data() + numerator.size() ||
      parsed_denominator.ec != std::errc() ||
      parsed_denominator.ptr != denominator.data() + denominator.size() || renew.numerator == 0 ||
      renew.numerator >= renew.denominator) {
    return Fail(ConfigError(std::string(kSection) + ".renew_before \"" + std::string(text) +
                            "\" is not a fraction N/D with 0 < N < D (e.g. \"1/3\") nor a "
                            "duration (e.g. \"8h\")"));
  }
  return renew;
}

Result<crypto::KeyAlgorithm> ParseKey(std::string_view text) {
  if (text == "ec-p256") return crypto::KeyAlgorithm::kEcP256;
  if (text == "rsa-2048") return crypto::KeyAlgorithm::kRsa2048;
  return Fail(ConfigError(std::string(kSection) + ".key \"" + std::string(text) +
                          "\" is not ec-p256 or rsa-2048"));
}

}  // namespace

Result<WorkloadCertificateConfig> ReadCertificate(const toml::node& node,
                                                  const std::filesystem::path& secrets_dir) {
  const toml::table* table = node.as_table();
  if (table == nullptr) return Fail(ConfigError("[workload.certificate] must be a table"));
  VEIL_TRY(RejectUnknownKeys(*table, "[workload.certificate]",
                             {"names", "key_file", "cert_file", "ca_file", "renew_before", "key"}));
  WorkloadCertificateConfig certificate;
  VEIL_ASSIGN_OR_RETURN(certificate.names, ReadNames(*table));
  VEIL_TRY(ReadFile(*table, "key_file", secrets_dir, certificate.key_file));
  VEIL_TRY(ReadFile(*table, "cert_file", secrets_dir, certificate.cert_file));
  VEIL_TRY(ReadFile(*table, "ca_file", secrets_dir, certificate.ca_file));
  VEIL_TRY(CheckDistinctFiles(certificate));
  VEIL_ASSIGN_OR_RETURN(auto renew_before, ReadString(*table, kSection, "renew_before"));
  if (renew_before) {
    VEIL_ASSIGN_OR_RETURN(certificate.renew_before, ParseRenewBefore(*renew_before));
  }
  VEIL_ASSIGN_OR_RETURN(auto key, ReadString(*table, kSection, "key"));
  if (key) {
    VEIL_ASSIGN_OR_RETURN(certificate.key, ParseKey(*key));
  }
  return certificate;
}

}  // namespace veil::agent
