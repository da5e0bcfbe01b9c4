#include "veil/kubernetes/manifest_document.h"

#include <string>

#include "veil/yaml/bounded_load.h"

namespace veil::kubernetes {
namespace {

// Custom resource schemas nest deeper than policies; 128 levels leaves room for them.
constexpr yaml::ExpansionLimits kManifestLimits{.max_depth = 128};

Error DocumentError(std::size_t index, std::string message) {
  return Error{ErrorCode::kMalformed,
               "document " + std::to_string(index + 1) + ": " + std::move(message), "kubernetes"};
}

}  // namespace

Result<YAML::Node> LoadManifestDocument(const YamlDocumentText& document, std::size_t index) {
  const std::string text = std::string(document.marker) + std::string(document.content);
  auto documents = yaml::CountDocuments(text);
  if (!documents) return Fail(DocumentError(index, documents.error().message));
  // yaml-cpp yields empty documents without end for a stray flow token outside a collection.
  if (*documents > yaml::kMaxDocumentsCounted) {
    return Fail(DocumentError(index, "YAML: more than " +
                                         std::to_string(yaml::kMaxDocumentsCounted) +
                                         " documents (a stray \",\", \"]\" or \"}\"?)"));
  }
  // The stream was cut at its "---" lines: a second document can only follow a "..." marker.
  if (*documents > 1) {
    return Fail(DocumentError(index, "a document follows \"...\" without a \"---\" line"));
  }
  auto node = yaml::LoadFirstDocument(text, kManifestLimits);
  if (!node) return Fail(DocumentError(index, node.error().message));
  return node;
}

}  // namespace veil::kubernetes
