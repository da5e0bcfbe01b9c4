#pragma once
// `veil pod seal --runtime veil-agent`: the veil-agent configuration each container gets
// (docs/agent-config.md) and what the agent will measure for it (agent/measurement): with a TPM,
// PCR 23 after the command-line and [workload] events, from a register no other workload extended
// since boot; on SNP, TDX or the sample TEE, nothing (the agent measures only into a TPM).

#include <string>
#include <vector>

#include "veil/base/result.h"
#include "veil/kubernetes/pod_description.h"
#include "veil/kubernetes/seal.h"
#include "veil/protocol/resource_path.h"

namespace veil::cli {

struct AgentRuntimeSettings {
  std::string trustee_url;
  bool trustee_ca = false;                        // the ConfigMap carries trustee-ca.pem
  std::string tee_kind;                           // the agent's [tee] kind: snp, tdx, tpm or sample
  std::vector<protocol::ResourcePath> resources;  // --resource: every pod receives these
};

// One configuration per container of `pod` (its order), delivering --resource's and the pod's
// veil.dev/resources as files named <repository>.<type>.<tag> in $VEIL_SECRETS_DIR. Each is
// parsed back with veil-agent's own parser, so a configuration the agent would refuse fails here.
Result<std::vector<kubernetes::AgentContainer>> AgentContainersFor(
    const kubernetes::PodDescription& pod, const AgentRuntimeSettings& settings);

// The value veil-agent's TPM measurement leaves in PCR 23 (the config's measurement_pcr) for this
// container, replayed from 32 zero bytes: what `veil measure workload` prints.
Result<std::string> AgentPcrValue(const kubernetes::AgentContainer& container);

}  // namespace veil::cli
