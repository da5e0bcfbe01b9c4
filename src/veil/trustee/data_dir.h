#pragma once
// The trustee's data directory and the files it keeps there:
//   trustee.db, trustee.db-wal, trustee.db-shm   the SQLite store (store/sqlite)
//   token-signing-key.pem, key-encryption-key    its two keys (data_dir_keys.h)
//   trustee.lock                                  held by the running trustee (data_dir_lock.h)
// All of it is the trustee user's alone. A missing directory is created 0700 (parents too); an
// existing one must belong to the user the trustee runs as and be writable by nobody else, and
// each of those files that exists must be a regular file that group and others cannot access —
// otherwise the trustee refuses to start, saying which chmod to run. SQLite gives its -wal and
// -shm files the database's own mode, so a private database keeps them private.

#include <array>
#include <filesystem>
#include <string_view>

#include "veil/base/result.h"

namespace veil::trustee {

inline constexpr std::string_view kSigningKeyFile = "token-signing-key.pem";
inline constexpr std::string_view kKeyEncryptionKeyFile = "key-encryption-key";

// The files of `dir` that must be private (whether they exist yet or not).
std::array<std::filesystem::path, 5> PrivateDataFiles(const std::filesystem::path& dir);

// kInvalidArgument, naming the path, the expected and the found mode or owner, when `dir` or a
// file in it is not private; kUnavailable when the directory cannot be created or inspected.
Status EnsureDataDir(const std::filesystem::path& dir);

}  // namespace veil::trustee
