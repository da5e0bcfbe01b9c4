#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan, `fuzz` preset: fuzz/CMakeLists.txt) and runs
# each one, one after the other, from a scratch copy of its seed corpus fuzz/corpus/<target>/ (the
# checked-in corpus is never written). Prints runs, coverage and crashes per target, writes the
# table to build-fuzz/summary.md, keeps crash inputs in build-fuzz/crashes/, and exits 1 when any
# target crashed, leaked, timed out or ran out of memory.
#
#   scripts/fuzz.sh --minutes N       N minutes per target (the one-hour runs: --minutes 60)
#   scripts/fuzz.sh --seconds N       N seconds per target (CI smoke run); a bare N means the same
#   scripts/fuzz.sh --only NAME       only this target (repeatable; "snp_report" or
#                                     "snp_report_fuzzer"); default: every target
#   scripts/fuzz.sh --no-build        use the binaries already in build-fuzz/fuzz/
# Environment: VEIL_FUZZ_JOBS (build parallelism, default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }

seconds=60
only=()
build=1
while (($#)); do
  case $1 in
    --minutes) seconds=$((${2:?--minutes needs a number} * 60)); shift 2 ;;
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --only) only+=("${2%_fuzzer}_fuzzer"); shift 2 ;;
    --no-build) build=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *[!0-9]* | '') echo "fuzz.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    *) seconds=$1; shift ;;
  esac
done
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "fuzz.sh: the time per target must be a positive whole number of seconds" >&2
  exit 2
fi

out=build-fuzz
if ((build)); then
  cmake --preset fuzz >/dev/null
  targets=veil_fuzzers
  ((${#only[@]})) && targets="${only[*]}"
  # shellcheck disable=SC2086  # one word per target
  cmake --build --preset fuzz -j "${VEIL_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}" --target $targets
fi

if ((${#only[@]})); then
  fuzzers=("${only[@]}")
else
  fuzzers=()
  for source in fuzz/*_fuzzer.cc; do fuzzers+=("$(basename "$source" .cc)"); done
fi

# UBSan is compiled recoverable in this build; halting makes undefined behaviour a crash.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
mkdir -p "$out/crashes" "$out/logs" "$out/corpus"
summary=$out/summary.md
{
  echo "| target | seconds | runs | exec/s | cov | ft | corpus | crashes | result |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
} >"$summary"

failed=0
for name in "${fuzzers[@]}"; do
  binary=$out/fuzz/$name
  if [[ ! -x $binary ]]; then
    echo "fuzz: $name: no binary at $binary" >&2
    exit 2
  fi
  # A scratch copy: libFuzzer adds what it finds to the corpus directory it is given.
  corpus=$out/corpus/$name
  rm -rf "$corpus"
  mkdir -p "$corpus"
  [[ -d fuzz/corpus/$name ]] && cp fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
  log=$out/logs/$name.log
  touch "$out/logs/$name.start"
  echo "fuzz: $name for ${seconds}s"
  rc=0
  # libFuzzer's own limits end a run only while the process can still act: on an out-of-memory
  # report with millions of live allocations, ASan's heap profile once stopped every thread for
  # hours (and a stopped process ignores SIGTERM). A wall-clock bound with SIGKILL ends any run.
  timeout --kill-after=30 $((seconds + 300)) \
    "$binary" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$out/crashes/$name-" "$corpus" >"$log" 2>&1 || rc=$?
  if ((rc == 124 || rc == 137)); then
    echo "fuzz: $name did not end within $((seconds + 300))s; killed" | tee -a "$log"
  fi

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  corp=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  # libFuzzer's artifacts: crash-, leak-, timeout-, oom- are failures; a slow-unit- input only
  # took longer than usual once (a loaded machine can cause that) and is reported apart.
  new_artifacts() {
    find "$out/crashes" -maxdepth 1 -name "$name-$1*" -newer "$out/logs/$name.start" | wc -l
  }
  crashes=0
  for kind in crash- leak- timeout- oom-; do crashes=$((crashes + $(new_artifacts "$kind"))); done
  slow=$(new_artifacts slow-unit-)
  result=ok
  if ((rc != 0)); then
    result="FAILED (exit $rc)"
    failed=1
    tail -n 40 "$log"
    echo "fuzz: $name FAILED; input and log: $out/crashes/$name-*, $log"
  fi
  echo "fuzz: $name: ${runs:-?} runs (${rate:-?}/s), cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}," \
    "crashes ${crashes}, slow units ${slow}: $result"
  echo "| $name | $seconds | ${runs:-?} | ${rate:-?} | ${cov:-?} | ${ft:-?} | ${corp:-?} | $crashes | $result |" \
    >>"$summary"
done

echo
cat "$summary"
echo "fuzz: summary in $summary"
exit "$failed"
