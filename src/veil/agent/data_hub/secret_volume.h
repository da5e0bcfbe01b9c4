#pragma once
// Where a workload's secrets live while it runs: a tmpfs mounted by the agent in its own private
// mount namespace (so no other process on the node sees it, and nothing reaches a persistent
// disk), owned by the workload user. When the agent cannot mount (no CAP_SYS_ADMIN) it accepts a
// directory that is already on tmpfs/ramfs (e.g. a memory-backed Kubernetes emptyDir) and refuses
// anything else. When the volume goes — after the workload ends, or on any failure before it
// starts — every secret file written is overwritten with zeros through the descriptor that
// created it and removed; then the tmpfs is unmounted (or, for a provided one, what was written
// is deleted).

#include <sys/types.h>

#include <filesystem>
#include <string_view>
#include <vector>

#include "veil/agent/launch/workload_user.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/base/unique_fd.h"

namespace veil::agent {

class SecretVolume {
 public:
  // Call first, while the agent is single-threaded: gives the agent a private mount namespace so
  // the tmpfs below is invisible outside the agent and its workload. kUnavailable without
  // privilege.
  static Status EnterPrivateMountNamespace();

  // Creates `dir` when needed and mounts a tmpfs of `size_bytes` there (mode 0750, owned by
  // `owner`), or accepts an existing tmpfs when mounting is not permitted.
  static Result<SecretVolume> Open(const std::filesystem::path& dir, std::uint64_t size_bytes,
                                   const WorkloadUser& owner);

  SecretVolume(SecretVolume&& other) noexcept;
  SecretVolume& operator=(SecretVolume&&) = delete;
  SecretVolume(const SecretVolume&) = delete;
  SecretVolume& operator=(const SecretVolume&) = delete;
  ~SecretVolume();

  const std::filesystem::path& dir() const { return dir_; }
  // A new file `name` (a plain name) with `content`, mode 0400 from its creation, owned by the
  // workload user. Once created it is wiped when the volume goes, even if this call then fails.
  Status WriteSecretFile(std::string_view name, ByteSpan content);
  // A new directory `name` owned by the workload user (mode 0750), e.g. for the decrypted payload.
  Result<std::filesystem::path> MakeDirectory(std::string_view name);
  // Hands every file and directory below `path` to the workload user.
  Status GiveToOwner(const std::filesystem::path& path) const;

 private:
  SecretVolume(std::filesystem::path dir, bool mounted, WorkloadUser owner)
      : dir_(std::move(dir)), mounted_(mounted), owner_(std::move(owner)) {}

  // A secret file and the descriptor that created it: the wipe writes through it, so it reaches
  // this file even when the mode is 0400 or the name was replaced since.
  struct SecretFile {
    std::filesystem::path path;
    UniqueFd fd;
  };
  void WipeSecretFiles();

  std::filesystem::path dir_;
  bool mounted_;  // we mounted it (unmount) or it was provided (delete what we wrote)
  WorkloadUser owner_;
  std::vector<std::filesystem::path> written_;
  std::vector<SecretFile> secret_files_;
};

}  // namespace veil::agent
