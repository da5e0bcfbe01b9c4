#include "pod_agent_runtime.h"

#include <algorithm>

#include "veil/agent/config/agent_config.h"
#include "veil/agent/measurement/workload_measurement.h"
#include "veil/base/hex.h"
#include "veil/initdata/toml_text.h"
#include "veil/kubernetes/registration/init_data_reference.h"

namespace veil::cli {
namespace {

// Where the pod mounts the ConfigMap (kubernetes/agent_wrap.h): relative paths resolve here.
constexpr const char* kConfigDir = "/etc/veil-agent";
constexpr std::size_t kMaxFileName = 255;  // [[workload.resources]] file

// The names of veil.dev/workload-identity: comma-separated, blanks around each dropped.
std::vector<std::string> WorkloadIdentityNames(const kubernetes::PodDescription& pod) {
  std::vector<std::string> names;
  const auto annotation =
      pod.annotations.find(std::string(kubernetes::kWorkloadIdentityAnnotationKey));
  if (annotation == pod.annotations.end()) return names;
  std::string_view rest = annotation->second;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view name = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    if (!name.empty()) names.emplace_back(name);
  }
  return names;
}

std::string RenderCertificate(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::string list;
  for (const std::string& name : names)
    list += (list.empty() ? "" : ", ") + initdata::TomlBasicString(name);
  return "\n[workload.certificate]\nnames = [" + list + "]\n";
}

std::string RenderConfig(const std::string& object, const std::string& container,
                         const AgentRuntimeSettings& settings,
                         const std::vector<protocol::ResourcePath>& resources,
                         const std::vector<std::string>& identity) {
  std::string toml = "# veil-agent configuration of container " + container + " of " + object +
                     ", written by veil pod seal.\n"
                     "# [workload] is measured; the other sections are not.\n"
                     "[trustee]\nurl = " +
                     initdata::TomlBasicString(settings.trustee_url) + "\n";
  if (settings.trustee_ca) toml += "ca_file = \"trustee-ca.pem\"\n";
  toml += "\n[tee]\nkind = " + initdata::TomlBasicString(settings.tee_kind) + "\n";
  for (const protocol::ResourcePath& resource : resources) {
    std::string file = resource.str();
    std::replace(file.begin(), file.end(), '/', '.');
    toml +=
        "\n[[workload.resources]]\nuri = " + initdata::TomlBasicString("kbs:///" + resource.str()) +
        "\nfile = " + initdata::TomlBasicString(file) + "\n";
  }
  return toml + RenderCertificate(identity);
}

Result<std::vector<protocol::ResourcePath>> ResourcesOf(const kubernetes::PodDescription& pod,
                                                        const AgentRuntimeSettings& settings) {
  std::vector<protocol::ResourcePath> resources = settings.resources;
  const auto annotation = pod.annotations.find(std::string(kubernetes::kResourcesAnnotationKey));
  if (annotation == pod.annotations.end()) return resources;
  auto own = kubernetes::ParseResourceList(annotation->second);
  if (!own) {
    return Fail(InvalidArgument(std::string(kubernetes::kResourcesAnnotationKey) + ": " +
                                own.error().message));
  }
  for (protocol::ResourcePath& resource : *own) {
    if (std::find(resources.begin(), resources.end(), resource) == resources.end())
      resources.push_back(std::move(resource));
  }
  for (const protocol::ResourcePath& resource : resources) {
    if (resource.str().size() > kMaxFileName) {
      return Fail(InvalidArgument("resource " + resource.str() + ": its file name would pass " +
                                  std::to_string(kMaxFileName) + " characters"));
    }
  }
  return resources;
}

}  // namespace

Result<std::vector<kubernetes::AgentContainer>> AgentContainersFor(
    const kubernetes::PodDescription& pod, const AgentRuntimeSettings& settings) {
  VEIL_ASSIGN_OR_RETURN(const std::vector<protocol::ResourcePath> resources,
                        ResourcesOf(pod, settings));
  const std::vector<std::string> identity = WorkloadIdentityNames(pod);
  std::vector<kubernetes::AgentContainer> containers;
  for (const kubernetes::ContainerDescription& container : pod.containers) {
    kubernetes::AgentContainer agent{
        container.name, RenderConfig(pod.object, container.name, settings, resources, identity),
        container.command.value_or(std::vector<std::string>{})};
    if (container.args)
      agent.argv.insert(agent.argv.end(), container.args->begin(), container.args->end());
    if (auto parsed = agent::ParseAgentConfig(agent.config_toml, kConfigDir); !parsed) {
      return Fail(InvalidArgument(
          "container " + container.name +
          ": veil-agent would refuse its configuration: " + parsed.error().message));
    }
    containers.push_back(std::move(agent));
  }
  return containers;
}

Result<std::string> AgentPcrValue(const kubernetes::AgentContainer& container) {
  VEIL_ASSIGN_OR_RETURN(const agent::AgentConfig config,
                        agent::ParseAgentConfig(container.config_toml, kConfigDir));
  VEIL_ASSIGN_OR_RETURN(
      const std::vector<agent::MeasurementEvent> events,
      agent::MeasureWorkload({std::nullopt, container.argv, config.workload.measured}));
  return HexEncode(agent::ReplayEvents(Bytes(32, 0), events));
}

}  // namespace veil::cli
