#pragma once
// Reading Veil's TOML configuration files strictly: a syntax error names its line, unknown keys
// are errors (a typo never silently falls back to a default), and every value is type- and
// range-checked with a message naming "section.key". Shared by veil-trustee and veil-agent.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>

#include <toml++/toml.h>
#include <nlohmann/json.hpp>

#include "veil/base/result.h"

namespace veil::config {

// kInvalidArgument with context "config".
Error ConfigError(std::string message);

// The document, or "TOML syntax error at line N: ..." (toml++ reports errors by exception; this
// is the only place that catches them).
Result<toml::table> ParseToml(std::string_view text);

Status RejectUnknownKeys(const toml::table& table, std::string_view section,
                         const std::set<std::string_view>& known);

// The named sub-table, nullptr when absent; kInvalidArgument when present but not a table.
Result<const toml::table*> OptionalTable(const toml::table& parent, std::string_view name);

Result<std::optional<std::string>> ReadString(const toml::table& table, std::string_view section,
                                              std::string_view key);
Result<std::optional<bool>> ReadBool(const toml::table& table, std::string_view section,
                                     std::string_view key);
// Leaves `out` unchanged when the key is absent.
Status ReadIntegerInRange(const toml::table& table, std::string_view section, std::string_view key,
                          std::int64_t min, std::int64_t max, std::int64_t& out);

template <class T>
Status ReadInteger(const toml::table& table, std::string_view section, std::string_view key, T min,
                   T max, T& out) {
  std::int64_t value = static_cast<std::int64_t>(out);
  VEIL_TRY(ReadIntegerInRange(table, section, key, static_cast<std::int64_t>(min),
                              static_cast<std::int64_t>(max), value));
  out = static_cast<T>(value);
  return {};
}

// The optional [log] table both services share: `level` is trace|debug|info|warn|error and
// replaces `level` when present.
Status ReadLogSection(const toml::table& root, std::string& level);

// Reads `file` (at most 1 MiB) and parses it with `parse(text, directory of file)`; errors are
// prefixed with the file's path. The directory is absolute even when `file` is relative, so that
// paths resolved against it stay right for a process that starts elsewhere (the agent's workload
// runs in its payload directory and reads $VEIL_SECRETS_DIR from there).
template <class Config>
Result<Config> LoadConfigFile(const std::filesystem::path& file,
                              Result<Config> (*parse)(std::string_view,
                                                      const std::filesystem::path&));

// `path` as written when absolute, else relative to `base_dir` (the config file's directory).
std::filesystem::path Resolve(const std::filesystem::path& base_dir, const std::string& path);

// The same data as JSON (tables → objects, arrays → arrays; dates and times as their TOML text),
// e.g. to canonicalize a section with JCS.
nlohmann::json TomlToJson(const toml::node& node);

Result<std::string> ReadConfigText(const std::filesystem::path& file);

template <class Config>
Result<Config> LoadConfigFile(const std::filesystem::path& file,
                              Result<Config> (*parse)(std::string_view,
                                                      const std::filesystem::path&)) {
  VEIL_ASSIGN_OR_RETURN(std::string text, ReadConfigText(file));
  std::error_code no_cwd;  // without a current directory, the directory as written
  const std::filesystem::path absolute = std::filesystem::absolute(file, no_cwd);
  auto config = parse(text, no_cwd ? file.parent_path() : absolute.parent_path());
  if (!config) return Fail(std::move(config).error().WithContext(file.string()));
  return config;
}

}  // namespace veil::config
