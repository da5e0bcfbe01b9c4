#include "veil/agent/config/volume_config.h"

#include <algorithm>
#include <cctype>

#include "veil/config/toml_table.h"
#include "veil/protocol/resource_uri.h"

namespace veil::agent {
namespace {

using config::ConfigError;
using config::ReadBool;
using config::ReadString;
using config::RejectUnknownKeys;
using config::Resolve;

constexpr std::string_view kSection = "workload.volumes";

bool IsVolumeName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
  });
}

Result<std::filesystem::path> ReadPath(const toml::table& table, const std::string& volume,
                                       std::string_view key,
                                       const std::filesystem::path& base_dir) {
  VEIL_ASSIGN_OR_RETURN(auto text, ReadString(table, kSection, key));
  if (!text || text->empty()) {
    return Fail(ConfigError(std::string(kSection) + " " + volume + ": " + std::string(key) +
                            " is required"));
  }
  std::filesystem::path path = Resolve(base_dir, *text).lexically_normal();
  if (path.filename().empty()) path = path.parent_path();  // "dir/" names "dir"
  return path;
}

Status CheckEngine(const toml::table& table, const std::string& volume) {
  VEIL_ASSIGN_OR_RETURN(auto engine, ReadString(table, kSection, "engine"));
  if (!engine || *engine == "gocryptfs") return {};
  if (*engine == "luks2") {
    return Fail(ConfigError(std::string(kSection) + " " + volume +
                            ": engine \"luks2\" is not built in; docs/storage.md shows the "
                            "dm-crypt form for VMs with device-mapper"));
  }
  return Fail(ConfigError(std::string(kSection) + " " + volume + ": engine \"" + *engine +
                          "\" is not gocryptfs"));
}

Result<EncryptedVolumeConfig> ReadVolume(const toml::node& node,
                                         const std::filesystem::path& base_dir) {
  const toml::table* table = node.as_table();
  if (table == nullptr) return Fail(ConfigError("[[workload.volumes]] entries must be tables"));
  VEIL_TRY(RejectUnknownKeys(*table, "[[workload.volumes]]",
                             {"name", "source", "mountpoint", "key", "engine", "verify"}));
  VEIL_ASSIGN_OR_RETURN(auto name, ReadString(*table, kSection, "name"));
  if (!name || !IsVolumeName(*name)) {
    return Fail(ConfigError(
        "workload.volumes: every entry needs a name of 1 to 64 characters [A-Za-z0-9_-]"));
  }
  VEIL_TRY(CheckEngine(*table, *name));
  VEIL_ASSIGN_OR_RETURN(std::filesystem::path source, ReadPath(*table, *name, "source", base_dir));
  VEIL_ASSIGN_OR_RETURN(std::filesystem::path mountpoint,
                        ReadPath(*table, *name, "mountpoint", base_dir));
  VEIL_ASSIGN_OR_RETURN(auto key, ReadString(*table, kSection, "key"));
  if (!key) {
    return Fail(
        ConfigError("workload.volumes " + *name + ": key is required (kbs:///repo/type/tag)"));
  }
  auto resource = protocol::ParseResourceUri(*key);
  if (!resource) {
    return Fail(ConfigError("workload.volumes " + *name + ": key: " + resource.error().message));
  }
  VEIL_ASSIGN_OR_RETURN(auto verify, ReadBool(*table, kSection, "verify"));
  return EncryptedVolumeConfig{*name, std::move(source), std::move(mountpoint),
                               std::move(*resource), verify.value_or(true)};
}

// `inner` is `outer` or below it (both lexically normal and absolute).
bool IsWithin(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  return std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end()).first == outer.end();
}

Status CheckDistinct(const EncryptedVolumeConfig& added,
                     const std::vector<EncryptedVolumeConfig>& volumes) {
  if (IsWithin(added.mountpoint, added.source) || IsWithin(added.source, added.mountpoint)) {
    return Fail(ConfigError("workload.volumes " + added.name +
                            ": source and mountpoint must not contain each other"));
  }
  for (const EncryptedVolumeConfig& other : volumes) {
    const std::string both = "workload.volumes " + other.name + " and " + added.name;
    if (other.name == added.name) return Fail(ConfigError(both + " share one name"));
    for (const auto* path : {&added.source, &added.mountpoint}) {
      for (const auto* taken : {&other.source, &other.mountpoint}) {
        if (IsWithin(*path, *taken) || IsWithin(*taken, *path)) {
          return Fail(ConfigError(both + " overlap at " + path->string()));
        }
      }
    }
  }
  return {};
}

}  // namespace

Status ReadVolumes(const toml::node& node, const std::filesystem::path& base_dir,
                   std::vector<EncryptedVolumeConfig>& volumes) {
  const toml::array* list = node.as_array();
  if (list == nullptr) {
    return Fail(ConfigError("workload.volumes must be an array of tables ([[workload.volumes]])"));
  }
  for (const toml::node& entry : *list) {
    VEIL_ASSIGN_OR_RETURN(EncryptedVolumeConfig volume, ReadVolume(entry, base_dir));
    VEIL_TRY(CheckDistinct(volume, volumes));
    volumes.push_back(std::move(volume));
  }
  return {};
}

}  // namespace veil::agent
