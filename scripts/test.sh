#!/usr/bin/env bash
# Installs what is missing, checks formatting, builds, runs clang-tidy over changed sources, and
# runs every test: the release build (unit + integration tests, real fixtures, real swtpm), the
# unit tests again under AddressSanitizer+UBSan, and a short libFuzzer smoke run of every parser.
# Exits non-zero on the first failure; prints the total time at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${VEIL_FUZZ_SECONDS:-5}

# Each step is announced with the time spent so far, so CI's 30-minute budget stays visible.
step() { printf '\n\033[1;34m==> %s\033[0m (at %dm%02ds)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

step "Installing missing Debian packages"
bash scripts/setup.sh

step "Formatting (clang-format)"
bash scripts/check-format.sh

step "Release build"
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"

step "Static analysis of changed sources (clang-tidy; --all: bash scripts/check-tidy.sh --all)"
bash scripts/check-tidy.sh

step "Unit and integration tests (release)"
ctest --preset release -j "$jobs"

step "AddressSanitizer + UBSan build"
cmake --preset asan-ubsan >/dev/null
cmake --build --preset asan-ubsan -j "$jobs" --target veil_unit_tests

step "Unit tests under AddressSanitizer + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan-ubsan -j "$jobs"

# The fuzz smoke run (a clang build of the parsers plus ${fuzz_seconds}s for each of ~30 targets)
# needs about 5 minutes; it runs only when that still fits CI's 30-minute budget.
# `bash scripts/fuzz.sh --minutes N` runs the fuzzers any time (`--help`).
budget=${VEIL_TEST_BUDGET_SECONDS:-1800}
if (( SECONDS + 360 <= budget )); then
  step "Fuzz smoke run (${fuzz_seconds}s per parser)"
  bash scripts/fuzz.sh --seconds "$fuzz_seconds"
else
  step "Fuzz smoke run skipped: it would not fit the ${budget}s budget (run: bash scripts/fuzz.sh)"
fi

printf '\n\033[1;32mAll tests passed in %dm%02ds.\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60))
