#pragma once
// One [[workload.volumes]] entry while the workload runs: the ciphertext in `source` unlocked by
// a gocryptfs daemon and visible in clear text at `mountpoint`, in the agent's private mount
// namespace only. It is unmounted and its daemon stopped when the object goes — after the
// workload exits, on any failure before it starts, and (through PR_SET_PDEATHSIG on the daemon
// and the namespace ending with the agent) when the agent is killed.

#include <sys/types.h>

#include <optional>
#include <utility>

#include "veil/agent/config/volume_config.h"
#include "veil/agent/launch/workload_user.h"
#include "veil/agent/volumes/gocryptfs.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::agent {

class EncryptedVolume {
 public:
  // Unlocks the volume with `key` (the resource's bytes):
  // - `source` missing or empty: a new volume is initialised there;
  // - `source` holding files but no gocryptfs.conf: refused, nothing is written;
  // - otherwise, with `verify`, every file is authenticated first (gocryptfs -fsck).
  // Then `source` is given to `owner` (mode 0700), so the workload can write, and mounted at
  // `mountpoint` (created when missing); files earlier runs (other uids) wrote are given to
  // `owner` too. A wrong key or a tampered volume is kVerificationFailed
  // naming the volume, before anything is mounted.
  static Result<EncryptedVolume> Open(const EncryptedVolumeConfig& config, ByteSpan key,
                                      const WorkloadUser& owner, const Gocryptfs& gocryptfs);

  EncryptedVolume(EncryptedVolume&& other) noexcept
      : config_(std::move(other.config_)), daemon_(std::exchange(other.daemon_, std::nullopt)) {}
  EncryptedVolume& operator=(EncryptedVolume&&) = delete;
  EncryptedVolume(const EncryptedVolume&) = delete;
  EncryptedVolume& operator=(const EncryptedVolume&) = delete;
  // Close(), logging what failed.
  ~EncryptedVolume();

  const EncryptedVolumeConfig& config() const { return config_; }
  // The gocryptfs daemon, which the agent keeps running while the workload's other children end.
  pid_t daemon_pid() const { return daemon_ ? daemon_->pid() : -1; }

  // Unmounts (lazily when something still holds it open) and stops the daemon. Safe to call
  // more than once.
  Status Close();

 private:
  EncryptedVolume(EncryptedVolumeConfig config, ToolProcess daemon)
      : config_(std::move(config)), daemon_(std::move(daemon)) {}

  EncryptedVolumeConfig config_;
  std::optional<ToolProcess> daemon_;
};

}  // namespace veil::agent
