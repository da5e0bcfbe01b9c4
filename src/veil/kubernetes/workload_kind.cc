#include "veil/kubernetes/workload_kind.h"

#include <array>

namespace veil::kubernetes {
namespace {

struct KindEntry {
  std::string_view group;  // "" for the core group ("v1")
  std::string_view kind;
  WorkloadKind value;
};

constexpr std::array<KindEntry, 6> kKinds{{
    {"", "Pod", WorkloadKind::kPod},
    {"apps", "Deployment", WorkloadKind::kDeployment},
    {"apps", "StatefulSet", WorkloadKind::kStatefulSet},
    {"apps", "DaemonSet", WorkloadKind::kDaemonSet},
    {"batch", "Job", WorkloadKind::kJob},
    {"batch", "CronJob", WorkloadKind::kCronJob},
}};

constexpr std::array<std::string_view, 2> kTemplatePath{"spec", "template"};
constexpr std::array<std::string_view, 4> kCronJobPath{"spec", "jobTemplate", "spec", "template"};

// "apps/v1" -> "apps"; "v1" -> "" (the core group has no name).
std::string_view GroupOf(std::string_view api_version) {
  const std::size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view{} : api_version.substr(0, slash);
}

}  // namespace

std::optional<WorkloadKind> WorkloadKindOf(std::string_view api_version, std::string_view kind) {
  const std::string_view group = GroupOf(api_version);
  for (const KindEntry& entry : kKinds) {
    if (entry.group == group && entry.kind == kind) return entry.value;
  }
  return std::nullopt;
}

std::span<const std::string_view> PodTemplatePath(WorkloadKind kind) {
  switch (kind) {
    case WorkloadKind::kPod:
      return {};
    case WorkloadKind::kCronJob:
      return kCronJobPath;
    case WorkloadKind::kDeployment:
    case WorkloadKind::kStatefulSet:
    case WorkloadKind::kDaemonSet:
    case WorkloadKind::kJob:
      return kTemplatePath;
  }
  return {};
}

}  // namespace veil::kubernetes
