#include "veil/policy/yaml_document.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <exception>
#include <sstream>
#include <string>

namespace veil::policy {
namespace {

// Aliases make a small text expand into a large tree ("billion laughs"); policies are small.
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxNodes = 100'000;
constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";
// Documents counted before giving up: yaml-cpp 0.7 returns an empty document for a stray flow
// token (",") at the top level without consuming it, so YAML::LoadAll never ends on ", a" and
// fills memory. Only counting, with a bound, is safe.
constexpr int kMaxDocumentsCounted = 16;

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
  Result<nlohmann::json> Convert(const YAML::Node& node, int depth) {
    if (depth > kMaxDepth)
      return Fail(YamlError("nesting deeper than " + std::to_string(kMaxDepth) + Position(node)));
    if (++nodes_ > kMaxNodes) {
      return Fail(
          YamlError("more than " + std::to_string(kMaxNodes) + " nodes (after expanding aliases)"));
    }
    switch (node.Type()) {
      case YAML::NodeType::Null:
        return nlohmann::json(nullptr);
      case YAML::NodeType::Scalar:
        return Scalar(node);
      case YAML::NodeType::Sequence:
        return Sequence(node, depth);
      case YAML::NodeType::Map:
        return Map(node, depth);
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

  Result<nlohmann::json> Sequence(const YAML::Node& node, int depth) {
    nlohmann::json array = nlohmann::json::array();
    for (const YAML::Node& item : node) {
      VEIL_ASSIGN_OR_RETURN(nlohmann::json value, Convert(item, depth + 1));
      array.push_back(std::move(value));
    }
    return array;
  }

  Result<nlohmann::json> Map(const YAML::Node& node, int depth) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& pair : node) {
      if (!pair.first.IsScalar())
        return Fail(YamlError("mapping key is not a scalar" + Position(pair.first)));
      const std::string& key = pair.first.Scalar();
      if (object.contains(key))
        return Fail(YamlError("duplicate key \"" + key + "\"" + Position(pair.first)));
      VEIL_ASSIGN_OR_RETURN(nlohmann::json value, Convert(pair.second, depth + 1));
      object[key] = std::move(value);
    }
    return object;
  }

  std::size_t nodes_ = 0;
};

// Parse events are ignored: only the number of documents matters.
class IgnoreEvents final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// The number of documents in `text`, at most kMaxDocumentsCounted + 1. Throws what yaml-cpp throws.
int CountDocuments(const std::string& text) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  IgnoreEvents events;
  int documents = 0;
  while (documents <= kMaxDocumentsCounted && parser.HandleNextDocument(events)) ++documents;
  return documents;
}

}  // namespace

Result<nlohmann::json> YamlToJson(std::string_view text) {
  try {
    const std::string input(text);
    const int documents = CountDocuments(input);
    if (documents != 1) {
      return Fail(YamlError("expected exactly one document, found " +
                            (documents > kMaxDocumentsCounted
                                 ? "more than " + std::to_string(kMaxDocumentsCounted)
                                 : std::to_string(documents))));
    }
    Converter converter;
    return converter.Convert(YAML::Load(input), 0);
  } catch (const YAML::Exception& error) {
    return Fail(YamlError(error.what()));
  } catch (const std::exception& error) {
    return Fail(YamlError(std::string("cannot read: ") + error.what()));
  } catch (...) {
    return Fail(YamlError("cannot read: unknown yaml-cpp failure"));
  }
}

}  // namespace veil::policy
