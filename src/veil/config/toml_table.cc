#include "veil/config/toml_table.h"

#include <sstream>

#include "veil/base/file.h"

namespace veil::config {

Error ConfigError(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), "config"};
}

Result<toml::table> ParseToml(std::string_view text) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error& error) {
    return Fail(ConfigError("TOML syntax error at line " +
                            std::to_string(error.source().begin.line) + ": " +
                            std::string(error.description())));
  }
}

Status RejectUnknownKeys(const toml::table& table, std::string_view section,
                         const std::set<std::string_view>& known) {
  for (const auto& [key, value] : table) {
    if (!known.contains(key.str())) {
      return Fail(
          ConfigError("unknown key \"" + std::string(key.str()) + "\" in " + std::string(section)));
    }
  }
  return {};
}

Result<const toml::table*> OptionalTable(const toml::table& parent, std::string_view name) {
  const toml::node* node = parent.get(name);
  if (node == nullptr) return static_cast<const toml::table*>(nullptr);
  if (!node->is_table()) return Fail(ConfigError("[" + std::string(name) + "] must be a table"));
  return node->as_table();
}

Result<std::optional<std::string>> ReadString(const toml::table& table, std::string_view section,
                                              std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::optional<std::string>{};
  const auto value = node->value<std::string>();
  if (!value)
    return Fail(ConfigError(std::string(section) + "." + std::string(key) + " must be a string"));
  return std::optional<std::string>(*value);
}

Result<std::optional<bool>> ReadBool(const toml::table& table, std::string_view section,
                                     std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::optional<bool>{};
  if (!node->is_boolean())
    return Fail(
        ConfigError(std::string(section) + "." + std::string(key) + " must be true or false"));
  return std::optional<bool>(node->value<bool>());
}

Status ReadIntegerInRange(const toml::table& table, std::string_view section, std::string_view key,
                          std::int64_t min, std::int64_t max, std::int64_t& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return {};
  const auto value = node->is_integer() ? node->value<std::int64_t>() : std::nullopt;
  if (!value || *value < min || *value > max) {
    return Fail(ConfigError(std::string(section) + "." + std::string(key) +
                            " must be an integer in [" + std::to_string(min) + ", " +
                            std::to_string(max) + "]"));
  }
  out = *value;
  return {};
}

Status ReadLogSection(const toml::table& root, std::string& level) {
  VEIL_ASSIGN_OR_RETURN(const toml::table* log, OptionalTable(root, "log"));
  if (log == nullptr) return {};
  VEIL_TRY(RejectUnknownKeys(*log, "[log]", {"level"}));
  VEIL_ASSIGN_OR_RETURN(auto configured, ReadString(*log, "log", "level"));
  if (!configured) return {};
  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
  if (!kLevels.contains(*configured)) {
    return Fail(
        ConfigError("log.level \"" + *configured + "\" is not trace|debug|info|warn|error"));
  }
  level = *configured;
  return {};
}

Result<std::string> ReadConfigText(const std::filesystem::path& file) {
  return ReadFileText(file, 1u << 20);
}

std::filesystem::path Resolve(const std::filesystem::path& base_dir, const std::string& path) {
  const std::filesystem::path candidate(path);
  return candidate.is_absolute() ? candidate : base_dir / candidate;
}

nlohmann::json TomlToJson(const toml::node& node) {
  if (const toml::table* table = node.as_table()) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [key, value] : *table) object[std::string(key.str())] = TomlToJson(value);
    return object;
  }
  if (const toml::array* array = node.as_array()) {
    nlohmann::json list = nlohmann::json::array();
    for (const toml::node& element : *array) list.push_back(TomlToJson(element));
    return list;
  }
  if (node.is_string()) return *node.value<std::string>();
  if (node.is_integer()) return *node.value<std::int64_t>();
  if (node.is_floating_point()) return *node.value<double>();
  if (node.is_boolean()) return *node.value<bool>();
  std::ostringstream text;  // dates and times
  node.visit([&](const auto& value) { text << value; });
  return text.str();
}

}  // namespace veil::config
