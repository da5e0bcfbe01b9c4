#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, `fuzz` preset) and runs each for N seconds (default 60),
# seeded with the real evidence in ../shared/fixtures. Crashes are kept in build-fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
fixtures=${VEIL_FIXTURES_DIR:-../shared/fixtures}

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc 2>/dev/null || echo 2)" --target veil_fuzzers

declare -A seeds=(
  [snp_report_fuzzer]="$fixtures/snp"
  [tpm_attest_fuzzer]="$fixtures/tpm"
  [tpm_public_fuzzer]="$fixtures/tpm"
  [sample_evidence_fuzzer]="$fixtures/coco"
)
mkdir -p build-fuzz/crashes
for fuzzer in build-fuzz/fuzz/*_fuzzer; do
  name=$(basename "$fuzzer")
  corpus="build-fuzz/corpus/$name"
  mkdir -p "$corpus"
  seed_dir=${seeds[$name]:-}
  echo "fuzz: $name for ${seconds}s"
  log="build-fuzz/$name.log"
  if ! "$fuzzer" -max_total_time="$seconds" -artifact_prefix="build-fuzz/crashes/$name-" \
      "$corpus" ${seed_dir:+"$seed_dir"} >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz: $name FAILED (artifacts in build-fuzz/crashes/)"
    exit 1
  fi
  grep -E '^Done [0-9]+ runs' "$log" || tail -n 2 "$log"
done
