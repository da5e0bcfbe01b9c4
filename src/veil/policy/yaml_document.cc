#include "veil/policy/yaml_document.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <string>

#include "veil/yaml/bounded_load.h"

namespace veil::policy {
namespace {

constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";

Error YamlError(std::string message) { return Malformed("YAML: " + std::move(message)); }

std::string Position(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return "";
  return " at line " + std::to_string(mark.line + 1) + ", column " +
         std::to_string(mark.column + 1);
}

bool IsDecimalInteger(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  if (text.empty() || (text.size() > 1 && text.front() == '0')) return false;
  return text.find_first_not_of("0123456789") == std::string_view::npos;
}

nlohmann::json ResolvePlainScalar(const std::string& text) {
  static constexpr std::array<std::string_view, 5> kNulls = {"", "~", "null", "Null", "NULL"};
  static constexpr std::array<std::string_view, 3> kTrues = {"true", "True", "TRUE"};
  static constexpr std::array<std::string_view, 3> kFalses = {"false", "False", "FALSE"};
  for (std::string_view word : kNulls) {
    if (text == word) return nullptr;
  }
  for (std::string_view word : kTrues) {
    if (text == word) return true;
  }
  for (std::string_view word : kFalses) {
    if (text == word) return false;
  }
  if (IsDecimalInteger(text)) {
    std::int64_t number = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec == std::errc() && end == text.data() + text.size()) return number;
  }
  return text;
}

class Converter {
 public:
  // yaml::LoadFirstDocument has bounded the depth and size of the tree walked here.
  Result<nlohmann::json> Convert(const YAML::Node& node) {
    switch (node.Type()) {
      case YAML::NodeType::Null:
        return nlohmann::json(nullptr);
      case YAML::NodeType::Scalar:
        return Scalar(node);
      case YAML::NodeType::Sequence:
        return Sequence(node);
      case YAML::NodeType::Map:
        return Map(node);
      case YAML::NodeType::Undefined:
        break;
    }
    return Fail(YamlError("undefined node" + Position(node)));
  }

 private:
  Result<nlohmann::json> Scalar(const YAML::Node& node) {
    const std::string& tag = node.Tag();
    if (tag == "?") return ResolvePlainScalar(node.Scalar());
    if (tag == "!" || tag == kStrTag) return nlohmann::json(node.Scalar());
    return Fail(YamlError("unsupported tag \"" + tag + "\"" + Position(node) +
                          "; expected no tag or !!str"));
  }

  Result<nlohmann::json> Sequence(const YAML::Node& node) {
    nlohmann::json array = nlohmann::json::array();
    for (const YAML::Node& item : node) {
      VEIL_ASSIGN_OR_RETURN(nlohmann::json value, Convert(item));
      array.push_back(std::move(value));
    }
    return array;
  }

  Result<nlohmann::json> Map(const YAML::Node& node) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& pair : node) {
      if (!pair.first.IsScalar())
        return Fail(YamlError("mapping key is not a scalar" + Position(pair.first)));
      const std::string& key = pair.first.Scalar();
      if (object.contains(key))
        return Fail(YamlError("duplicate key \"" + key + "\"" + Position(pair.first)));
      VEIL_ASSIGN_OR_RETURN(nlohmann::json value, Convert(pair.second));
      object[key] = std::move(value);
    }
    return object;
  }
};

}  // namespace

Result<nlohmann::json> YamlToJson(std::string_view text) {
  VEIL_ASSIGN_OR_RETURN(const int documents, yaml::CountDocuments(text));
  if (documents != 1) {
    return Fail(YamlError("expected exactly one document, found " +
                          (documents > yaml::kMaxDocumentsCounted
                               ? "more than " + std::to_string(yaml::kMaxDocumentsCounted)
                               : std::to_string(documents))));
  }
  VEIL_ASSIGN_OR_RETURN(const YAML::Node document, yaml::LoadFirstDocument(text));
  Converter converter;
  return converter.Convert(document);
}

}  // namespace veil::policy
