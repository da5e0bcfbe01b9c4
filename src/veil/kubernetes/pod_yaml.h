#pragma once
// Internal to kubernetes/ (names yaml-cpp): a pod's `metadata` and `spec` (the map a Pod is, or
// a pod template) read into a PodDescription.

#include <yaml-cpp/yaml.h>

#include <string>

#include "veil/base/result.h"
#include "veil/kubernetes/pod_description.h"

namespace veil::kubernetes {

// kMalformed, naming the field, for a container without a name or image, a `command`, `args`,
// `env` or `volumeMounts` that is not a sequence of the expected shape, or annotations that are
// not strings.
Result<PodDescription> ReadPodDescription(const YAML::Node& pod, std::string object);

}  // namespace veil::kubernetes
