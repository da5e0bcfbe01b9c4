# Compile options shared by every Veil target, and helpers that give each concept one target.

add_library(veil_options INTERFACE)
target_compile_options(veil_options INTERFACE
  -Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -Wsign-conversion -Wformat=2
  -Wimplicit-fallthrough -Wnon-virtual-dtor
  # GCC 12's flow-based warnings report false positives inside libstdc++ (std::string,
  # std::optional, std::vector::insert/push_back) at -O2/-O3: -Wrestrict (GCC bug 105329),
  # -Wstringop-overflow and -Wstringop-overread (bug 106199: vector<uint8_t>(n).insert(end, ...)
  # at -O2), -Warray-bounds (bug 107852), -Wmaybe-uninitialized.
  # They stay on for clang (the fuzz build), and -Wuninitialized stays on everywhere.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict -Wno-maybe-uninitialized -Wno-stringop-overflow -Wno-stringop-overread
                           -Wno-array-bounds>)
target_compile_definitions(veil_options INTERFACE
  OPENSSL_API_COMPAT=30000 OPENSSL_NO_DEPRECATED
  $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
if(VEIL_SANITIZE)
  target_compile_options(veil_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(veil_options INTERFACE -fsanitize=address,undefined)
endif()

if(VEIL_BUILD_FUZZERS)
  # Coverage instrumentation for libFuzzer in every library the fuzz targets link.
  target_compile_options(veil_options INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(veil_options INTERFACE -fsanitize=address,undefined)
endif()

# veil_library(NAME <name> SOURCES ... DEPS ...) -> static library veil_<name>, alias veil::<name>.
function(veil_library)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_library(veil_${ARG_NAME} STATIC ${ARG_SOURCES})
  add_library(veil::${ARG_NAME} ALIAS veil_${ARG_NAME})
  target_include_directories(veil_${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(veil_${ARG_NAME} PUBLIC ${ARG_DEPS} PRIVATE veil_options)
endfunction()

# All unit-test binaries (tests without the `integration` label), so the sanitizer build can
# compile just them: `cmake --build --preset asan-ubsan --target veil_unit_tests`.
add_custom_target(veil_unit_tests)

# The headers every test parses (GoogleTest, nlohmann/json and the standard library), compiled once
# and reused by each test target: they are most of a test file's compile time.
if(VEIL_BUILD_TESTS)
  find_package(GTest REQUIRED)
  add_library(veil_test_pch OBJECT ${PROJECT_SOURCE_DIR}/cmake/test_pch.cc)
  target_link_libraries(veil_test_pch PRIVATE GTest::gtest nlohmann_json::nlohmann_json veil_options)
  target_precompile_headers(veil_test_pch PRIVATE
    <gtest/gtest.h> <nlohmann/json.hpp> <string> <vector> <map> <optional> <filesystem> <chrono>)
endif()

# veil_test(NAME <name> SOURCES ... DEPS ... [LABELS integration] [PROPERTIES <name> <value> ...])
# -> one GoogleTest binary per concept, registered with ctest; tests without a label are labelled
# `unit`. PROPERTIES (ctest test properties) are set on every test found in the binary.
function(veil_test)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS;LABELS;PROPERTIES" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  if(ARG_LABELS STREQUAL "unit")
    add_dependencies(veil_unit_tests ${ARG_NAME})
  endif()
  set_target_properties(${ARG_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main veil_options)
  target_precompile_headers(${ARG_NAME} REUSE_FROM veil_test_pch)
  target_compile_definitions(${ARG_NAME} PRIVATE
    VEIL_FIXTURES_DIR="${VEIL_FIXTURES_DIR}" VEIL_BINARY_DIR="${CMAKE_BINARY_DIR}")
  gtest_discover_tests(${ARG_NAME} DISCOVERY_TIMEOUT 60 NO_PRETTY_VALUES PROPERTIES LABELS "${ARG_LABELS}" ${ARG_PROPERTIES})
endfunction()
