#pragma once
// Paths to the real hardware evidence in shared/fixtures (set by CMake as VEIL_FIXTURES_DIR), and
// to the project's own test data in tests/data (derived from those fixtures; its README says how).

#include <filesystem>
#include <string_view>

#include "veil/base/bytes.h"

namespace veil::testing {

std::filesystem::path FixturesDir();
std::filesystem::path Fixture(std::string_view relative);
// Reads a fixture; aborts the test binary with a clear message when it is missing.
Bytes ReadFixture(std::string_view relative);

std::filesystem::path TestData(std::string_view relative);
// Reads a file from tests/data; aborts the test binary with a clear message when it is missing.
Bytes ReadTestData(std::string_view relative);

}  // namespace veil::testing
