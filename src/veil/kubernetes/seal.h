#pragma once
// `veil pod seal` on one manifest (a multi-document YAML stream): each Pod, Deployment,
// StatefulSet, DaemonSet, Job and CronJob (workload_kind.h) gets, on its pod,
//   spec.runtimeClassName = options.runtime_class
//   metadata.annotations["io.katacontainers.config.hypervisor.cc_init_data"] =
//       EncodeAnnotation(the init-data TOML: options.init_data_for(the pod), or, without it,
//                        options.init_data_toml)
// both set whether or not present before, everything else in the object kept in order. With
// options.runtime kVeilAgent instead (node-level TEEs: no Kata, no init-data), each container's
// `command` becomes `<agent_path> run --config /etc/veil-agent/<container>.toml -- <command>`
// (its `args` follow, unchanged), the pod mounts the ConfigMap "<name>-veil-agent" at
// /etc/veil-agent and a memory-backed emptyDir at /run/veil (the agent's secrets tmpfs), and that
// ConfigMap — options.agent_containers_for's configuration per container, the trustee CA — is
// written as a document after the object's; a ConfigMap a previous seal wrote (annotation
// veil.dev/agent-config-for) is left out, so that re-sealing gives the same bytes. Every
// other document is written back byte for byte. A sealed document is re-emitted (yaml_emit.h:
// comments in it are lost, quoting kept), so sealing a sealed manifest gives the same bytes.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/kubernetes/pod_description.h"
#include "veil/kubernetes/workload_kind.h"

namespace veil::kubernetes {

// The pod annotation listing the resources (kbs:/// URIs, comma-separated) the pod receives;
// read when sealing, for `veil pod seal --register` (kubernetes/registration).
inline constexpr std::string_view kResourcesAnnotationKey = "veil.dev/resources";
// The pod annotation listing the names (comma-separated: a SPIFFE ID or other URI, or a DNS name)
// its containers' workload certificates carry (docs/networking.md). With --runtime veil-agent it
// becomes [workload.certificate] in each container's agent configuration; the Kata runtime has no
// workload certificate, so it refuses the annotation.
inline constexpr std::string_view kWorkloadIdentityAnnotationKey = "veil.dev/workload-identity";

enum class PodRuntime { kKata, kVeilAgent };

// One container run under veil-agent: its configuration file and the command line the agent
// measures and runs (the manifest's command, then its args).
struct AgentContainer {
  std::string name;
  std::string config_toml;
  std::vector<std::string> argv;
};

struct SealOptions {
  std::string runtime_class;
  std::string init_data_toml;  // the exact bytes the TEE field's digest is taken over
  // When set, each pod's own init-data (e.g. with a policy generated from it); its error fails
  // the seal, naming the document.
  std::function<Result<std::string>(const PodDescription&)> init_data_for;

  PodRuntime runtime = PodRuntime::kKata;
  std::string agent_path = "/usr/local/bin/veil-agent";  // veil-agent in the container's image
  std::optional<std::string> agent_trustee_ca_pem = std::nullopt;  // the ConfigMap's trustee-ca.pem
  // kVeilAgent: every container's configuration, in the pod's order (init containers first);
  // its error (e.g. a container without `command`) fails the seal, naming the document.
  std::function<Result<std::vector<AgentContainer>>(const PodDescription&)> agent_containers_for =
      nullptr;
};

struct SealedObject {
  WorkloadKind kind;
  std::string kind_name;       // as written: "Deployment"
  std::string name;            // metadata.name ("" when absent, e.g. generateName)
  std::string ns;              // metadata.namespace ("" when absent)
  std::string init_data_toml;  // what its annotation carries
  std::string resources;       // the pod's veil.dev/resources annotation ("" when absent)
  std::vector<AgentContainer> agent_containers;  // kVeilAgent (init_data_toml is then "")
  std::string agent_config_map_yaml;             // kVeilAgent: the ConfigMap document written
};

struct SealedManifest {
  std::string yaml;
  std::vector<SealedObject> objects;  // in document order
};

// kMalformed for YAML that does not parse (naming the document's index) and for a workload whose
// pod template or its metadata/spec is not a mapping; kUnsupported for a `kind: List` (its items
// would otherwise pass through unsealed).
Result<SealedManifest> SealManifest(std::string_view yaml, const SealOptions& options);

}  // namespace veil::kubernetes
