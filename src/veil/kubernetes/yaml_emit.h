#pragma once
// Internal to kubernetes/ (the one header here that names yaml-cpp): a parsed YAML document back
// to text, keeping what Kubernetes reads. yaml-cpp's own Node emitter drops whether a scalar was
// quoted, so `value: "8080"` would come back as the integer 8080 and `"true"` as a boolean; here a
// scalar quoted in the source (yaml-cpp tag "!") is written double-quoted, a plain one plain (or
// double-quoted where yaml-cpp finds it unsafe), a scalar holding a newline double-quoted with
// escapes, flow collections in flow style. Emitting a document that this function emitted, once
// parsed again, gives the same bytes. Comments, anchors and the source's quote characters are
// not kept; aliases are expanded (LoadManifestDocument bounded how far). A key longer than 1000
// bytes as written, or a collection key, is written as an explicit "? " key (YAML refuses implicit
// keys over 1024 characters), and a document holding one is written in block style throughout.

#include <yaml-cpp/yaml.h>

#include <string>

namespace veil::kubernetes {

std::string EmitYamlDocument(const YAML::Node& document);

}  // namespace veil::kubernetes
