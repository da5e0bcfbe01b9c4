#include "veil/kbs/init_data_claims.h"

#include <sstream>
#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace veil::kbs {
namespace {

using nlohmann::json;

json TomlToJson(const toml::node& node);

json TomlTableToJson(const toml::table& table) {
  json out = json::object();
  for (const auto& [key, value] : table) out[std::string(key.str())] = TomlToJson(value);
  return out;
}

// Dates and times have no JSON type; like serde's toml::Value they become their TOML text.
template <typename T>
json AsText(const T& value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

json TomlToJson(const toml::node& node) {
  if (const toml::table* table = node.as_table()) return TomlTableToJson(*table);
  if (const toml::array* array = node.as_array()) {
    json out = json::array();
    for (const toml::node& element : *array) out.push_back(TomlToJson(element));
    return out;
  }
  if (const auto* text = node.as_string()) return text->get();
  if (const auto* integer = node.as_integer()) return integer->get();
  if (const auto* number = node.as_floating_point()) return number->get();
  if (const auto* boolean = node.as_boolean()) return boolean->get();
  if (const auto* date = node.as_date()) return AsText(date->get());
  if (const auto* time = node.as_time()) return AsText(time->get());
  if (const auto* date_time = node.as_date_time()) return AsText(date_time->get());
  return nullptr;
}

// The TOML document as JSON, or null when it does not parse (CoCo then keeps the text).
json TomlTextToJson(std::string_view text) {
  try {  // toml++ reports syntax errors only by exception
    return TomlTableToJson(toml::parse(text));
  } catch (const toml::parse_error&) {
    return nullptr;
  }
}

// CoCo's extract_policy_data: the JSON object that starts at the "{" of "policy_data := {" and
// runs to the end of the file (the generated Kata policy puts it last); null otherwise.
json PolicyDataClaims(std::string_view rego) {
  constexpr std::string_view kStart = "policy_data := {";
  const std::size_t at = rego.find(kStart);
  if (at == std::string_view::npos) return nullptr;
  json data = json::parse(rego.substr(at + kStart.size() - 1), nullptr, /*allow_exceptions=*/false);
  return data.is_discarded() ? json(nullptr) : data;
}

}  // namespace

json CocoInitDataClaims(const initdata::InitData& init_data) {
  json claims = json::object();
  for (const auto& [key, value] : init_data.data) claims[key] = value;
  for (const char* config : {"aa.toml", "cdh.toml"}) {
    const auto entry = init_data.data.find(config);
    if (entry == init_data.data.end()) continue;
    if (json parsed = TomlTextToJson(entry->second); !parsed.is_null())
      claims[config] = std::move(parsed);
  }
  if (const auto rego = init_data.data.find("policy.rego"); rego != init_data.data.end()) {
    if (json policy_data = PolicyDataClaims(rego->second); !policy_data.is_null()) {
      claims.erase("policy.rego");
      claims["agent_policy_claims"] = std::move(policy_data);
    }
  }
  return claims;
}

json InitDataDocumentClaims(const initdata::InitData& init_data) {
  json data = json::object();
  for (const auto& [key, value] : init_data.data) data[key] = value;
  return {{"version", init_data.version}, {"algorithm", init_data.algorithm}, {"data", data}};
}

}  // namespace veil::kbs
