#include "veil/agent/volumes/encrypted_volume.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <spdlog/spdlog.h>

#include "veil/base/unique_fd.h"

namespace veil::agent {
namespace {

constexpr std::string_view kConfigFile = "gocryptfs.conf";
constexpr auto kDaemonExitGrace = std::chrono::seconds(5);

std::string Named(const EncryptedVolumeConfig& config) { return "volume " + config.name; }

Error SystemError(const EncryptedVolumeConfig& config, const std::string& what) {
  return Unavailable(Named(config) + ": " + what + ": " + std::strerror(errno));
}

// The directory, created (mode 0700) when missing; never a symlink.
Result<UniqueFd> OpenDirectory(const EncryptedVolumeConfig& config,
                               const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    return Fail(
        Unavailable(Named(config) + ": cannot create " + path.string() + ": " + error.message()));
  }
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) return Fail(SystemError(config, path.string() + " is not a directory"));
  return fd;
}

bool IsEmpty(const std::filesystem::path& dir) {
  std::error_code error;
  return std::filesystem::is_empty(dir, error) && !error;
}

// kNew when `source` is empty (it is then initialised), kExisting when it holds a volume.
enum class SourceState { kNew, kExisting };

Result<SourceState> InspectSource(const EncryptedVolumeConfig& config, int source_fd) {
  struct stat info {};
  if (fstatat(source_fd, std::string(kConfigFile).c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0) {
    if (!S_ISREG(info.st_mode)) {
      return Fail(VerificationFailed(Named(config) + ": " + (config.source / kConfigFile).string() +
                                     " is not a regular file"));
    }
    return SourceState::kExisting;
  }
  if (!IsEmpty(config.source)) {
    return Fail(VerificationFailed(
        Named(config) + ": " + config.source.string() + " holds files but no " +
        std::string(kConfigFile) +
        ": it is not a volume (or its gocryptfs.conf was removed); nothing was changed"));
  }
  return SourceState::kNew;
}

// A root agent gives each run of the workload a fresh uid (docs/agent.md, "Isolation of the
// workload"): what an earlier run wrote becomes this run's, through the mount (gocryptfs changes
// the ciphertext files' owners). Symlinks are changed themselves, never followed.
Status GiveTreeTo(const EncryptedVolumeConfig& config, const WorkloadUser& owner) {
  std::error_code error;
  std::size_t given = 0;
  for (auto entry = std::filesystem::recursive_directory_iterator(config.mountpoint, error);
       !error && entry != std::filesystem::recursive_directory_iterator(); entry.increment(error)) {
    struct stat info {};
    if (lstat(entry->path().c_str(), &info) != 0) return Fail(SystemError(config, "lstat"));
    if (info.st_uid == owner.uid && info.st_gid == owner.gid) continue;
    if (lchown(entry->path().c_str(), owner.uid, owner.gid) != 0)
      return Fail(SystemError(config, "giving its files to uid " + std::to_string(owner.uid)));
    ++given;
  }
  if (error) {
    return Fail(Unavailable(Named(config) + ": reading " + config.mountpoint.string() + ": " +
                            error.message()));
  }
  if (given > 0)
    spdlog::info("{}: gave {} files of earlier runs to uid {}", Named(config), given, owner.uid);
  return {};
}

}  // namespace

Result<EncryptedVolume> EncryptedVolume::Open(const EncryptedVolumeConfig& config, ByteSpan key,
                                              const WorkloadUser& owner,
                                              const Gocryptfs& gocryptfs) {
  const auto in_volume = [&config](Error error) {
    return Fail(std::move(error).WithContext(Named(config)));
  };
  auto password = GocryptfsPassword(key);
  if (!password) return in_volume(std::move(password).error());
  VEIL_ASSIGN_OR_RETURN(UniqueFd source, OpenDirectory(config, config.source));
  VEIL_ASSIGN_OR_RETURN(SourceState state, InspectSource(config, source.get()));
  if (state == SourceState::kNew) {
    if (auto made = gocryptfs.Init(config.source, password->span()); !made)
      return in_volume(std::move(made).error());
    spdlog::info("{}: initialised a new encrypted volume in {}", Named(config),
                 config.source.string());
  } else if (config.verify) {
    spdlog::info("{}: authenticating every file in {}", Named(config), config.source.string());
    if (auto checked = gocryptfs.Check(config.source, password->span()); !checked)
      return in_volume(std::move(checked).error());
  }
  if (fchown(source.get(), owner.uid, owner.gid) != 0 || fchmod(source.get(), 0700) != 0) {
    return Fail(SystemError(
        config, "cannot give " + config.source.string() + " to uid " + std::to_string(owner.uid)));
  }
  VEIL_TRY(OpenDirectory(config, config.mountpoint));
  auto daemon = gocryptfs.Mount(config.source, config.mountpoint, password->span());
  if (!daemon) return in_volume(std::move(daemon).error());
  EncryptedVolume volume(config, std::move(*daemon));
  VEIL_TRY(GiveTreeTo(config, owner));
  spdlog::info("{}: {} is mounted at {} for the workload", Named(config), config.source.string(),
               config.mountpoint.string());
  return volume;
}

EncryptedVolume::~EncryptedVolume() {
  if (auto closed = Close(); !closed) spdlog::error("{}", closed.error().ToString());
}

Status EncryptedVolume::Close() {
  if (!daemon_) return {};
  Status status;
  bool detached = false;
  if (umount2(config_.mountpoint.c_str(), 0) != 0 && errno != EINVAL) {
    // Still held open (EBUSY): detach it now, and stop the daemon below, which ends the mount.
    detached = true;
    if (umount2(config_.mountpoint.c_str(), MNT_DETACH) != 0 && errno != EINVAL)
      status = Fail(SystemError(config_, "unmounting " + config_.mountpoint.string()));
  }
  // Unmounted, gocryptfs -fg exits by itself; a daemon that does not (or one whose mount is only
  // detached) is stopped.
  const auto deadline =
      std::chrono::steady_clock::now() + (detached ? std::chrono::seconds(0) : kDaemonExitGrace);
  std::optional<ToolExit> exit = daemon_->Poll();
  while (!exit && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    exit = daemon_->Poll();
  }
  if (!exit) daemon_->Terminate(std::chrono::milliseconds(detached ? 0 : 1000));
  daemon_.reset();
  if (status) spdlog::info("{}: unmounted {}", Named(config_), config_.mountpoint.string());
  return status;
}

}  // namespace veil::agent
