#pragma once
// Internal to kubernetes/: one document of a manifest stream (cut by SplitYamlDocuments), parsed
// with yaml/bounded_load.h's bounds, so that every later walk over it (sealing, the generated
// agent policy, emitting) is bounded too.

#include <yaml-cpp/yaml.h>

#include <cstddef>

#include "veil/base/result.h"
#include "veil/kubernetes/yaml_documents.h"

namespace veil::kubernetes {

// The document's node (Null when it holds only comments). kMalformed "document <index + 1>: ..."
// when it is not YAML, expands (through aliases) past the bounds, or hides a second document
// after a "..." end marker.
Result<YAML::Node> LoadManifestDocument(const YamlDocumentText& document, std::size_t index);

}  // namespace veil::kubernetes
