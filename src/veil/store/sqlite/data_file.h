#pragma once
// The database file is private to the trustee: missing parent directories are created with
// mode 0700 and a missing file with mode 0600 (base/private_file.h; the umask can only tighten
// these). Existing directories and files keep their mode: whether they are private enough is the
// owner's decision (veil-trustee refuses open ones, trustee/data_dir.h). SQLite gives its -wal and
// -shm files the database file's mode.

#include <filesystem>

#include "veil/base/result.h"

namespace veil::store::sqlite {

// kUnavailable, with the operating system's reason, when a directory or the file cannot be created
// or the file is a symlink; kInvalidArgument when a path component exists but is not a directory.
Status EnsurePrivateFile(const std::filesystem::path& file);

}  // namespace veil::store::sqlite
