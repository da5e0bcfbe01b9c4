#pragma once
// `veil pod seal` on one manifest (a multi-document YAML stream): each Pod, Deployment,
// StatefulSet, DaemonSet, Job and CronJob (workload_kind.h) gets, on its pod,
//   spec.runtimeClassName = options.runtime_class
//   metadata.annotations["io.katacontainers.config.hypervisor.cc_init_data"] =
//       EncodeAnnotation(the init-data TOML: options.init_data_for(the pod), or, without it,
//                        options.init_data_toml)
// both set whether or not present before, everything else in the object kept in order. Every
// other document is written back byte for byte. A sealed document is re-emitted (yaml_emit.h:
// comments in it are lost, quoting kept), so sealing a sealed manifest gives the same bytes.

#include <functional>
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

struct SealOptions {
  std::string runtime_class;
  std::string init_data_toml;  // the exact bytes the TEE field's digest is taken over
  // When set, each pod's own init-data (e.g. with a policy generated from it); its error fails
  // the seal, naming the document.
  std::function<Result<std::string>(const PodDescription&)> init_data_for;
};

struct SealedObject {
  WorkloadKind kind;
  std::string kind_name;       // as written: "Deployment"
  std::string name;            // metadata.name ("" when absent, e.g. generateName)
  std::string ns;              // metadata.namespace ("" when absent)
  std::string init_data_toml;  // what its annotation carries
  std::string resources;       // the pod's veil.dev/resources annotation ("" when absent)
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
