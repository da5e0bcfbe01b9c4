#pragma once
// Whole-file reads with errors that name the file (kUnavailable when it cannot be read).

#include <filesystem>
#include <string>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil {

// Refuses files larger than `max_size` bytes (default 64 MiB) before reading them.
Result<Bytes> ReadFileBytes(const std::filesystem::path& path, std::size_t max_size = 64u << 20);
Result<std::string> ReadFileText(const std::filesystem::path& path,
                                 std::size_t max_size = 64u << 20);

}  // namespace veil
