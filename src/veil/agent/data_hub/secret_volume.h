#pragma once
// Where a workload's secrets live while it runs: a tmpfs mounted by the agent in its own private
// mount namespace (so no other process on the node sees it, and nothing reaches a persistent
// disk), owned by the workload user. When the agent cannot mount (no CAP_SYS_ADMIN) it accepts a
// directory that is already on tmpfs/ramfs (e.g. a memory-backed Kubernetes emptyDir) and refuses
// anything else: "fallback mode". When the volume goes — after the workload ends, or on any
// failure before it starts — every secret file written is overwritten with zeros through the
// descriptor that created it and removed; then the tmpfs is unmounted (or, in fallback mode, what
// was written is removed through the directory's descriptor, never following a symlink).
//
// Everything goes through the directory's descriptor, opened once with O_NOFOLLOW. In fallback
// mode the names written are recorded first in an EntryJournal, so what a run killed before its
// cleanup left behind is recognised, wiped and removed by the next run.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "veil/agent/data_hub/entry_journal.h"
#include "veil/agent/launch/workload_user.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/base/unique_fd.h"

namespace veil::agent {

enum class VolumeMode {
  kMountOrExisting,  // mount a tmpfs; if that is not permitted, use the tmpfs `dir` is on
  kExistingOnly,     // do not try to mount (fallback mode only)
};

// A directory the agent made in the volume: mode 0700, owned by the agent until HandOver.
struct NewDirectory {
  std::filesystem::path path;
  UniqueFd fd;
};

class SecretVolume {
 public:
  // Call first, while the agent is single-threaded: gives the agent a private mount namespace so
  // the tmpfs below is invisible outside the agent and its workload. kUnavailable without
  // privilege.
  static Status EnterPrivateMountNamespace();

  // Creates `dir` when needed and mounts a tmpfs of `size_bytes` there (mode 0750, owned by
  // `owner`), or accepts an existing tmpfs when mounting is not permitted. In that fallback mode,
  // what an earlier run recorded and left is wiped and removed first (logged as a warning); the
  // run is refused, saying what to remove, when that fails, and when another live agent uses
  // `dir` (docs/agent.md, "Cleanup").
  static Result<SecretVolume> Open(const std::filesystem::path& dir, std::uint64_t size_bytes,
                                   const WorkloadUser& owner,
                                   VolumeMode mode = VolumeMode::kMountOrExisting);

  SecretVolume(SecretVolume&& other) noexcept;
  SecretVolume& operator=(SecretVolume&&) = delete;
  SecretVolume(const SecretVolume&) = delete;
  SecretVolume& operator=(const SecretVolume&) = delete;
  // Cleanup(), logging what failed.
  ~SecretVolume();

  const std::filesystem::path& dir() const { return dir_; }
  bool mounted() const { return mounted_; }
  // A new file `name` (a plain name) with `content`, mode 0400 from its creation, owned by the
  // workload user. Once created it is wiped when the volume goes, even if this call then fails.
  Status WriteSecretFile(std::string_view name, ByteSpan content);
  // Gives `name` (a plain name) `content` atomically: written to "<name>.veil-new" (mode 0400,
  // owned by the workload user), then renamed over `name`, so a reader sees the old file or the
  // new one, never a part. Call it again to replace the file while the workload runs. For
  // content that is not secret (certificates): the file replaced is not wiped, as the workload
  // may still be reading it. Both names are removed when the volume goes.
  Status ReplaceFile(std::string_view name, ByteSpan content);
  // A new directory `name` (a plain name), mode 0700 and the agent's, e.g. for the decrypted
  // payload: fill it through its descriptor, then HandOver.
  Result<NewDirectory> MakeDirectory(std::string_view name);
  // Gives a complete directory to the workload user (fchown, then mode 0750).
  Status HandOver(const NewDirectory& directory) const;

  // Wipes and removes everything written, then unmounts (or, in fallback mode, removes the
  // journal). Safe to call more than once and from the normal exit path (not from a signal
  // handler). kUnavailable naming what could not be removed; the journal then stays, for the
  // next run.
  Status Cleanup();

 private:
  SecretVolume(std::filesystem::path dir, UniqueFd dir_fd, bool mounted, WorkloadUser owner,
               std::optional<EntryJournal> journal)
      : dir_(std::move(dir)),
        dir_fd_(std::move(dir_fd)),
        mounted_(mounted),
        owner_(std::move(owner)),
        journal_(std::move(journal)) {}

  // A secret file and the descriptor that created it: the wipe writes through it, so it reaches
  // this file even when the mode is 0400 or the name was replaced since.
  struct SecretFile {
    std::string name;
    UniqueFd fd;
  };
  Status Record(std::string_view name);
  Status RecordOnce(const std::string& name);
  Error Unrecord(const std::string& why);
  void WipeSecretFiles();
  Status RemoveWritten();

  std::filesystem::path dir_;  // empty once cleaned up or moved from
  UniqueFd dir_fd_;
  bool mounted_;  // we mounted it (unmount) or it was provided (delete what we wrote)
  WorkloadUser owner_;
  std::optional<EntryJournal> journal_;  // fallback mode only
  std::vector<std::string> written_;
  std::vector<SecretFile> secret_files_;
};

}  // namespace veil::agent
