#pragma once
// Whole-file reads with errors that name the file (kUnavailable when it cannot be read).
//
// A file is opened once and read through that one descriptor: what is checked (a regular file,
// its size) is what is read, and at most `max_size` bytes are ever read, so a file swapped or
// growing after the check, or a /proc file whose size says 0, cannot make the reader allocate
// more. No exception escapes.

#include <filesystem>
#include <string>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil {

// The whole of the regular file `path` (a symlink to one is followed). kInvalidArgument when it
// is not a regular file, or holds more than `max_size` bytes (default 64 MiB) — checked with
// fstat before reading and again while reading; kUnavailable when it cannot be opened or read.
Result<Bytes> ReadFileBytes(const std::filesystem::path& path, std::size_t max_size = 64u << 20);
Result<std::string> ReadFileText(const std::filesystem::path& path,
                                 std::size_t max_size = 64u << 20);

}  // namespace veil
