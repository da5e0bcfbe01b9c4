#include "veil/kubernetes/yaml_emit.h"

#include <algorithm>
#include <vector>

#include "veil/base/result.h"

namespace veil::kubernetes {
namespace {

// yaml-cpp tags a parsed plain scalar "?" and a quoted or block one "!"; one built in code has
// no tag and is written plain; any other tag was explicit in the source and is kept.
void WriteScalar(YAML::Emitter& out, const YAML::Node& node) {
  const std::string& tag = node.Tag();
  const std::string& value = node.Scalar();
  const bool plain = tag.empty() || tag == "?";
  if (!plain && tag != "!") out << YAML::VerbatimTag(tag);
  if (!plain || value.find('\n') != std::string::npos) out << YAML::DoubleQuoted;
  out << value;
}

// YAML 1.2 (7.4.2, ns-s-implicit-yaml-key) limits an implicit key to 1024 characters, and
// yaml-cpp counts them in bytes. What counts is the key as written: escapes ("\\x07") and
// invalid UTF-8 (written as U+FFFD, 3 bytes) make it longer than the parsed value. A longer key
// is written explicitly ("? "), as is a collection used as a key.
constexpr std::size_t kMaxImplicitKeyBytes = 1000;

bool NeedsExplicitKey(const YAML::Node& key) {
  if (!key.IsScalar()) return true;
  YAML::Emitter written;
  WriteScalar(written, key);
  return written.size() > kMaxImplicitKeyBytes;
}

// Whether each map key under `node` must be written explicitly, in the order DocumentEmitter
// visits the keys (depth first, a key's own contents before its value): each key is measured once.
void CollectExplicitKeys(const YAML::Node& node, std::vector<bool>& explicit_keys) {
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) CollectExplicitKeys(item, explicit_keys);
  }
  if (node.IsMap()) {
    for (const auto& entry : node) {
      explicit_keys.push_back(NeedsExplicitKey(entry.first));
      CollectExplicitKeys(entry.first, explicit_keys);
      CollectExplicitKeys(entry.second, explicit_keys);
    }
  }
}

std::vector<bool> ExplicitKeys(const YAML::Node& document) {
  std::vector<bool> explicit_keys;
  CollectExplicitKeys(document, explicit_keys);
  return explicit_keys;
}

class DocumentEmitter {
 public:
  // yaml-cpp writes an explicit key inside a flow collection as "{ ?key: v}", which reads back
  // as the plain scalar "?key" or not at all: a document holding one is written in block style.
  explicit DocumentEmitter(const YAML::Node& document)
      : explicit_keys_(ExplicitKeys(document)),
        keep_flow_style_(std::find(explicit_keys_.begin(), explicit_keys_.end(), true) ==
                         explicit_keys_.end()) {}

  void Emit(const YAML::Node& node) {
    switch (node.Type()) {
      case YAML::NodeType::Map:
        EmitMap(node);
        return;
      case YAML::NodeType::Sequence:
        EmitSequence(node);
        return;
      case YAML::NodeType::Scalar:
        WriteScalar(out_, node);
        return;
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        out_ << YAML::Null;
        return;
    }
  }

  std::string Text() const { return std::string(out_.c_str()) + "\n"; }

 private:
  bool IsFlow(const YAML::Node& node) const {
    return keep_flow_style_ && node.Style() == YAML::EmitterStyle::Flow;
  }

  void EmitMap(const YAML::Node& node) {
    if (IsFlow(node)) out_ << YAML::Flow;
    out_ << YAML::BeginMap;
    for (const auto& entry : node) {
      // yaml-cpp's LongKey manipulator stays in force for later keys; the setting is undone.
      VEIL_CHECK(next_key_ < explicit_keys_.size());  // ExplicitKeys visited the same keys
      const bool explicit_key = explicit_keys_[next_key_++];
      if (explicit_key) out_.SetMapFormat(YAML::LongKey);
      out_ << YAML::Key;
      Emit(entry.first);
      if (explicit_key) out_.SetMapFormat(YAML::Auto);
      out_ << YAML::Value;
      Emit(entry.second);
    }
    out_ << YAML::EndMap;
  }

  void EmitSequence(const YAML::Node& node) {
    if (IsFlow(node)) out_ << YAML::Flow;
    out_ << YAML::BeginSeq;
    for (const auto& item : node) Emit(item);
    out_ << YAML::EndSeq;
  }

  const std::vector<bool> explicit_keys_;
  std::size_t next_key_ = 0;
  bool keep_flow_style_;
  YAML::Emitter out_;
};

}  // namespace

std::string EmitYamlDocument(const YAML::Node& document) {
  DocumentEmitter emitter(document);
  emitter.Emit(document);
  return emitter.Text();
}

}  // namespace veil::kubernetes
