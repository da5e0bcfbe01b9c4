#pragma once
// Every [[workload.volumes]] entry unlocked for one run of the workload, in configuration order,
// after attestation: each key is fetched from the trustee and the volume opened
// (encrypted_volume.h). The first failure stops the run with the volumes opened so far closed
// again, so a workload never starts with only some of its volumes.

#include <functional>
#include <vector>

#include "veil/agent/config/volume_config.h"
#include "veil/agent/launch/workload_user.h"
#include "veil/agent/volumes/encrypted_volume.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"
#include "veil/protocol/resource_path.h"

namespace veil::agent {

// Fetches a resource's bytes from the trustee (KbsClient::GetResource in veil-agent).
using FetchKey = std::function<Result<crypto::SecretBytes>(const protocol::ResourcePath&)>;

// `private_mounts`: the agent runs in its own mount namespace (SecretVolume::
// EnterPrivateMountNamespace); without it a clear-text mount would be seen by the whole node, so
// volumes are refused.
Result<std::vector<EncryptedVolume>> OpenWorkloadVolumes(
    const std::vector<EncryptedVolumeConfig>& configs, const WorkloadUser& owner,
    bool private_mounts, const FetchKey& fetch_key);

// The volumes' gocryptfs daemons, which must outlive the workload's other children.
std::vector<pid_t> VolumeDaemons(const std::vector<EncryptedVolume>& volumes);

}  // namespace veil::agent
