#include "veil/payload/tar/extract.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <set>
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

struct PlannedEntry {
  TarEntry entry;
  EntryPath path;
};

Error SystemError(std::string_view what, const std::string& path) {
  return Unavailable(std::string(what) + " " + QuoteName(path) + ": " +
                     std::generic_category().message(errno));
}

// A refused entry: its name, where it starts, and why.
Error Conflict(const TarEntry& entry, std::string_view why) {
  return Malformed(QuoteName(entry.name) + " at offset " + std::to_string(entry.offset) + ": " +
                   std::string(why));
}

// Records `planned` in the tree so far; refuses duplicates and file/directory clashes.
Status AddToTree(const PlannedEntry& planned, std::map<std::string, EntryType>& listed,
                 std::set<std::string>& implied) {
  const std::string key = planned.path.str();
  if (listed.contains(key))
    return Fail(Conflict(planned.entry, "duplicate entry for " + QuoteName(key)));
  if (planned.entry.type == EntryType::kFile && implied.contains(key)) {
    return Fail(Conflict(planned.entry, "a file where an earlier entry has a directory"));
  }
  std::string parent;
  for (std::size_t i = 0; i + 1 < planned.path.components.size(); ++i) {
    parent += (i == 0 ? "" : "/") + planned.path.components[i];
    const auto found = listed.find(parent);
    if (found != listed.end() && found->second == EntryType::kFile) {
      return Fail(
          Conflict(planned.entry, "its parent " + QuoteName(parent) + " is a file in the archive"));
    }
    implied.insert(parent);
  }
  listed.emplace(key, planned.entry.type);
  return {};
}

// Every entry, checked, before anything is written.
Result<std::vector<PlannedEntry>> PlanExtraction(ByteSpan archive) {
  TarReader reader(archive);
  std::vector<PlannedEntry> plan;
  std::map<std::string, EntryType> listed;
  std::set<std::string> implied;
  while (true) {
    VEIL_ASSIGN_OR_RETURN(std::optional<TarEntry> entry, reader.Next());
    if (!entry) return plan;
    auto path = ParseEntryPath(entry->name);
    if (!path) return Fail(Conflict(*entry, path.error().message));
    if (path->is_root()) {
      if (entry->type == EntryType::kDirectory) continue;  // "./": the extraction directory itself
      return Fail(Conflict(*entry, "a file cannot replace the extraction directory"));
    }
    PlannedEntry planned{std::move(*entry), std::move(*path)};
    VEIL_TRY(AddToTree(planned, listed, implied));
    plan.push_back(std::move(planned));
  }
}

// Opens (creating when missing, mode 0700 until the end) the directory `components` below `root`.
Result<UniqueFd> OpenDirectory(const UniqueFd& root, std::span<const std::string> components) {
  UniqueFd current(::dup(root.get()));
  if (current.get() < 0) return Fail(SystemError("cannot duplicate the descriptor of", "."));
  std::string walked;
  for (const std::string& component : components) {
    walked += (walked.empty() ? "" : "/") + component;
    if (::mkdirat(current.get(), component.c_str(), 0700) != 0 && errno != EEXIST) {
      return Fail(SystemError("cannot create directory", walked));
    }
    UniqueFd next(::openat(current.get(), component.c_str(),
                           O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (next.get() < 0) return Fail(SystemError("cannot open directory", walked));
    current = std::move(next);
  }
  return current;
}

Status WriteAll(const UniqueFd& file, ByteSpan data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t written = ::write(file.get(), data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return Fail(SystemError("cannot write", path));
    data = data.subspan(static_cast<std::size_t>(written));
  }
  return {};
}

Status WriteFile(const UniqueFd& root, const PlannedEntry& planned) {
  const std::vector<std::string>& components = planned.path.components;
  const std::string path = planned.path.str();
  VEIL_ASSIGN_OR_RETURN(UniqueFd parent,
                        OpenDirectory(root, std::span(components).first(components.size() - 1)));
  UniqueFd file(::openat(parent.get(), components.back().c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (file.get() < 0) return Fail(SystemError("cannot create", path));
  VEIL_TRY(WriteAll(file, planned.entry.data, path));
  if (::fchmod(file.get(), planned.entry.mode & kPermissionBits) != 0)
    return Fail(SystemError("cannot chmod", path));
  if (file.Close() != 0) return Fail(SystemError("cannot close", path));
  return {};
}

// Directories get their modes last, deepest first, so that a read-only directory is still
// writable while its contents are extracted.
Status ApplyDirectoryModes(const UniqueFd& root,
                           const std::map<std::vector<std::string>, mode_t>& modes) {
  std::vector<std::pair<std::vector<std::string>, mode_t>> ordered(modes.begin(), modes.end());
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (const auto& [components, mode] : ordered) {
    VEIL_ASSIGN_OR_RETURN(UniqueFd directory, OpenDirectory(root, components));
    if (::fchmod(directory.get(), mode) != 0)
      return Fail(SystemError("cannot chmod", EntryPath{components}.str()));
  }
  return {};
}

Status WriteTree(const UniqueFd& root, const std::vector<PlannedEntry>& plan) {
  std::map<std::vector<std::string>, mode_t> directory_modes;
  for (const PlannedEntry& planned : plan) {
    const std::vector<std::string>& components = planned.path.components;
    for (std::size_t depth = 1; depth < components.size(); ++depth) {
      directory_modes.try_emplace(
          {components.begin(), components.begin() + static_cast<std::ptrdiff_t>(depth)},
          kImpliedDirectoryMode);
    }
    if (planned.entry.type == EntryType::kDirectory) {
      VEIL_TRY(OpenDirectory(root, components));
      directory_modes[components] = planned.entry.mode & kPermissionBits;
    } else {
      VEIL_TRY(WriteFile(root, planned));
    }
  }
  return ApplyDirectoryModes(root, directory_modes);
}

Result<UniqueFd> OpenEmptyDirectory(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return Fail(InvalidArgument("extraction directory " + dir.string() + " is not a directory" +
                                (error ? " (" + error.message() + ")" : std::string())));
  }
  if (!std::filesystem::is_empty(dir, error) || error) {
    return Fail(InvalidArgument("extraction directory " + dir.string() + " is not empty"));
  }
  UniqueFd root(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (root.get() < 0)
    return Fail(SystemError("cannot open the extraction directory", dir.string()));
  return root;
}

}  // namespace

Status ExtractTar(ByteSpan archive, const std::filesystem::path& dir) {
  Status extracted = OpenEmptyDirectory(dir).and_then([&](UniqueFd root) {
    return PlanExtraction(archive).and_then(
        [&](const std::vector<PlannedEntry>& plan) { return WriteTree(root, plan); });
  });
  if (!extracted) return Fail(std::move(extracted).error().WithContext("tar"));
  return {};
}

}  // namespace veil::payload::tar
