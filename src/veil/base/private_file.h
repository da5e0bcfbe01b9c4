#pragma once
// Files and directories that hold keys, secrets and data, private from their first instant.
// A file gets its final mode in the open(2) that creates it (O_CREAT|O_EXCL|O_NOFOLLOW): nothing
// at its path — a file, a directory, a symlink, even a dangling one — is ever replaced or
// followed. A directory is made by mkdir(2) with mode 0700. The umask can only tighten these
// modes. What already exists is checked, never changed.
//
// Errors name the path and say what was expected and what was found: kInvalidArgument when what
// is at the path is not acceptable (it exists, is a symlink, has the wrong type, mode or owner),
// kNotFound when a Require* finds nothing, kUnavailable for the operating system's failures.

#include <sys/types.h>

#include <filesystem>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/base/unique_fd.h"

namespace veil {

// Creates `path`, which must not exist, with `mode` and returns it open for writing (O_CLOEXEC).
Result<UniqueFd> CreateNewFile(const std::filesystem::path& path, mode_t mode);

// CreateNewFile, then all of `content`, fsync and a checked close. When anything fails after the
// file was created, the partial file is removed: the path holds everything or nothing we wrote.
Status WriteNewFile(const std::filesystem::path& path, ByteSpan content, mode_t mode);

// `path` is a regular file (not a symlink) owned by the effective user that neither group nor
// others may access (mode 0600 at most). kNotFound when nothing is at `path`.
Status RequirePrivateFile(const std::filesystem::path& path);

// Creates `dir` and its missing parents with mode 0700. Existing components are left as they
// are, but each must be a directory.
Status MakePrivateDirectories(const std::filesystem::path& dir);

// `dir` is a directory (a symlink to one is followed) owned by the effective user that neither
// group nor others may write (mode 0755 at most). kNotFound when it does not exist.
Status RequirePrivateDirectory(const std::filesystem::path& dir);

// MakePrivateDirectories, then RequirePrivateDirectory: a new directory is 0700, an existing
// one must already be private.
Status EnsurePrivateDirectory(const std::filesystem::path& dir);

}  // namespace veil
