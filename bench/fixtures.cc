#include "bench/fixtures.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "veil/base/file.h"
#include "veil/base/rfc3339.h"

namespace veil::bench {

Bytes ReadFixture(std::string_view relative) {
  const std::filesystem::path path = std::filesystem::path(VEIL_FIXTURES_DIR) / relative;
  auto bytes = ReadFileBytes(path);
  if (!bytes) {
    std::fprintf(stderr, "veil-bench: cannot read fixture %s: %s\n", path.c_str(),
                 bytes.error().ToString().c_str());
    std::exit(2);
  }
  return *std::move(bytes);
}

TimePoint AppraisalTime() { return ParseRfc3339("2026-11-23T00:00:00Z").value(); }

}  // namespace veil::bench
