#pragma once
// Loading one YAML document from untrusted text with yaml-cpp, within bounds. After
// LoadFirstDocument succeeds, a walk over the returned node (aliases expanded) visits at most
// `max_nodes` nodes, `max_depth` levels and `max_scalar_bytes` bytes of scalar text, so callers
// may walk it recursively without further checks.

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string_view>

#include "veil/base/result.h"

namespace veil::yaml {

// CountDocuments stops counting here: yaml-cpp may produce empty documents forever.
inline constexpr int kMaxDocumentsCounted = 16;

struct ExpansionLimits {
  int max_depth = 64;
  std::size_t max_nodes = 100'000;
  // The Kubernetes API server refuses a request body over 3 MiB; nothing Veil reads is larger.
  std::size_t max_scalar_bytes = std::size_t{3} << 20;
};

// The number of documents in `text`: 0 for empty text, at most kMaxDocumentsCounted + 1.
// kMalformed ("YAML: <yaml-cpp's message>") when the text is not YAML.
Result<int> CountDocuments(std::string_view text);

// The first document of `text` (a Null node when there is none). kMalformed, prefixed "YAML: ",
// when the text is not YAML or the document, aliases expanded, exceeds `limits`. Does not look
// past the first document: count them first where more than one must be refused.
Result<YAML::Node> LoadFirstDocument(std::string_view text, const ExpansionLimits& limits = {});

}  // namespace veil::yaml
