#include "veil/payload/tar/extract.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "veil/base/unique_fd.h"
#include "veil/payload/tar/entry_path.h"
#include "veil/payload/tar/reader.h"

namespace veil::payload::tar {
namespace {

constexpr mode_t kPermissionBits = 0777;
constexpr mode_t kImpliedDirectoryMode = 0755;  // a parent the archive does not list itself

// The archive as a tree, built in one pass: each entry costs one lookup per path component, so
// planning is linear in the archive's size (a flat set of every parent path was quadratic in the
// depth).
struct Node {
  EntryType type = EntryType::kDirectory;
  bool listed = false;  // the archive has an entry of its own for it (not only implied)
  mode_t mode = kImpliedDirectoryMode;
  ByteSpan data;                                          // a file's contents
  std::map<std::string, std::unique_ptr<Node>> children;  // a directory's, by name
};

Error SystemError(std::string_view what, const std::string& path) {
  const int error = errno;
  return Unavailable(std::string(what) + " " + QuoteName(path) + ": " +
                     std::generic_category().message(error));
}

// A refused entry: its name, where it starts, and why.
Error Conflict(const TarEntry& entry, std::string_view why) {
  return Malformed(QuoteName(entry.name) + " at offset " + std::to_string(entry.offset) + ": " +
                   std::string(why));
}

std::string Joined(const EntryPath& path, std::size_t count) {
  return EntryPath{
      {path.components.begin(), path.components.begin() + static_cast<std::ptrdiff_t>(count)}}
      .str();
}

// The directory that will hold the last component of `path`, created (implied) where missing.
Result<Node*> ParentNode(Node& root, const TarEntry& entry, const EntryPath& path) {
  Node* node = &root;
  for (std::size_t i = 0; i + 1 < path.components.size(); ++i) {
    std::unique_ptr<Node>& child = node->children[path.components[i]];
    if (!child) child = std::make_unique<Node>();
    if (child->type == EntryType::kFile) {
      return Fail(Conflict(
          entry, "its parent " + QuoteName(Joined(path, i + 1)) + " is a file in the archive"));
    }
    node = child.get();
  }
  return node;
}

// Records `entry` in the tree; refuses duplicates and file/directory clashes.
Status AddToTree(Node& root, const TarEntry& entry, const EntryPath& path) {
  VEIL_ASSIGN_OR_RETURN(Node * parent, ParentNode(root, entry, path));
  std::unique_ptr<Node>& node = parent->children[path.components.back()];
  if (node && node->listed)
    return Fail(Conflict(entry, "duplicate entry for " + QuoteName(path.str())));
  if (node && entry.type == EntryType::kFile)
    return Fail(Conflict(entry, "a file where an earlier entry has a directory"));
  if (!node) node = std::make_unique<Node>();
  node->type = entry.type;
  node->listed = true;
  node->mode = entry.mode & kPermissionBits;
  node->data = entry.data;
  return {};
}

// Every entry, checked, before anything is written.
Result<Node> PlanExtraction(ByteSpan archive) {
  TarReader reader(archive);
  Node root;
  while (true) {
    VEIL_ASSIGN_OR_RETURN(std::optional<TarEntry> entry, reader.Next());
    if (!entry) return root;
    auto path = ParseEntryPath(entry->name);
    if (!path) return Fail(Conflict(*entry, path.error().message));
    if (path->is_root()) {
      if (entry->type == EntryType::kDirectory) continue;  // "./": the extraction directory itself
      return Fail(Conflict(*entry, "a file cannot replace the extraction directory"));
    }
    VEIL_TRY(AddToTree(root, *entry, *path));
  }
}

// false with errno set when a write fails.
bool WriteAll(const UniqueFd& file, ByteSpan data) {
  while (!data.empty()) {
    const ssize_t written = ::write(file.get(), data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return false;
    if (written == 0) {
      errno = EIO;
      return false;
    }
    data = data.subspan(static_cast<std::size_t>(written));
  }
  return true;
}

// Writes a planned tree depth first. The path of an entry is put together only for an error
// message (from the names of the directories above it), so writing stays linear in the tree.
class TreeWriter {
 public:
  explicit TreeWriter(std::optional<Owner> owner) : owner_(owner) {}

  // Recursion depth is bounded by kMaxPathDepth, and so are the descriptors open at once.
  Status WriteChildren(int dir, const Node& node) {
    for (const auto& [name, child] : node.children) {
      VEIL_TRY(child->type == EntryType::kDirectory ? WriteDirectory(dir, name, *child)
                                                    : WriteFile(dir, name, *child));
    }
    return {};
  }

 private:
  Error SystemErrorAt(std::string_view what, const std::string& name) const {
    const int error = errno;  // before building the path allocates
    std::string path;
    for (const std::string* directory : trail_) path += *directory + "/";
    path += name;
    errno = error;
    return SystemError(what, path);
  }

  // Owner, then mode, through the entry's own descriptor.
  Status Finish(const UniqueFd& fd, mode_t mode, const std::string& name) const {
    if (owner_ && ::fchown(fd.get(), owner_->uid, owner_->gid) != 0)
      return Fail(SystemErrorAt("cannot give to the workload user", name));
    if (::fchmod(fd.get(), mode) != 0) return Fail(SystemErrorAt("cannot chmod", name));
    return {};
  }

  Status WriteFile(int parent, const std::string& name, const Node& node) const {
    UniqueFd file(
        ::openat(parent, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!file.valid()) return Fail(SystemErrorAt("cannot create", name));
    if (!WriteAll(file, node.data)) return Fail(SystemErrorAt("cannot write", name));
    VEIL_TRY(Finish(file, node.mode, name));
    if (file.Close() != 0) return Fail(SystemErrorAt("cannot close", name));
    return {};
  }

  // A new directory (mode 0700 while it fills), its contents, then its owner and mode: a
  // read-only directory is still writable while its contents are extracted, and no directory is
  // handed over before it is complete.
  Status WriteDirectory(int parent, const std::string& name, const Node& node) {
    if (::mkdirat(parent, name.c_str(), 0700) != 0)
      return Fail(SystemErrorAt("cannot create directory", name));
    UniqueFd dir(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir.valid()) return Fail(SystemErrorAt("cannot open directory", name));
    trail_.push_back(&name);
    Status written = WriteChildren(dir.get(), node);
    trail_.pop_back();
    VEIL_TRY(written);
    return Finish(dir, node.mode, name);
  }

  std::optional<Owner> owner_;
  std::vector<const std::string*> trail_;  // the directories above the entry being written
};

Result<UniqueFd> OpenEmptyDirectory(const std::filesystem::path& dir) {
  UniqueFd root(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!root.valid()) {
    return Fail(InvalidArgument("extraction directory " + dir.string() + " is not a directory (" +
                                std::generic_category().message(errno) + ")"));
  }
  std::error_code error;
  if (!std::filesystem::is_empty(dir, error) || error) {
    return Fail(InvalidArgument("extraction directory " + dir.string() + " is not empty"));
  }
  return root;
}

}  // namespace

Status ExtractTar(ByteSpan archive, int dir_fd, std::optional<Owner> owner) {
  Status extracted = PlanExtraction(archive).and_then(
      [&](const Node& root) { return TreeWriter(owner).WriteChildren(dir_fd, root); });
  if (!extracted) return Fail(std::move(extracted).error().WithContext("tar"));
  return {};
}

Status ExtractTar(ByteSpan archive, const std::filesystem::path& dir) {
  auto root = OpenEmptyDirectory(dir);
  if (!root) return Fail(std::move(root).error().WithContext("tar"));
  return ExtractTar(archive, root->get(), std::nullopt);
}

}  // namespace veil::payload::tar
