#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy's check set) over Veil's own sources (src/, apps/).
#   bash scripts/check-tidy.sh         the .cc files changed since the commit named in
#                                      .ci/tidy-baseline (the last commit whose whole tree passed),
#                                      and uncommitted ones: what CI runs
#   bash scripts/check-tidy.sh --all   every .cc file (about 10 minutes on 2 idle cores); when it
#                                      passes, write `git rev-parse HEAD` into .ci/tidy-baseline
# Needs a configured build tree for compile_commands.json (default: build/, the release preset).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${VEIL_TIDY_BUILD_DIR:-build}
clang_tidy=$(command -v clang-tidy-14 || command -v clang-tidy)
if [ ! -f "$build_dir/compile_commands.json" ]; then
  echo "check-tidy: $build_dir/compile_commands.json is missing; run: cmake --preset release" >&2
  exit 2
fi

if [ "${1:-}" = "--all" ]; then
  mapfile -t files < <(git ls-files 'src/*.cc' 'apps/*.cc')
else
  baseline=$(cut -d' ' -f1 .ci/tidy-baseline 2>/dev/null || true)
  if [ -z "$baseline" ] || ! git cat-file -e "${baseline}^{commit}" 2>/dev/null; then
    echo "check-tidy: no usable baseline in .ci/tidy-baseline; checking every file" >&2
    exec bash "$0" --all
  fi
  mapfile -t files < <({ git diff --name-only --diff-filter=d "$baseline" -- 'src/*.cc' 'apps/*.cc'
                         git ls-files --others --exclude-standard 'src/*.cc' 'apps/*.cc'; } | sort -u)
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "check-tidy: no C++ source changed"
  exit 0
fi

echo "check-tidy: ${#files[@]} files"
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -n 4 "$clang_tidy" -p "$build_dir" --quiet \
    --extra-arg=-Wno-unknown-warning-option 2> >(grep -v '^[0-9]* warnings generated' >&2)
echo "check-tidy: clean"
