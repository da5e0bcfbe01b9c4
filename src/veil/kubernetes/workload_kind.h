#pragma once
// The Kubernetes objects that hold a pod (a Pod, or a pod template) and where: the keys from the
// object's root to the map with the pod's `metadata` and `spec`.

#include <optional>
#include <span>
#include <string_view>

namespace veil::kubernetes {

enum class WorkloadKind {
  kPod,          // v1 Pod: the object itself
  kDeployment,   // apps/v1: spec.template
  kStatefulSet,  // apps/v1: spec.template
  kDaemonSet,    // apps/v1: spec.template
  kJob,          // batch/v1: spec.template
  kCronJob,      // batch/v1: spec.jobTemplate.spec.template
};

// The kind for `apiVersion`/`kind` of the core, apps and batch API groups; nullopt for every other
// object (a ConfigMap, a Service, a custom resource named "Pod" in another group).
std::optional<WorkloadKind> WorkloadKindOf(std::string_view api_version, std::string_view kind);

// The keys leading from the object's root to its pod (empty for a Pod).
std::span<const std::string_view> PodTemplatePath(WorkloadKind kind);

}  // namespace veil::kubernetes
