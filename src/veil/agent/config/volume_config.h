#pragma once
// [[workload.volumes]]: encrypted directories the workload keeps across runs (docs/storage.md).
// Each is kept as gocryptfs ciphertext in `source`, on storage the owner does not trust, and is
// unlocked with a key the trustee releases only after attestation (a resource, under the resource
// policy). The workload sees the clear text at `mountpoint`, and only inside the agent's private
// mount namespace.

#include <filesystem>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "veil/base/result.h"
#include "veil/protocol/resource_path.h"

namespace veil::agent {

struct EncryptedVolumeConfig {
  std::string name;                  // names the volume in logs and errors
  std::filesystem::path source;      // the ciphertext directory (created empty when missing)
  std::filesystem::path mountpoint;  // where the workload sees the clear text
  protocol::ResourcePath key;        // the resource whose bytes unlock the volume
  bool verify = true;                // authenticate every file before the workload starts
};

// Reads the [[workload.volumes]] array; relative paths resolve against `base_dir`. Refuses
// unknown keys, an engine other than "gocryptfs", two volumes with one name, source or
// mountpoint, and a mountpoint inside a source (or the reverse).
Status ReadVolumes(const toml::node& node, const std::filesystem::path& base_dir,
                   std::vector<EncryptedVolumeConfig>& volumes);

}  // namespace veil::agent
