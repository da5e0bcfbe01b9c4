#include "veil/kubernetes/seal.h"

#include <yaml-cpp/yaml.h>

#include "veil/initdata/annotation.h"
#include "veil/kubernetes/agent_wrap.h"
#include "veil/kubernetes/manifest_document.h"
#include "veil/kubernetes/pod_yaml.h"
#include "veil/kubernetes/yaml_documents.h"
#include "veil/kubernetes/yaml_emit.h"

namespace veil::kubernetes {
namespace {

Error SealError(ErrorCode code, std::size_t document, std::string message) {
  return Error{code, "document " + std::to_string(document + 1) + ": " + std::move(message),
               "kubernetes"};
}

// Reads go through const nodes: yaml-cpp's non-const operator[] inserts the key it looks up.
YAML::Node Lookup(const YAML::Node& map, std::string_view key) { return map[std::string(key)]; }

bool IsMapping(const YAML::Node& node) { return node.IsDefined() && node.IsMap(); }

std::string ScalarAt(const YAML::Node& map, std::string_view key) {
  const YAML::Node value = Lookup(map, key);
  return value.IsDefined() && value.IsScalar() ? value.Scalar() : std::string();
}

// The mapping at `key` in `parent`, created empty when absent or null. Navigation uses
// Node::reset: yaml-cpp's Node::operator= would overwrite the node's content instead.
Result<YAML::Node> MapAt(YAML::Node& parent, std::string_view key, const std::string& path,
                         std::size_t index) {
  const YAML::Node existing = Lookup(parent, key);
  if (existing.IsDefined() && !existing.IsNull()) {
    if (!existing.IsMap()) {
      return Fail(SealError(ErrorCode::kMalformed, index, path + " is not a mapping"));
    }
    return existing;
  }
  parent[std::string(key)] = YAML::Node(YAML::NodeType::Map);
  return YAML::Node(parent[std::string(key)]);
}

// The init-data of the pod at `pod` (its metadata and spec), before sealing changes them.
Result<std::string> InitDataFor(const YAML::Node& pod, const std::string& object,
                                const SealOptions& options, std::size_t index) {
  if (!options.init_data_for) return options.init_data_toml;
  auto description = ReadPodDescription(pod, object);
  auto toml = description ? options.init_data_for(*description)
                          : Result<std::string>(Fail(description.error()));
  if (!toml) return Fail(SealError(toml.error().code, index, object + ": " + toml.error().message));
  return toml;
}

// The pod's annotation `key`, "" when absent or not a scalar.
std::string AnnotationOf(const YAML::Node& pod, std::string_view key) {
  const YAML::Node metadata = Lookup(pod, "metadata");
  if (!IsMapping(metadata)) return {};
  const YAML::Node annotations = Lookup(metadata, "annotations");
  return IsMapping(annotations) ? ScalarAt(annotations, key) : std::string();
}

// Seals the pod of `object`; fills in `sealed` the init-data TOML its annotation now carries and
// the resources it names.
Status SealPod(YAML::Node& object, WorkloadKind kind, const SealOptions& options,
               const std::string& name, std::size_t index, SealedObject& sealed) {
  YAML::Node pod = object;
  std::string path;
  for (const std::string_view key : PodTemplatePath(kind)) {
    path += (path.empty() ? "" : ".") + std::string(key);
    const YAML::Node next = Lookup(pod, key);
    if (!IsMapping(next)) {
      return Fail(SealError(ErrorCode::kMalformed, index, path + " is not a mapping"));
    }
    pod.reset(next);
  }
  const std::string prefix = path.empty() ? "" : path + ".";
  YAML::Node spec = Lookup(pod, "spec");
  if (!IsMapping(spec)) {
    return Fail(SealError(ErrorCode::kMalformed, index, prefix + "spec is not a mapping"));
  }
  sealed.resources = AnnotationOf(pod, kResourcesAnnotationKey);
  if (options.runtime == PodRuntime::kVeilAgent) {
    auto wrapped = WrapPodForAgent(pod, sealed.kind_name, sealed.name, sealed.ns, options);
    if (!wrapped) return Fail(SealError(wrapped.error().code, index, wrapped.error().message));
    sealed.agent_containers = std::move(wrapped->containers);
    sealed.agent_config_map_yaml = std::move(wrapped->config_map_yaml);
    return {};
  }
  if (!AnnotationOf(pod, kWorkloadIdentityAnnotationKey).empty()) {
    return Fail(
        SealError(ErrorCode::kUnsupported, index,
                  prefix + "metadata.annotations: " + std::string(kWorkloadIdentityAnnotationKey) +
                      " needs --runtime veil-agent: CoCo's guest components request no "
                      "workload certificate"));
  }
  VEIL_ASSIGN_OR_RETURN(std::string toml, InitDataFor(pod, name, options, index));
  // Values Veil writes are tagged "!" (non-plain) so they are written quoted: a runtime class
  // named "true" or "1" must stay a string.
  spec["runtimeClassName"] = options.runtime_class;
  spec["runtimeClassName"].SetTag("!");
  VEIL_ASSIGN_OR_RETURN(YAML::Node metadata, MapAt(pod, "metadata", prefix + "metadata", index));
  VEIL_ASSIGN_OR_RETURN(YAML::Node annotations,
                        MapAt(metadata, "annotations", prefix + "metadata.annotations", index));
  annotations[std::string(initdata::kAnnotationKey)] = initdata::EncodeAnnotation(toml);
  annotations[std::string(initdata::kAnnotationKey)].SetTag("!");
  sealed.init_data_toml = std::move(toml);
  return {};
}

// A List (v1 List, PodList, ...) carries objects in `items`; sealing it is not supported yet.
bool IsList(const YAML::Node& object, const std::string& kind_name) {
  const YAML::Node items = Lookup(object, "items");
  return kind_name.ends_with("List") && items.IsDefined() && items.IsSequence();
}

struct DocumentOutcome {
  std::string text;
  std::optional<SealedObject> sealed;
};

Result<DocumentOutcome> SealDocument(const YamlDocumentText& document, const SealOptions& options,
                                     std::size_t index) {
  const std::string original = std::string(document.marker) + std::string(document.content);
  VEIL_ASSIGN_OR_RETURN(YAML::Node object, LoadManifestDocument(document, index));
  if (!IsMapping(object)) return DocumentOutcome{original, std::nullopt};
  const std::string api_version = ScalarAt(object, "apiVersion");
  const std::string kind_name = ScalarAt(object, "kind");
  if (IsList(object, kind_name)) {
    return Fail(SealError(ErrorCode::kUnsupported, index,
                          "kind " + kind_name + " is not supported: write its items as documents"));
  }
  const std::optional<WorkloadKind> kind = WorkloadKindOf(api_version, kind_name);
  // The agent's ConfigMap is written again after its object: the old one is left out.
  if (options.runtime == PodRuntime::kVeilAgent && IsGeneratedAgentConfig(object))
    return DocumentOutcome{"", std::nullopt};
  if (!kind) return DocumentOutcome{original, std::nullopt};
  // Sealed objects may run inside a try: yaml-cpp's node operations throw on misuse only.
  try {
    const YAML::Node metadata = Lookup(object, "metadata");
    const bool named = IsMapping(metadata);
    SealedObject sealed{*kind,
                        kind_name,
                        named ? ScalarAt(metadata, "name") : "",
                        named ? ScalarAt(metadata, "namespace") : "",
                        "",
                        "",
                        {},
                        ""};
    const std::string name =
        kind_name + "/" + (sealed.name.empty() ? std::string("(unnamed)") : sealed.name);
    VEIL_TRY(SealPod(object, *kind, options, name, index, sealed));
    const std::string body = EmitYamlDocument(object);
    std::string text = (document.marker.empty() ? "" : "---\n") + body;
    if (!sealed.agent_config_map_yaml.empty()) text += "---\n" + sealed.agent_config_map_yaml;
    return DocumentOutcome{std::move(text), std::move(sealed)};
  } catch (const YAML::Exception& error) {
    return Fail(SealError(ErrorCode::kMalformed, index, "YAML: " + std::string(error.what())));
  }
}

}  // namespace

Result<SealedManifest> SealManifest(std::string_view yaml, const SealOptions& options) {
  SealedManifest out;
  const std::vector<YamlDocumentText> documents = SplitYamlDocuments(yaml);
  for (std::size_t i = 0; i < documents.size(); ++i) {
    VEIL_ASSIGN_OR_RETURN(DocumentOutcome outcome, SealDocument(documents[i], options, i));
    out.yaml += outcome.text;
    if (outcome.sealed) out.objects.push_back(std::move(*outcome.sealed));
  }
  return out;
}

}  // namespace veil::kubernetes
