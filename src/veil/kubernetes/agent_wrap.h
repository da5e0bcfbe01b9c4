#pragma once
// Internal to kubernetes/ (names yaml-cpp): `veil pod seal --runtime veil-agent` on one pod (see
// seal.h): each container's command wrapped with `veil-agent run`, the agent's volumes mounted,
// and the ConfigMap that carries its configuration.

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/kubernetes/seal.h"

namespace veil::kubernetes {

// On the ConfigMap veil pod seal writes: the object whose pod mounts it ("Deployment/shop-web").
inline constexpr std::string_view kAgentConfigForAnnotation = "veil.dev/agent-config-for";
inline constexpr std::string_view kAgentConfigDir = "/etc/veil-agent";

struct WrappedPod {
  std::vector<AgentContainer> containers;
  std::string config_map_yaml;  // the ConfigMap document, without a "---" line
};

// `pod` is the pod (metadata and spec) of the object `kind_name`/`name` in namespace `ns`.
// kInvalidArgument when the object has no name (the ConfigMap is named after it) or a container
// sets no command (veil-agent must run the entrypoint, which only the image knows), naming it;
// kMalformed for a containers entry that is not a mapping.
Result<WrappedPod> WrapPodForAgent(YAML::Node& pod, const std::string& kind_name,
                                   const std::string& name, const std::string& ns,
                                   const SealOptions& options);

// True for a ConfigMap a previous `--runtime veil-agent` seal wrote.
bool IsGeneratedAgentConfig(const YAML::Node& object);

}  // namespace veil::kubernetes
