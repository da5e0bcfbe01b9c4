#include "veil/kubernetes/pod_yaml.h"

#include <string_view>

namespace veil::kubernetes {
namespace {

Error PodError(const std::string& field, std::string_view what) {
  return Error{ErrorCode::kMalformed, field + " " + std::string(what), "kubernetes"};
}

// Reads go through const nodes: yaml-cpp's non-const operator[] inserts the key it looks up.
YAML::Node At(const YAML::Node& map, std::string_view key) {
  if (!map.IsDefined() || !map.IsMap()) return YAML::Node();
  return map[std::string(key)];
}

bool Present(const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); }

Result<std::string> RequiredScalar(const YAML::Node& map, std::string_view key,
                                   const std::string& field) {
  const YAML::Node value = At(map, key);
  if (!Present(value) || !value.IsScalar() || value.Scalar().empty()) {
    return Fail(PodError(field + "." + std::string(key), "is missing or not a string"));
  }
  return value.Scalar();
}

Result<std::optional<std::vector<std::string>>> StringList(const YAML::Node& map,
                                                           std::string_view key,
                                                           const std::string& field) {
  const YAML::Node list = At(map, key);
  if (!Present(list)) return std::optional<std::vector<std::string>>();
  if (!list.IsSequence()) return Fail(PodError(field + "." + std::string(key), "is not a list"));
  std::vector<std::string> out;
  for (const YAML::Node& item : list) {
    if (!item.IsScalar()) {
      return Fail(PodError(field + "." + std::string(key), "holds an item that is not a string"));
    }
    out.push_back(item.Scalar());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Result<std::vector<EnvEntry>> ReadEnv(const YAML::Node& container, const std::string& field) {
  std::vector<EnvEntry> env;
  const YAML::Node list = At(container, "env");
  if (!Present(list)) return env;
  if (!list.IsSequence()) return Fail(PodError(field + ".env", "is not a list"));
  for (const YAML::Node& item : list) {
    VEIL_ASSIGN_OR_RETURN(std::string name, RequiredScalar(item, "name", field + ".env[]"));
    const YAML::Node value = At(item, "value");
    if (Present(At(item, "valueFrom"))) {
      env.push_back(EnvEntry{std::move(name), std::nullopt});
    } else if (Present(value) && !value.IsScalar()) {
      return Fail(PodError(field + ".env[" + name + "].value", "is not a string"));
    } else {
      // An absent or null value is the empty string in Kubernetes.
      env.push_back(EnvEntry{std::move(name), Present(value) ? value.Scalar() : std::string()});
    }
  }
  return env;
}

Result<std::vector<MountEntry>> ReadMounts(const YAML::Node& container, const std::string& field) {
  std::vector<MountEntry> mounts;
  const YAML::Node list = At(container, "volumeMounts");
  if (!Present(list)) return mounts;
  if (!list.IsSequence()) return Fail(PodError(field + ".volumeMounts", "is not a list"));
  for (const YAML::Node& item : list) {
    VEIL_ASSIGN_OR_RETURN(std::string path,
                          RequiredScalar(item, "mountPath", field + ".volumeMounts[]"));
    VEIL_ASSIGN_OR_RETURN(std::string volume,
                          RequiredScalar(item, "name", field + ".volumeMounts[]"));
    mounts.push_back(MountEntry{std::move(path), std::move(volume)});
  }
  return mounts;
}

Result<ContainerDescription> ReadContainer(const YAML::Node& node, const std::string& field,
                                           bool init) {
  ContainerDescription container;
  container.init = init;
  VEIL_ASSIGN_OR_RETURN(container.name, RequiredScalar(node, "name", field));
  const std::string named = field + "[" + container.name + "]";
  VEIL_ASSIGN_OR_RETURN(container.image, RequiredScalar(node, "image", named));
  VEIL_ASSIGN_OR_RETURN(container.command, StringList(node, "command", named));
  VEIL_ASSIGN_OR_RETURN(container.args, StringList(node, "args", named));
  VEIL_ASSIGN_OR_RETURN(container.env, ReadEnv(node, named));
  container.env_from = Present(At(node, "envFrom"));
  VEIL_ASSIGN_OR_RETURN(container.mounts, ReadMounts(node, named));
  const YAML::Node termination = At(node, "terminationMessagePath");
  if (Present(termination) && termination.IsScalar()) {
    container.termination_message_path = termination.Scalar();
  }
  return container;
}

Status ReadContainers(const YAML::Node& spec, std::string_view key, bool init,
                      PodDescription& pod) {
  const std::string field = "spec." + std::string(key);
  const YAML::Node list = At(spec, key);
  if (!Present(list)) return {};
  if (!list.IsSequence()) return Fail(PodError(field, "is not a list"));
  for (const YAML::Node& item : list) {
    VEIL_ASSIGN_OR_RETURN(ContainerDescription container, ReadContainer(item, field, init));
    pod.containers.push_back(std::move(container));
  }
  return {};
}

Status ReadAnnotations(const YAML::Node& pod_node, PodDescription& pod) {
  const YAML::Node annotations = At(At(pod_node, "metadata"), "annotations");
  if (!Present(annotations)) return {};
  if (!annotations.IsMap()) return Fail(PodError("metadata.annotations", "is not a mapping"));
  for (const auto& entry : annotations) {
    if (!entry.first.IsScalar() || !entry.second.IsScalar()) {
      return Fail(PodError("metadata.annotations", "holds a key or value that is not a string"));
    }
    pod.annotations[entry.first.Scalar()] = entry.second.Scalar();
  }
  return {};
}

void ReadHostPaths(const YAML::Node& spec, PodDescription& pod) {
  const YAML::Node volumes = At(spec, "volumes");
  if (!Present(volumes) || !volumes.IsSequence()) return;
  for (const YAML::Node& volume : volumes) {
    const YAML::Node name = At(volume, "name");
    const YAML::Node path = At(At(volume, "hostPath"), "path");
    if (Present(name) && name.IsScalar() && Present(path) && path.IsScalar()) {
      pod.host_paths[name.Scalar()] = path.Scalar();
    }
  }
}

}  // namespace

Result<PodDescription> ReadPodDescription(const YAML::Node& pod_node, std::string object) {
  PodDescription pod;
  pod.object = std::move(object);
  VEIL_TRY(ReadAnnotations(pod_node, pod));
  const YAML::Node spec = At(pod_node, "spec");
  VEIL_TRY(ReadContainers(spec, "initContainers", true, pod));
  VEIL_TRY(ReadContainers(spec, "containers", false, pod));
  ReadHostPaths(spec, pod);
  return pod;
}

}  // namespace veil::kubernetes
