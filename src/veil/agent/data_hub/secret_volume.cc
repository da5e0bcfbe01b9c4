#include "veil/agent/data_hub/secret_volume.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include <spdlog/spdlog.h>

#include "veil/base/private_file.h"

namespace veil::agent {
namespace {

std::string Errno() { return std::strerror(errno); }

bool IsMemoryFilesystem(const std::filesystem::path& dir) {
  struct statfs info {};
  if (statfs(dir.c_str(), &info) != 0) return false;
  return info.f_type == TMPFS_MAGIC || info.f_type == RAMFS_MAGIC;
}

// A provided directory must be the agent's alone: a real directory (not a symlink) owned by root
// or the agent, writable by nobody else — otherwise another user could swap what the agent writes.
Status RequirePrivateDirectory(const std::filesystem::path& dir) {
  struct stat info {};
  if (lstat(dir.c_str(), &info) != 0)
    return Fail(Unavailable("cannot inspect " + dir.string() + ": " + Errno()));
  if (!S_ISDIR(info.st_mode)) return Fail(Unavailable(dir.string() + " is not a directory"));
  if (info.st_uid != 0 && info.st_uid != geteuid()) {
    return Fail(Unavailable(dir.string() + " belongs to uid " + std::to_string(info.st_uid) +
                            ", not to the agent"));
  }
  if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return Fail(Unavailable(dir.string() + " is writable by other users"));
  }
  return {};
}

// Zeros over the whole file, through its own descriptor.
Status Overwrite(int fd, const std::filesystem::path& path) {
  struct stat info {};
  if (fstat(fd, &info) != 0)
    return Fail(Unavailable("cannot inspect " + path.string() + ": " + Errno()));
  static constexpr std::array<std::uint8_t, 4096> kZeros{};
  for (off_t done = 0; done < info.st_size;) {
    const auto chunk = static_cast<std::size_t>(
        std::min<off_t>(info.st_size - done, static_cast<off_t>(kZeros.size())));
    const ssize_t wrote = pwrite(fd, kZeros.data(), chunk, done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return Fail(Unavailable("cannot overwrite " + path.string() + ": " + Errno()));
    done += wrote;
  }
  if (fdatasync(fd) != 0)
    return Fail(Unavailable("cannot overwrite " + path.string() + ": " + Errno()));
  return {};
}

// Removes `path` only while it still names the file behind `fd` (the workload may have replaced
// it).
void RemoveIfSame(int fd, const std::filesystem::path& path) {
  struct stat open_file {};
  struct stat named {};
  if (fstat(fd, &open_file) != 0 || lstat(path.c_str(), &named) != 0) return;
  if (open_file.st_dev == named.st_dev && open_file.st_ino == named.st_ino) unlink(path.c_str());
}

Status WriteAll(int fd, ByteSpan content, const std::string& what) {
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t wrote = write(fd, content.data() + done, content.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return Fail(Unavailable("cannot write " + what + ": " + Errno()));
    done += static_cast<std::size_t>(wrote);
  }
  return {};
}

}  // namespace

Status SecretVolume::EnterPrivateMountNamespace() {
  if (unshare(CLONE_NEWNS) != 0)
    return Fail(Unavailable("cannot create a private mount namespace: " + Errno()));
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    return Fail(Unavailable("cannot make mounts private: " + Errno()));
  }
  return {};
}

Result<SecretVolume> SecretVolume::Open(const std::filesystem::path& dir, std::uint64_t size_bytes,
                                        const WorkloadUser& owner) {
  // The mount point, when missing, is made 0700: it never exposes anything, mounted or not.
  if (auto made = MakePrivateDirectories(dir); !made)
    return Fail(std::move(made).error().WithContext("secrets directory"));
  const std::string options = "size=" + std::to_string(size_bytes) +
                              ",mode=0750,uid=" + std::to_string(owner.uid) +
                              ",gid=" + std::to_string(owner.gid);
  if (mount("veil-secrets", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0) {
    return SecretVolume(dir, true, owner);
  }
  const std::string why = Errno();
  if (!IsMemoryFilesystem(dir)) {
    return Fail(
        Unavailable("cannot mount a tmpfs at " + dir.string() + " (" + why +
                    ") and it is not on tmpfs; secrets must never reach a persistent disk"));
  }
  VEIL_TRY(RequirePrivateDirectory(dir));
  spdlog::warn("cannot mount a tmpfs at {} ({}); using the tmpfs it is already on", dir.string(),
               why);
  return SecretVolume(dir, false, owner);
}

SecretVolume::SecretVolume(SecretVolume&& other) noexcept
    : dir_(std::move(other.dir_)),
      mounted_(other.mounted_),
      owner_(std::move(other.owner_)),
      written_(std::move(other.written_)),
      secret_files_(std::move(other.secret_files_)) {
  other.dir_.clear();
}

void SecretVolume::WipeSecretFiles() {
  for (SecretFile& file : secret_files_) {
    if (auto wiped = Overwrite(file.fd.get(), file.path); !wiped)
      spdlog::error("{}", wiped.error().message);
    RemoveIfSame(file.fd.get(), file.path);
    file.fd.Reset();
  }
  secret_files_.clear();
}

SecretVolume::~SecretVolume() {
  if (dir_.empty()) return;
  WipeSecretFiles();
  if (mounted_) {
    if (umount2(dir_.c_str(), MNT_DETACH) != 0)
      spdlog::error("cannot unmount {}: {}", dir_.string(), Errno());
    return;
  }
  for (auto it = written_.rbegin(); it != written_.rend(); ++it) {
    std::error_code error;
    std::filesystem::remove_all(*it, error);
  }
}

Status SecretVolume::WriteSecretFile(std::string_view name, ByteSpan content) {
  const std::filesystem::path path = dir_ / std::string(name);
  VEIL_ASSIGN_OR_RETURN(UniqueFd fd, CreateNewFile(path, 0400));
  const int raw = fd.get();
  secret_files_.push_back({path, std::move(fd)});  // from here on, wiped when the volume goes
  written_.push_back(path);
  VEIL_TRY(WriteAll(raw, content, path.string()));
  if (fchown(raw, owner_.uid, owner_.gid) != 0) {
    return Fail(Unavailable("cannot give " + path.string() + " to the workload user: " + Errno()));
  }
  return {};
}

Result<std::filesystem::path> SecretVolume::MakeDirectory(std::string_view name) {
  const std::filesystem::path path = dir_ / std::string(name);
  if (mkdir(path.c_str(), 0750) != 0)
    return Fail(Unavailable("cannot create " + path.string() + ": " + Errno()));
  written_.push_back(path);
  if (lchown(path.c_str(), owner_.uid, owner_.gid) != 0) {
    return Fail(Unavailable("cannot give " + path.string() + " to the workload user: " + Errno()));
  }
  return path;
}

Status SecretVolume::GiveToOwner(const std::filesystem::path& path) const {
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(path, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (lchown(it->path().c_str(), owner_.uid, owner_.gid) != 0) {
      return Fail(
          Unavailable("cannot give " + it->path().string() + " to the workload user: " + Errno()));
    }
  }
  if (error) return Fail(Unavailable("cannot walk " + path.string() + ": " + error.message()));
  return {};
}

}  // namespace veil::agent
