#include "veil/kubernetes/agent_policy.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>

namespace veil::kubernetes {
namespace {

using nlohmann::json;

// Requests a pod needs from sandbox creation to teardown, none of which reads or alters what runs
// in a container: networking and resources set up by the runtime, start/stop/wait/signal of the
// processes the manifest defines, stats, and stdin/tty of those processes.
constexpr std::array<std::string_view, 29> kLifeCycle = {
    "AddARPNeighborsRequest",   "AddSwapRequest",
    "CloseStdinRequest",        "CreateSandboxRequest",
    "DestroySandboxRequest",    "GetMetricsRequest",
    "GetOOMEventRequest",       "GuestDetailsRequest",
    "ListInterfacesRequest",    "ListRoutesRequest",
    "MemHotplugByProbeRequest", "OnlineCPUMemRequest",
    "PauseContainerRequest",    "PullImageRequest",
    "RemoveContainerRequest",   "RemoveStaleVirtiofsShareMountsRequest",
    "ResumeContainerRequest",   "SetGuestDateTimeRequest",
    "SignalProcessRequest",     "StartContainerRequest",
    "StartTracingRequest",      "StatsContainerRequest",
    "StopTracingRequest",       "TtyWinResizeRequest",
    "UpdateContainerRequest",   "UpdateEphemeralMountsRequest",
    "UpdateInterfaceRequest",   "UpdateRoutesRequest",
    "WaitProcessRequest",
};

// Variables the runtime adds to every container: the kubelet's HOSTNAME, the image's PATH, HOME
// and TERM (for a tty).
constexpr std::array<std::string_view, 4> kRuntimeEnv = {"HOME", "HOSTNAME", "PATH", "TERM"};
// Kubernetes service links: FOO_SERVICE_HOST, FOO_SERVICE_PORT[_NAME], FOO_PORT[_80_TCP[_...]].
constexpr std::string_view kServiceLinkEnv =
    "^[A-Z_][A-Z0-9_]*_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_[0-9]+_(TCP|UDP|SCTP)(_PROTO|"
    "_PORT|_ADDR)?)?)$";
// Mount destinations the OCI spec of every Kubernetes container has (containerd, kubelet).
constexpr std::array<std::string_view, 12> kRuntimeMounts = {
    "/dev",
    "/dev/mqueue",
    "/dev/pts",
    "/dev/shm",
    "/etc/hostname",
    "/etc/hosts",
    "/etc/resolv.conf",
    "/proc",
    "/sys",
    "/sys/fs/cgroup",
    "/dev/termination-log",
    "/var/run/secrets/kubernetes.io/serviceaccount",
};

// The rules over policy_data. Kept free of data so that the text only changes with Veil.
constexpr std::string_view kRules = R"(
# The pod's sandbox (pause) container: its fixed argv and the runtime's mounts.
CreateContainerRequest if {
	input.OCI.Annotations["io.kubernetes.cri.container-type"] == "sandbox"
	no_hooks
	input.OCI.Process.Args == policy_data.sandbox_args
	every mount in input.OCI.Mounts {
		runtime_mount(mount)
	}
}

# A container of the manifest, by name, as the manifest defines it.
CreateContainerRequest if {
	input.OCI.Annotations["io.kubernetes.cri.container-type"] == "container"
	no_hooks
	container := policy_data.containers[input.OCI.Annotations["io.kubernetes.cri.container-name"]]
	image_allowed(container, input.OCI.Annotations["io.kubernetes.cri.image-name"])
	argv_allowed(container, input.OCI.Process.Args)
	every variable in input.OCI.Process.Env {
		env_allowed(container, variable)
	}
	every mount in input.OCI.Mounts {
		mount_allowed(container, mount)
	}
}

# OCI hooks would run host-chosen programs in the guest when the container starts.
no_hooks if not input.OCI.Hooks

no_hooks if is_null(input.OCI.Hooks)

ExecProcessRequest if count(policy_data.allow.exec) > 0

ReadStreamRequest if count(policy_data.allow.logs) > 0

CopyFileRequest if count(policy_data.allow.copy_file) > 0

SetPolicyRequest if count(policy_data.allow.set_policy) > 0

# Pinned: the whole reference, digest included. Otherwise the reference without its digest.
image_allowed(container, image) if {
	container.image.pinned
	image in container.image.names
}

image_allowed(container, image) if {
	not container.image.pinned
	split(image, "@")[0] in container.image.names
}

# The manifest's command: the argv is exactly command then args.
argv_allowed(container, argv) if {
	container.argv.match == "exact"
	argv == container.argv.values
}

# Only args: the image's entrypoint, then exactly the manifest's args.
argv_allowed(container, argv) if {
	container.argv.match == "suffix"
	count(argv) >= count(container.argv.values)
	array.slice(argv, count(argv) - count(container.argv.values), count(argv)) == container.argv.values
}

# Neither: the image's entrypoint and cmd, which the image (its digest) decides.
argv_allowed(container, argv) if container.argv.match == "image"

env_allowed(container, variable) if {
	name := split(variable, "=")[0]
	container.env[name] == substring(variable, count(name) + 1, -1)
}

env_allowed(container, variable) if {
	name := split(variable, "=")[0]
	name in container.env_from_cluster
}

env_allowed(container, variable) if {
	name := split(variable, "=")[0]
	not name in container.env_names
	runtime_env(container, name)
}

runtime_env(container, name) if name in policy_data.runtime_env

runtime_env(container, name) if regex.match(policy_data.service_link_env, name)

runtime_env(container, name) if container.env_from

mount_allowed(container, mount) if mount.destination in container.host_path_mounts

mount_allowed(container, mount) if {
	mount.destination in container.mounts
	not host_source(mount)
}

mount_allowed(container, mount) if runtime_mount(mount)

runtime_mount(mount) if {
	mount.destination in policy_data.runtime_mounts
	not host_source(mount)
}

# A bind mount of a guest path the Kata runtime did not share into the sandbox.
host_source(mount) if {
	startswith(mount.source, "/")
	not startswith(mount.source, "/run/kata-containers/")
}
)";

Error PolicyError(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), "kubernetes"};
}

json StringArray(const auto& items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(std::string(item));
  return out;
}

// The containers an allow-* annotation names: "*" for all, else a comma-separated list.
Result<json> Grant(const PodDescription& pod, std::string_view key) {
  const auto annotation = pod.annotations.find(std::string(key));
  std::set<std::string> names;
  if (annotation == pod.annotations.end()) return json::array();
  std::string_view value = annotation->second;
  while (!value.empty()) {
    const std::size_t comma = std::min(value.find(','), value.size());
    std::string name(value.substr(0, comma));
    value.remove_prefix(std::min(comma + 1, value.size()));
    std::erase(name, ' ');
    if (name.empty()) continue;
    const bool known = std::ranges::any_of(
        pod.containers, [&](const ContainerDescription& c) { return c.name == name; });
    if (name == "*") {
      for (const ContainerDescription& c : pod.containers) names.insert(c.name);
    } else if (!known) {
      return Fail(
          PolicyError(std::string(key) + " names " + name + ", not a container of " + pod.object));
    } else {
      names.insert(name);
    }
  }
  return StringArray(names);
}

json Argv(const ContainerDescription& container) {
  if (container.command) {
    std::vector<std::string> argv = *container.command;
    if (container.args) argv.insert(argv.end(), container.args->begin(), container.args->end());
    return {{"match", "exact"}, {"values", StringArray(argv)}};
  }
  if (container.args) return {{"match", "suffix"}, {"values", StringArray(*container.args)}};
  return {{"match", "image"}, {"values", json::array()}};
}

json Environment(const ContainerDescription& container, json& entry) {
  json values = json::object();
  std::set<std::string> from_cluster, names;
  for (const EnvEntry& env : container.env) {
    names.insert(env.name);
    if (env.value) {
      values[env.name] = *env.value;  // a later entry of one name wins, as in Kubernetes
      from_cluster.erase(env.name);
    } else {
      values.erase(env.name);
      from_cluster.insert(env.name);
    }
  }
  entry["env_names"] = StringArray(names);
  entry["env_from_cluster"] = StringArray(from_cluster);
  entry["env_from"] = container.env_from;
  return values;
}

json Container(const PodDescription& pod, const ContainerDescription& container,
               const AgentPolicyOptions& options) {
  const bool pinned = options.pin_images && container.image.find('@') != std::string::npos;
  json entry = {{"init", container.init},
                {"image",
                 {{"reference", container.image},
                  {"pinned", pinned},
                  {"names", StringArray(ImageNames(container.image, pinned))}}},
                {"argv", Argv(container)}};
  entry["env"] = Environment(container, entry);
  std::set<std::string> mounts, host_path_mounts;
  for (const MountEntry& mount : container.mounts) {
    (pod.host_paths.contains(mount.volume) ? host_path_mounts : mounts).insert(mount.path);
  }
  if (!container.termination_message_path.empty()) {
    mounts.insert(container.termination_message_path);
  }
  entry["mounts"] = StringArray(mounts);
  entry["host_path_mounts"] = StringArray(host_path_mounts);
  return entry;
}

Result<json> PolicyData(const PodDescription& pod, const AgentPolicyOptions& options) {
  json containers = json::object();
  for (const ContainerDescription& container : pod.containers) {
    if (containers.contains(container.name)) {
      return Fail(PolicyError(pod.object + " has two containers named " + container.name));
    }
    containers[container.name] = Container(pod, container, options);
  }
  json allow = json::object();
  VEIL_ASSIGN_OR_RETURN(allow["exec"], Grant(pod, kAllowExec));
  VEIL_ASSIGN_OR_RETURN(allow["logs"], Grant(pod, kAllowLogs));
  VEIL_ASSIGN_OR_RETURN(allow["copy_file"], Grant(pod, kAllowCopyFile));
  VEIL_ASSIGN_OR_RETURN(allow["set_policy"], Grant(pod, kAllowSetPolicy));
  return json{{"generator", "veil pod seal"},
              {"object", pod.object},
              {"allow", allow},
              {"containers", containers},
              {"runtime_env", StringArray(kRuntimeEnv)},
              {"service_link_env", std::string(kServiceLinkEnv)},
              {"runtime_mounts", StringArray(kRuntimeMounts)},
              {"sandbox_args", json::array({"/pause"})}};
}

bool IsDomain(std::string_view component) {
  return component.find_first_of(".:") != std::string_view::npos || component == "localhost";
}

}  // namespace

std::span<const std::string_view> LifeCycleRequests() { return kLifeCycle; }

std::vector<std::string> ImageNames(std::string_view reference, bool pinned) {
  const std::size_t at = reference.find('@');
  const std::string_view digest = at == std::string_view::npos ? "" : reference.substr(at);
  const std::string_view name = reference.substr(0, at);
  std::string normal(name);
  const std::size_t slash = name.find('/');
  if (slash == std::string_view::npos) {
    normal = "docker.io/library/" + normal;
  } else if (!IsDomain(name.substr(0, slash))) {
    normal = "docker.io/" + normal;
  }
  const std::size_t last = normal.rfind('/');
  if (digest.empty() && normal.find(':', last) == std::string::npos) normal += ":latest";
  std::set<std::string> names = {std::string(name), normal};
  if (pinned) names = {std::string(name) + std::string(digest), normal + std::string(digest)};
  return {names.begin(), names.end()};
}

Result<std::string> GenerateAgentPolicy(const PodDescription& pod,
                                        const AgentPolicyOptions& options) {
  VEIL_ASSIGN_OR_RETURN(json data, PolicyData(pod, options));
  std::string text = "# Kata agent policy generated by `veil pod seal` for " + pod.object +
                     ".\n# Regenerate rather than edit: the init-data digest covers these bytes. "
                     "`veil pod policy explain` says what it allows.\npackage agent_policy\n\n"
                     "# The pod's life cycle: allowed whatever the request carries.\n";
  for (const std::string_view request : kLifeCycle) {
    text += "default " + std::string(request) + " := true\n";
  }
  text +=
      "\n# Denied unless a rule below allows it.\n"
      "default CopyFileRequest := false\ndefault CreateContainerRequest := false\n"
      "default ExecProcessRequest := false\ndefault ReadStreamRequest := false\n"
      "default ReseedRandomDevRequest := false\ndefault SetPolicyRequest := false\n";
  text += kRules;
  text += "\npolicy_data := " + data.dump(2) + "\n";
  return text;
}

}  // namespace veil::kubernetes
