#pragma once
// Reading and writing configfs attribute files. Unlike ReadFileBytes (base/file.h) these do not
// trust stat(2): configfs reports no size for binary attributes, and outblob blocks until the TEE
// answers. Errors name the file; they have context "configfs-tsm".

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::agent::tsm {

// The whole attribute. kUnavailable when it cannot be opened or read (ENOENT included);
// kMalformed when it holds more than `max_size` bytes (it stops reading there).
Result<Bytes> ReadAttribute(const std::filesystem::path& path, std::size_t max_size);

// Writes all of `bytes` and closes the file, which is where configfs applies the write.
// kUnavailable on any failure.
Status WriteAttribute(const std::filesystem::path& path, ByteSpan bytes);

// A text attribute ("sev_guest\n") without its trailing newline; at most 256 bytes.
Result<std::string> ReadTextAttribute(const std::filesystem::path& path);

// A decimal counter attribute ("1\n"); kMalformed when it is not one.
Result<std::uint64_t> ReadCounterAttribute(const std::filesystem::path& path);

}  // namespace veil::agent::tsm
