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

#include "veil/agent/data_hub/remove_tree.h"
#include "veil/base/private_file.h"

namespace veil::agent {
namespace {

std::string Errno() { return std::strerror(errno); }

Result<UniqueFd> OpenDirectory(const std::filesystem::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) return Fail(Unavailable("cannot open " + dir.string() + ": " + Errno()));
  return fd;
}

bool IsMemoryFilesystem(int dir_fd) {
  struct statfs info {};
  if (fstatfs(dir_fd, &info) != 0) return false;
  return info.f_type == TMPFS_MAGIC || info.f_type == RAMFS_MAGIC;
}

// A provided directory must be the agent's alone: a real directory (opened with O_NOFOLLOW) owned
// by root or the agent, writable by nobody else — otherwise another user could swap what the
// agent writes.
Status RequirePrivateDirectory(int dir_fd, const std::filesystem::path& dir) {
  struct stat info {};
  if (fstat(dir_fd, &info) != 0)
    return Fail(Unavailable("cannot inspect " + dir.string() + ": " + Errno()));
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

// Removes `name` only while it still names the file behind `fd` (the workload may have replaced
// it).
void RemoveIfSame(int dir_fd, int fd, const std::string& name) {
  struct stat open_file {};
  struct stat named {};
  if (fstat(fd, &open_file) != 0 || fstatat(dir_fd, name.c_str(), &named, AT_SYMLINK_NOFOLLOW) != 0)
    return;
  if (open_file.st_dev == named.st_dev && open_file.st_ino == named.st_ino)
    unlinkat(dir_fd, name.c_str(), 0);
}

// A regular file an earlier run left (a secret, perhaps) is overwritten before it goes; as root
// the agent opens even a 0400 file for writing. Best effort: removal follows either way.
void WipeIfFile(int dir_fd, const std::filesystem::path& dir, const std::string& name) {
  UniqueFd fd(
      openat(dir_fd, name.c_str(), O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  struct stat info {};
  if (!fd.valid() || fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) return;
  if (auto wiped = Overwrite(fd.get(), dir / name); !wiped)
    spdlog::error("{}", wiped.error().message);
}

// What a run that did not finish recorded in the journal, wiped and removed by descriptor.
Status RemoveStale(int dir_fd, const std::filesystem::path& dir, EntryJournal& journal) {
  if (journal.stale().empty()) return {};
  std::string names;
  for (const std::string& name : journal.stale()) {
    WipeIfFile(dir_fd, dir, name);
    if (auto removed = RemoveTree(dir_fd, name, (dir / name).string()); !removed) {
      return Fail(Unavailable(
          "an earlier veil-agent run that did not finish left " + (dir / name).string() +
          " (recorded in " + (dir / std::string(kJournalName)).string() +
          "), and it cannot be removed: " + removed.error().message + "; remove both by hand"));
    }
    names += (names.empty() ? "" : ", ") + name;
  }
  spdlog::warn("removed what an earlier veil-agent run that did not finish left in {}: {}",
               dir.string(), names);
  return journal.ClearStale();
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
                                        const WorkloadUser& owner, VolumeMode mode) {
  // The mount point, when missing, is made 0700: it never exposes anything, mounted or not.
  if (auto made = MakePrivateDirectories(dir); !made)
    return Fail(std::move(made).error().WithContext("secrets directory"));
  std::string why = "mounting was not asked for";
  if (mode == VolumeMode::kMountOrExisting) {
    const std::string options = "size=" + std::to_string(size_bytes) +
                                ",mode=0750,uid=" + std::to_string(owner.uid) +
                                ",gid=" + std::to_string(owner.gid);
    if (mount("veil-secrets", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0) {
      auto fd = OpenDirectory(dir);
      if (!fd) {
        umount2(dir.c_str(), MNT_DETACH);
        return Fail(std::move(fd).error());
      }
      return SecretVolume(dir, std::move(*fd), true, owner, std::nullopt);
    }
    why = Errno();
  }
  VEIL_ASSIGN_OR_RETURN(UniqueFd fd, OpenDirectory(dir));
  if (!IsMemoryFilesystem(fd.get())) {
    return Fail(
        Unavailable("cannot mount a tmpfs at " + dir.string() + " (" + why +
                    ") and it is not on tmpfs; secrets must never reach a persistent disk"));
  }
  VEIL_TRY(RequirePrivateDirectory(fd.get(), dir));
  spdlog::warn("cannot mount a tmpfs at {} ({}); using the tmpfs it is already on", dir.string(),
               why);
  VEIL_ASSIGN_OR_RETURN(EntryJournal journal, EntryJournal::Open(fd.get(), dir.string()));
  VEIL_TRY(RemoveStale(fd.get(), dir, journal));
  return SecretVolume(dir, std::move(fd), false, owner, std::move(journal));
}

SecretVolume::SecretVolume(SecretVolume&& other) noexcept
    : dir_(std::move(other.dir_)),
      dir_fd_(std::move(other.dir_fd_)),
      mounted_(other.mounted_),
      owner_(std::move(other.owner_)),
      journal_(std::move(other.journal_)),
      written_(std::move(other.written_)),
      secret_files_(std::move(other.secret_files_)) {
  other.dir_.clear();
}

void SecretVolume::WipeSecretFiles() {
  for (SecretFile& file : secret_files_) {
    if (auto wiped = Overwrite(file.fd.get(), dir_ / file.name); !wiped)
      spdlog::error("{}", wiped.error().message);
    RemoveIfSame(dir_fd_.get(), file.fd.get(), file.name);
    file.fd.Reset();
  }
  secret_files_.clear();
}

// Fallback mode: everything written, newest first; every failure is logged, the first returned.
Status SecretVolume::RemoveWritten() {
  Status first;
  for (auto it = written_.rbegin(); it != written_.rend(); ++it) {
    Status removed = RemoveTree(dir_fd_.get(), *it, (dir_ / *it).string());
    if (!removed) {
      spdlog::error("{}", removed.error().message);
      if (first) first = std::move(removed);
    }
  }
  written_.clear();
  if (first && journal_) first = journal_->Remove();
  return first;
}

Status SecretVolume::Cleanup() {
  if (dir_.empty()) return {};
  WipeSecretFiles();
  Status cleaned;
  if (mounted_) {
    if (umount2(dir_.c_str(), MNT_DETACH) != 0)
      cleaned = Fail(Unavailable("cannot unmount " + dir_.string() + ": " + Errno()));
  } else {
    cleaned = RemoveWritten();
  }
  dir_fd_.Reset();
  dir_.clear();
  return cleaned;
}

SecretVolume::~SecretVolume() {
  if (auto cleaned = Cleanup(); !cleaned) spdlog::error("{}", cleaned.error().message);
}

Status SecretVolume::Record(std::string_view name) {
  if (!IsPlainName(name)) {
    return Fail(InvalidArgument("\"" + std::string(name) + "\" is not a plain file name in " +
                                dir_.string()));
  }
  if (journal_) VEIL_TRY(journal_->Record(name));
  return {};
}

// `why` creating the last recorded name failed: it is not ours, so it is never removed.
Error SecretVolume::Unrecord(const std::string& why) {
  if (journal_) {
    if (auto dropped = journal_->DropLast(); !dropped)
      return Unavailable(why + "; " + dropped.error().message);
  }
  return Unavailable(why);
}

Status SecretVolume::WriteSecretFile(std::string_view name, ByteSpan content) {
  VEIL_TRY(Record(name));
  const std::filesystem::path path = dir_ / std::string(name);
  UniqueFd fd(openat(dir_fd_.get(), std::string(name).c_str(),
                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0400));
  if (!fd.valid()) return Fail(Unrecord("cannot create " + path.string() + ": " + Errno()));
  written_.emplace_back(name);
  const int raw = fd.get();
  secret_files_.push_back(
      {std::string(name), std::move(fd)});  // from here on, wiped when the volume goes
  VEIL_TRY(WriteAll(raw, content, path.string()));
  if (fchown(raw, owner_.uid, owner_.gid) != 0) {
    return Fail(Unavailable("cannot give " + path.string() + " to the workload user: " + Errno()));
  }
  return {};
}

// A name replaced again and again is recorded (and removed) once. The name is recorded before it
// exists, as for every entry; removing a name that never came to be is not an error.
Status SecretVolume::RecordOnce(const std::string& name) {
  if (std::find(written_.begin(), written_.end(), name) != written_.end()) return {};
  VEIL_TRY(Record(name));
  written_.push_back(name);
  return {};
}

Status SecretVolume::ReplaceFile(std::string_view name, ByteSpan content) {
  const std::string final_name(name);
  const std::string temporary = final_name + ".veil-new";
  const std::filesystem::path path = dir_ / final_name;
  // The first write, like WriteSecretFile's, never takes over a name someone else made.
  struct stat existing {};
  if (std::find(written_.begin(), written_.end(), final_name) == written_.end() &&
      fstatat(dir_fd_.get(), final_name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0) {
    return Fail(Unavailable("cannot create " + path.string() + ": it exists already"));
  }
  VEIL_TRY(RecordOnce(final_name));
  VEIL_TRY(RecordOnce(temporary));
  // The workload owns the directory and may have left anything under the temporary name.
  if (unlinkat(dir_fd_.get(), temporary.c_str(), 0) != 0 && errno != ENOENT)
    return Fail(Unavailable("cannot remove " + (dir_ / temporary).string() + ": " + Errno()));
  UniqueFd fd(openat(dir_fd_.get(), temporary.c_str(),
                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0400));
  if (!fd.valid())
    return Fail(Unavailable("cannot create " + (dir_ / temporary).string() + ": " + Errno()));
  VEIL_TRY(WriteAll(fd.get(), content, path.string()));
  if (fchown(fd.get(), owner_.uid, owner_.gid) != 0) {
    return Fail(Unavailable("cannot give " + path.string() + " to the workload user: " + Errno()));
  }
  if (renameat(dir_fd_.get(), temporary.c_str(), dir_fd_.get(), final_name.c_str()) != 0)
    return Fail(Unavailable("cannot replace " + path.string() + ": " + Errno()));
  return {};
}

Result<NewDirectory> SecretVolume::MakeDirectory(std::string_view name) {
  VEIL_TRY(Record(name));
  const std::filesystem::path path = dir_ / std::string(name);
  if (mkdirat(dir_fd_.get(), std::string(name).c_str(), 0700) != 0)
    return Fail(Unrecord("cannot create " + path.string() + ": " + Errno()));
  written_.emplace_back(name);
  UniqueFd fd(openat(dir_fd_.get(), std::string(name).c_str(),
                     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) return Fail(Unavailable("cannot open " + path.string() + ": " + Errno()));
  return NewDirectory{path, std::move(fd)};
}

Status SecretVolume::HandOver(const NewDirectory& directory) const {
  if (fchown(directory.fd.get(), owner_.uid, owner_.gid) != 0 ||
      fchmod(directory.fd.get(), 0750) != 0) {
    return Fail(Unavailable("cannot give " + directory.path.string() +
                            " to the workload user: " + Errno()));
  }
  return {};
}

}  // namespace veil::agent
