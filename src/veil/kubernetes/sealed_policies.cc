#include "veil/kubernetes/sealed_policies.h"

#include <yaml-cpp/yaml.h>

#include "veil/initdata/annotation.h"
#include "veil/initdata/init_data.h"
#include "veil/kubernetes/manifest_document.h"
#include "veil/kubernetes/workload_kind.h"
#include "veil/kubernetes/yaml_documents.h"

namespace veil::kubernetes {
namespace {

Error PolicyError(std::size_t index, std::string message) {
  return Error{ErrorCode::kMalformed,
               "document " + std::to_string(index + 1) + ": " + std::move(message), "kubernetes"};
}

std::string Scalar(const YAML::Node& map, const char* key) {
  if (!map.IsDefined() || !map.IsMap()) return "";
  const YAML::Node value = map[key];
  return value.IsDefined() && value.IsScalar() ? value.Scalar() : "";
}

// The annotation of the document's pod, "" when it is not a sealed workload.
std::string AnnotationOf(const YAML::Node& object, std::string& name) {
  if (!object.IsDefined() || !object.IsMap()) return "";
  const std::optional<WorkloadKind> kind =
      WorkloadKindOf(Scalar(object, "apiVersion"), Scalar(object, "kind"));
  if (!kind) return "";
  name = Scalar(object, "kind") + "/" + Scalar(object["metadata"], "name");
  YAML::Node pod = object;
  for (const std::string_view key : PodTemplatePath(*kind)) {
    if (!pod.IsMap()) return "";
    pod.reset(YAML::Node(pod)[std::string(key)]);
  }
  const YAML::Node metadata = pod.IsMap() ? pod["metadata"] : YAML::Node();
  const YAML::Node annotations =
      metadata.IsDefined() && metadata.IsMap() ? metadata["annotations"] : YAML::Node();
  return Scalar(annotations, std::string(initdata::kAnnotationKey).c_str());
}

Result<std::optional<SealedPolicy>> PolicyOf(const YamlDocumentText& document, std::size_t index) {
  VEIL_ASSIGN_OR_RETURN(YAML::Node object, LoadManifestDocument(document, index));
  std::string name;
  const std::string annotation = AnnotationOf(object, name);
  if (annotation.empty()) return std::optional<SealedPolicy>();
  auto toml = initdata::DecodeAnnotation(annotation);
  if (!toml) return Fail(PolicyError(index, name + ": " + toml.error().message));
  auto init = initdata::ParseInitData(*toml);
  if (!init) return Fail(PolicyError(index, name + ": " + init.error().message));
  const auto policy = init->data.find("policy.rego");
  if (policy == init->data.end()) {
    return Fail(PolicyError(index, name + ": its init-data has no policy.rego"));
  }
  return std::optional<SealedPolicy>(SealedPolicy{name, policy->second});
}

}  // namespace

Result<std::vector<SealedPolicy>> SealedAgentPolicies(std::string_view yaml) {
  std::vector<SealedPolicy> policies;
  const std::vector<YamlDocumentText> documents = SplitYamlDocuments(yaml);
  for (std::size_t i = 0; i < documents.size(); ++i) {
    VEIL_ASSIGN_OR_RETURN(std::optional<SealedPolicy> policy, PolicyOf(documents[i], i));
    if (policy) policies.push_back(std::move(*policy));
  }
  return policies;
}

}  // namespace veil::kubernetes
