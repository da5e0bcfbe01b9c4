#include "veil/kubernetes/agent_wrap.h"

#include <algorithm>

#include "veil/kubernetes/pod_yaml.h"
#include "veil/kubernetes/yaml_emit.h"

namespace veil::kubernetes {
namespace {

constexpr std::string_view kConfigVolume = "veil-agent-config";
constexpr std::string_view kRunVolume = "veil-agent-run";
constexpr std::string_view kRunDir = "/run/veil";  // [workload] secrets_dir is /run/veil/secrets

Error WrapError(ErrorCode code, std::string message) {
  return Error{code, std::move(message), "kubernetes"};
}

std::string ConfigPath(const std::string& container) {
  return std::string(kAgentConfigDir) + "/" + container + ".toml";
}

std::vector<std::string> WrapperPrefix(const SealOptions& options, const std::string& container) {
  return {options.agent_path, "run", "--config", ConfigPath(container), "--"};
}

// The container's own command: a command a previous seal wrapped is unwrapped again.
void Unwrap(ContainerDescription& container, const SealOptions& options) {
  if (!container.command) return;
  const std::vector<std::string> prefix = WrapperPrefix(options, container.name);
  std::vector<std::string>& command = *container.command;
  if (command.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), command.begin()))
    command.erase(command.begin(), command.begin() + static_cast<std::ptrdiff_t>(prefix.size()));
}

// A scalar written quoted, so that "8080" or "true" stays a string (yaml_emit.h).
YAML::Node Quoted(std::string_view text) {
  YAML::Node node(std::string{text});
  node.SetTag("!");
  return node;
}

YAML::Node StringSequence(const std::vector<std::string>& items) {
  YAML::Node sequence(YAML::NodeType::Sequence);
  for (const std::string& item : items) sequence.push_back(Quoted(item));
  sequence.SetStyle(YAML::EmitterStyle::Flow);
  return sequence;
}

// `list` (a sequence under `parent[key]`, created when absent) without the entries `drop` names,
// then `added`: re-sealing removes what it adds and adds it again at the same place.
Status ReplaceEntries(YAML::Node& parent, std::string_view key,
                      const std::vector<YAML::Node>& added, const std::string& where) {
  const YAML::Node existing = static_cast<const YAML::Node&>(parent)[std::string(key)];
  YAML::Node kept(YAML::NodeType::Sequence);
  if (existing.IsDefined() && !existing.IsNull()) {
    if (!existing.IsSequence()) {
      return Fail(
          WrapError(ErrorCode::kMalformed, where + "." + std::string(key) + " is not a list"));
    }
    for (const YAML::Node& entry : existing) {
      const YAML::Node name = entry.IsMap() ? entry["name"] : YAML::Node();
      const bool ours = name.IsDefined() && name.IsScalar() &&
                        (name.Scalar() == kConfigVolume || name.Scalar() == kRunVolume);
      if (!ours) kept.push_back(entry);
    }
  }
  for (const YAML::Node& entry : added) kept.push_back(entry);
  parent[std::string(key)] = kept;
  return {};
}

YAML::Node Entry(std::initializer_list<std::pair<std::string_view, YAML::Node>> fields) {
  YAML::Node entry(YAML::NodeType::Map);
  for (const auto& [key, value] : fields) entry[std::string(key)] = value;
  return entry;
}

Status WrapContainers(YAML::Node& spec, const PodDescription& pod, const SealOptions& options) {
  for (const char* list : {"initContainers", "containers"}) {
    const YAML::Node containers = static_cast<const YAML::Node&>(spec)[list];
    if (!containers.IsDefined() || containers.IsNull()) continue;
    for (const YAML::Node& entry : containers) {
      YAML::Node container = entry;  // a handle on the same node
      const std::string name = container["name"].Scalar();
      const auto described =
          std::find_if(pod.containers.begin(), pod.containers.end(),
                       [&](const ContainerDescription& c) { return c.name == name; });
      VEIL_CHECK(described != pod.containers.end() && described->command);
      std::vector<std::string> command = WrapperPrefix(options, name);
      command.insert(command.end(), described->command->begin(), described->command->end());
      container["command"] = StringSequence(command);
      VEIL_TRY(
          ReplaceEntries(container, "volumeMounts",
                         {Entry({{"name", Quoted(kConfigVolume)},
                                 {"mountPath", Quoted(kAgentConfigDir)},
                                 {"readOnly", YAML::Node(true)}}),
                          Entry({{"name", Quoted(kRunVolume)}, {"mountPath", Quoted(kRunDir)}})},
                         pod.object + ": container " + name));
    }
  }
  return {};
}

Result<std::string> ConfigMapYaml(const std::string& object, const std::string& config_map,
                                  const std::string& ns,
                                  const std::vector<AgentContainer>& containers,
                                  const SealOptions& options) {
  YAML::Node metadata(YAML::NodeType::Map);
  metadata["name"] = Quoted(config_map);
  if (!ns.empty()) metadata["namespace"] = Quoted(ns);
  metadata["annotations"][std::string(kAgentConfigForAnnotation)] = Quoted(object);
  YAML::Node data(YAML::NodeType::Map);
  for (const AgentContainer& container : containers)
    data[container.name + ".toml"] = Quoted(container.config_toml);
  if (options.agent_trustee_ca_pem) data["trustee-ca.pem"] = Quoted(*options.agent_trustee_ca_pem);
  YAML::Node document(YAML::NodeType::Map);
  document["apiVersion"] = Quoted("v1");
  document["kind"] = Quoted("ConfigMap");
  document["metadata"] = metadata;
  document["data"] = data;
  return EmitYamlDocument(document);
}

}  // namespace

Result<WrappedPod> WrapPodForAgent(YAML::Node& pod, const std::string& kind_name,
                                   const std::string& name, const std::string& ns,
                                   const SealOptions& options) {
  const std::string object = kind_name + "/" + (name.empty() ? "(unnamed)" : name);
  if (name.empty()) {
    return Fail(WrapError(ErrorCode::kInvalidArgument,
                          object + ": --runtime veil-agent names the agent's ConfigMap after the "
                                   "object: set metadata.name"));
  }
  VEIL_ASSIGN_OR_RETURN(PodDescription description, ReadPodDescription(pod, object));
  for (ContainerDescription& container : description.containers) {
    Unwrap(container, options);
    if (!container.command || container.command->empty()) {
      return Fail(WrapError(
          ErrorCode::kInvalidArgument,
          object + ": container " + container.name +
              " sets no command: veil-agent runs the container's entrypoint after `veil-agent run "
              "--`, and only the image knows it; set command (the image's ENTRYPOINT) in the "
              "manifest"));
    }
  }
  if (!options.agent_containers_for) {
    return Fail(WrapError(ErrorCode::kInvalidArgument, "no veil-agent configuration was given"));
  }
  WrappedPod wrapped;
  VEIL_ASSIGN_OR_RETURN(wrapped.containers, options.agent_containers_for(description));
  YAML::Node spec = static_cast<const YAML::Node&>(pod)["spec"];
  VEIL_TRY(WrapContainers(spec, description, options));
  const std::string config_map = name + "-veil-agent";
  VEIL_TRY(ReplaceEntries(
      spec, "volumes",
      {Entry(
           {{"name", Quoted(kConfigVolume)}, {"configMap", Entry({{"name", Quoted(config_map)}})}}),
       Entry({{"name", Quoted(kRunVolume)}, {"emptyDir", Entry({{"medium", Quoted("Memory")}})}})},
      object + ": spec"));
  VEIL_ASSIGN_OR_RETURN(wrapped.config_map_yaml,
                        ConfigMapYaml(object, config_map, ns, wrapped.containers, options));
  return wrapped;
}

bool IsGeneratedAgentConfig(const YAML::Node& object) {
  const YAML::Node kind = object["kind"];
  if (!kind.IsDefined() || !kind.IsScalar() || kind.Scalar() != "ConfigMap") return false;
  const YAML::Node metadata = object["metadata"];
  if (!metadata.IsDefined() || !metadata.IsMap()) return false;
  const YAML::Node annotations = metadata["annotations"];
  return annotations.IsDefined() && annotations.IsMap() &&
         annotations[std::string(kAgentConfigForAnnotation)].IsDefined();
}

}  // namespace veil::kubernetes
