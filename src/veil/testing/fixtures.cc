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

namespace {

Bytes ReadOrAbort(const std::filesystem::path& path, const char* what) {
  auto bytes = ReadFileBytes(path);
  if (!bytes) {
    std::fprintf(stderr, "missing %s: %s\n", what, bytes.error().ToString().c_str());
    std::abort();
  }
  return std::move(*bytes);
}

}  // namespace

Bytes ReadFixture(std::string_view relative) { return ReadOrAbort(Fixture(relative), "fixture"); }

std::filesystem::path TestData(std::string_view relative) {
  return std::filesystem::path(VEIL_TEST_DATA_DIR) / relative;
}

Bytes ReadTestData(std::string_view relative) {
  return ReadOrAbort(TestData(relative), "test data");
}

}  // namespace veil::testing
