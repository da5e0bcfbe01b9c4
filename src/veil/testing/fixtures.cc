#include "veil/testing/fixtures.h"

#include <cstdio>
#include <cstdlib>

#include "veil/base/file.h"

namespace veil::testing {

std::filesystem::path FixturesDir() {
  if (const char* override_dir = std::getenv("VEIL_FIXTURES_DIR")) return override_dir;
#ifdef VEIL_FIXTURES_DIR
  return VEIL_FIXTURES_DIR;
#else
  return "../shared/fixtures";
#endif
}

std::filesystem::path Fixture(std::string_view relative) { return FixturesDir() / relative; }

Bytes ReadFixture(std::string_view relative) {
  auto bytes = ReadFileBytes(Fixture(relative));
  if (!bytes) {
    std::fprintf(stderr, "missing fixture: %s\n", bytes.error().ToString().c_str());
    std::abort();
  }
  return std::move(*bytes);
}

}  // namespace veil::testing
