#include "veil/agent/volumes/workload_volumes.h"

#include <spdlog/spdlog.h>

namespace veil::agent {

Result<std::vector<EncryptedVolume>> OpenWorkloadVolumes(
    const std::vector<EncryptedVolumeConfig>& configs, const WorkloadUser& owner,
    bool private_mounts, const FetchKey& fetch_key) {
  std::vector<EncryptedVolume> volumes;
  if (configs.empty()) return volumes;
  if (!private_mounts) {
    return Fail(Unavailable(
        "[[workload.volumes]] needs veil-agent to run as root, in a private mount namespace: "
        "elsewhere the clear text would be visible to every process on the node"));
  }
  VEIL_ASSIGN_OR_RETURN(Gocryptfs gocryptfs, Gocryptfs::Find());
  volumes.reserve(configs.size());
  for (const EncryptedVolumeConfig& config : configs) {
    spdlog::info("fetching the key of volume {} kbs:///{}", config.name, config.key.str());
    VEIL_ASSIGN_OR_RETURN(crypto::SecretBytes key, fetch_key(config.key));
    VEIL_ASSIGN_OR_RETURN(EncryptedVolume volume,
                          EncryptedVolume::Open(config, key.span(), owner, gocryptfs));
    volumes.push_back(std::move(volume));
  }
  return volumes;
}

std::vector<pid_t> VolumeDaemons(const std::vector<EncryptedVolume>& volumes) {
  std::vector<pid_t> daemons;
  for (const EncryptedVolume& volume : volumes) {
    if (volume.daemon_pid() > 0) daemons.push_back(volume.daemon_pid());
  }
  return daemons;
}

}  // namespace veil::agent
