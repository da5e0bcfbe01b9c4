#pragma once
// `veil pod seal` on one manifest (a multi-document YAML stream): each Pod, Deployment,
// StatefulSet, DaemonSet, Job and CronJob (workload_kind.h) gets, on its pod,
//   spec.runtimeClassName = options.runtime_class
//   metadata.annotations["io.katacontainers.config.hypervisor.cc_init_data"] =
//       EncodeAnnotation(options.init_data_toml)
// both set whether or not present before, everything else in the object kept in order. Every
// other document is written back byte for byte. A sealed document is re-emitted (yaml_emit.h:
// comments in it are lost, quoting kept), so sealing a sealed manifest gives the same bytes.

#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/kubernetes/workload_kind.h"

namespace veil::kubernetes {

struct SealOptions {
  std::string runtime_class;
  std::string init_data_toml;  // the exact bytes the TEE field's digest is taken over
};

struct SealedObject {
  WorkloadKind kind;
  std::string kind_name;  // as written: "Deployment"
  std::string name;       // metadata.name ("" when absent, e.g. generateName)
  std::string ns;         // metadata.namespace ("" when absent)
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
