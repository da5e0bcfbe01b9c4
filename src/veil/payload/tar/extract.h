#pragma once
// Extraction of a workload bundle (a tar archive, as GNU tar writes it) into a directory that
// veil-agent prepared, typically a fresh tmpfs.

#include <sys/types.h>

#include <filesystem>
#include <optional>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::payload::tar {

// Who the extracted files and directories are given to.
struct Owner {
  uid_t uid;
  gid_t gid;
};

// Extracts `archive` into the directory open at `dir_fd`. The whole archive is read and checked
// before anything is written, in time linear in its size; it is refused (kMalformed or
// kUnsupported, quoting the entry and saying why) for anything TarReader refuses, a path that is
// absolute, has a ".." component, is longer than kMaxPathSize or deeper than kMaxPathDepth
// (entry_path.h), a duplicate entry, and a file that an earlier or later entry uses as a
// directory.
//
// Every write goes through descriptors: each directory is made with mkdirat and opened with
// O_NOFOLLOW | O_DIRECTORY below its parent's descriptor, each file created with O_EXCL |
// O_NOFOLLOW in its directory's descriptor, so nothing outside `dir_fd` is created, written,
// chmod-ed or chown-ed, even if a name inside is swapped for a symlink meanwhile. Permission bits
// (mode & 0777) are restored with fchmod, a directory's once its contents are complete;
// setuid, setgid and sticky bits, owners and times are not. With `owner`, every entry below
// `dir_fd` is given to it with fchown (a directory after its contents); `dir_fd` itself is left
// to the caller, to hand over once the tree is complete. kUnavailable when writing fails, in
// which case the directory holds a partial tree to be discarded.
Status ExtractTar(ByteSpan archive, int dir_fd, std::optional<Owner> owner);

// The same into `dir`, which must exist, be a directory (not a symlink) and be empty
// (kInvalidArgument otherwise); ownership is not changed.
Status ExtractTar(ByteSpan archive, const std::filesystem::path& dir);

}  // namespace veil::payload::tar
