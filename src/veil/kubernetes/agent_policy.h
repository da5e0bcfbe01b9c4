#pragma once
// The pod's control-plane policy: a Kata agent policy (Rego, package `agent_policy`) generated
// from its PodDescription. The Kata agent asks the rule named after each ttrpc request
// (`CreateContainerRequest`, `ExecProcessRequest`, ...) with `input` = the request as JSON and
// refuses the request unless the answer is true (docs/kubernetes.md, "The control-plane policy").
//
// What it allows:
//   - CreateContainerRequest: the pod's sandbox (pause) container, and each container of the
//     manifest by its name with the manifest's image (by digest under pin_images when the
//     reference carries one), argv (command then args), environment and mount destinations;
//     no mount from a guest path outside /run/kata-containers/ unless the manifest mounts a
//     hostPath volume there; no OCI hooks. Capabilities, users and other security context are
//     not checked.
//   - ExecProcessRequest, ReadStreamRequest, CopyFileRequest, SetPolicyRequest: only when the
//     pod annotation kAllowExec, kAllowLogs, kAllowCopyFile or kAllowSetPolicy names a container
//     of the pod (or is "*"). The requests carry the runtime's container id, not the name, so a
//     grant holds for the whole pod; the names say who asked for it.
//   - ReseedRandomDevRequest: never. Every other request of the pod's life cycle: always
//     (kLifeCycleRequests).
// The text ends with `policy_data := {...}` (JSON): what CoCo's attestation service reads as
// init_data_claims.agent_policy_claims, and what ExplainAgentPolicy describes.

#include <span>
#include <string>
#include <string_view>

#include "veil/base/result.h"
#include "veil/kubernetes/pod_description.h"

namespace veil::kubernetes {

inline constexpr std::string_view kAllowExec = "veil.dev/allow-exec";
inline constexpr std::string_view kAllowLogs = "veil.dev/allow-logs";
inline constexpr std::string_view kAllowCopyFile = "veil.dev/allow-copy-file";
inline constexpr std::string_view kAllowSetPolicy = "veil.dev/allow-set-policy";

// The agent requests allowed whatever they carry, in the order the policy lists them.
std::span<const std::string_view> LifeCycleRequests();

struct AgentPolicyOptions {
  bool pin_images = false;  // match an image reference with a digest by that digest
};

// Deterministic: the same pod and options give the same bytes. kInvalidArgument for an
// allow-* annotation naming no container of the pod, or two containers of one name.
Result<std::string> GenerateAgentPolicy(const PodDescription& pod,
                                        const AgentPolicyOptions& options);

// The names the agent may see for `reference` as the manifest wrote it: as written and as
// containerd normalises it (docker.io/, library/, :latest), without the digest unless `pinned`.
std::vector<std::string> ImageNames(std::string_view reference, bool pinned);

}  // namespace veil::kubernetes
