#include "veil/kubernetes/yaml_emit.h"

namespace veil::kubernetes {
namespace {

constexpr std::size_t kMaxNodes = 100000;

class DocumentEmitter {
 public:
  Status Emit(const YAML::Node& node) {
    if (++nodes_ > kMaxNodes) {
      return Fail(Error{ErrorCode::kInvalidArgument,
                        "a document expands past " + std::to_string(kMaxNodes) + " YAML nodes",
                        "kubernetes"});
    }
    switch (node.Type()) {
      case YAML::NodeType::Map:
        return EmitMap(node);
      case YAML::NodeType::Sequence:
        return EmitSequence(node);
      case YAML::NodeType::Scalar:
        EmitScalar(node);
        return {};
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        out_ << YAML::Null;
        return {};
    }
    return {};
  }

  std::string Text() const { return std::string(out_.c_str()) + "\n"; }

 private:
  Status EmitMap(const YAML::Node& node) {
    if (node.Style() == YAML::EmitterStyle::Flow) out_ << YAML::Flow;
    out_ << YAML::BeginMap;
    for (const auto& entry : node) {
      out_ << YAML::Key;
      VEIL_TRY(Emit(entry.first));
      out_ << YAML::Value;
      VEIL_TRY(Emit(entry.second));
    }
    out_ << YAML::EndMap;
    return {};
  }

  Status EmitSequence(const YAML::Node& node) {
    if (node.Style() == YAML::EmitterStyle::Flow) out_ << YAML::Flow;
    out_ << YAML::BeginSeq;
    for (const auto& item : node) VEIL_TRY(Emit(item));
    out_ << YAML::EndSeq;
    return {};
  }

  // yaml-cpp tags a parsed plain scalar "?" and a quoted or block one "!"; one built in code has
  // no tag and is written plain; any other tag was explicit in the source and is kept.
  void EmitScalar(const YAML::Node& node) {
    const std::string& tag = node.Tag();
    const std::string& value = node.Scalar();
    const bool plain = tag.empty() || tag == "?";
    if (!plain && tag != "!") out_ << YAML::VerbatimTag(tag);
    if (!plain || value.find('\n') != std::string::npos) out_ << YAML::DoubleQuoted;
    out_ << value;
  }

  YAML::Emitter out_;
  std::size_t nodes_ = 0;
};

}  // namespace

Result<std::string> EmitYamlDocument(const YAML::Node& document) {
  DocumentEmitter emitter;
  VEIL_TRY(emitter.Emit(document));
  return emitter.Text();
}

}  // namespace veil::kubernetes
