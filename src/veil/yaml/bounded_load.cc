#include "veil/yaml/bounded_load.h"

#include <yaml-cpp/eventhandler.h>

#include <exception>
#include <sstream>
#include <string>

namespace veil::yaml {
namespace {

Error YamlError(std::string message) { return Malformed("YAML: " + std::move(message)); }

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

std::string Position(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return "";
  return " at line " + std::to_string(mark.line + 1) + ", column " +
         std::to_string(mark.column + 1);
}

// Walks a loaded document as its users will, aliases expanded, and stops at the first bound.
class ExpansionCheck {
 public:
  explicit ExpansionCheck(const ExpansionLimits& limits) : limits_(limits) {}

  Status Visit(const YAML::Node& node, int depth) {
    if (depth > limits_.max_depth) {
      return Fail(
          YamlError("nesting deeper than " + std::to_string(limits_.max_depth) + Position(node)));
    }
    if (++nodes_ > limits_.max_nodes) {
      return Fail(YamlError("more than " + std::to_string(limits_.max_nodes) +
                            " nodes (after expanding aliases)"));
    }
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        return CountScalar(node);
      case YAML::NodeType::Sequence:
        for (const YAML::Node& item : node) VEIL_TRY(Visit(item, depth + 1));
        return {};
      case YAML::NodeType::Map:
        for (const auto& entry : node) {
          VEIL_TRY(Visit(entry.first, depth + 1));
          VEIL_TRY(Visit(entry.second, depth + 1));
        }
        return {};
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        return {};
    }
    return {};
  }

 private:
  Status CountScalar(const YAML::Node& node) {
    scalar_bytes_ += node.Scalar().size();
    if (scalar_bytes_ > limits_.max_scalar_bytes) {
      return Fail(YamlError("more than " + std::to_string(limits_.max_scalar_bytes) +
                            " bytes of text (after expanding aliases)"));
    }
    return {};
  }

  const ExpansionLimits& limits_;
  std::size_t nodes_ = 0;
  std::size_t scalar_bytes_ = 0;
};

// yaml-cpp throws YAML::Exception for what it rejects and may throw std::exception subclasses
// (bad_alloc, its own internal errors); none of them leaves this file.
template <typename Function>
auto Guarded(Function&& function) -> decltype(function()) {
  try {
    return function();
  } catch (const YAML::Exception& error) {
    return Fail(YamlError(error.what()));
  } catch (const std::exception& error) {
    return Fail(YamlError(std::string("cannot read: ") + error.what()));
  } catch (...) {
    return Fail(YamlError("cannot read: unknown yaml-cpp failure"));
  }
}

}  // namespace

Result<int> CountDocuments(std::string_view text) {
  return Guarded([&]() -> Result<int> {
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    IgnoreEvents events;
    int documents = 0;
    while (documents <= kMaxDocumentsCounted && parser.HandleNextDocument(events)) ++documents;
    return documents;
  });
}

Result<YAML::Node> LoadFirstDocument(std::string_view text, const ExpansionLimits& limits) {
  return Guarded([&]() -> Result<YAML::Node> {
    YAML::Node document = YAML::Load(std::string(text));
    ExpansionCheck check(limits);
    VEIL_TRY(check.Visit(document, 0));
    return document;
  });
}

}  // namespace veil::yaml
