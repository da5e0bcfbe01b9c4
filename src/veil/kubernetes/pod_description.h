#pragma once
// What the control-plane policy is generated from: the parts of a pod spec that reach the Kata
// agent in a CreateContainerRequest (image, argv, environment, mounts), plus the pod's
// annotations (veil.dev/allow-* grants, agent_policy.h). Read from YAML by pod_yaml.h.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace veil::kubernetes {

struct EnvEntry {
  std::string name;
  std::optional<std::string> value;  // nullopt: `valueFrom` (the value is the cluster's)
};

struct MountEntry {
  std::string path;    // mountPath
  std::string volume;  // the volume's name
};

struct ContainerDescription {
  std::string name;
  std::string image;
  bool init = false;                                // from spec.initContainers
  std::optional<std::vector<std::string>> command;  // nullopt: the image's entrypoint
  std::optional<std::vector<std::string>> args;     // nullopt: the image's cmd
  std::vector<EnvEntry> env;
  bool env_from = false;  // `envFrom` present: names come from a ConfigMap or Secret
  std::vector<MountEntry> mounts;
  std::string termination_message_path;  // "" when not set (Kubernetes: /dev/termination-log)
};

struct PodDescription {
  std::string object;  // "Deployment/shop-web", for comments and explanations
  std::map<std::string, std::string> annotations;
  std::vector<ContainerDescription> containers;   // init containers first, as they run
  std::map<std::string, std::string> host_paths;  // hostPath volume name -> its host path
};

}  // namespace veil::kubernetes
