#!/usr/bin/env bash
# Runs the README's quickstarts exactly as written, so that they cannot drift from what works.
#
#   bash scripts/readme-quickstarts.sh [--bin DIR] [--readme FILE] [NAME...]
#
# Each fenced ```sh block that follows a `<!-- quickstart: NAME -->` line in README.md is run with
# `bash -euo pipefail` in a fresh temporary directory (mode 0700, like `mktemp -d` makes it), with
# DIR (default build/bin) first on PATH, then run a second time in the same directory: the README
# promises that a snippet can be repeated. After each run it checks the snippet's outcome, that it
# stopped every process it started, and that the source tree is unchanged. NAMEs (default: every
# quickstart) choose which to run; each must have a check below, and every check a snippet.
#
# Nothing is skipped: a missing binary or tool, a missing snippet, or (for the agent) not being
# root is a failure that says what is missing. Processes a failed snippet left behind (found by
# their working directory or command line inside its directory) are stopped. Exit status 0 when
# every snippet ran and did what the README says, 1 otherwise, 2 for a usage error.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/bin"
readme="$root/README.md"
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$(cd "${2:?--bin needs a directory}" && pwd) || exit 2; shift 2 ;;
    --readme) readme=${2:?--readme needs a file}; shift 2 ;;
    -h | --help) sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
    -*) echo "readme-quickstarts: unknown option $1 (--help)" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done

failures=0
fail() { printf 'readme-quickstarts: FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
die() { printf 'readme-quickstarts: %s\n' "$*" >&2; exit 1; }

# What each quickstart must show in its output (stdout and stderr together), as the README says.
declare -A expected=(
  [trustee]='stored the secret prod/key/db'
  [agent]='run.sh got the secret: the database password'
)
# A command run in the snippet's directory afterwards (with DIR on PATH) that must succeed too.
declare -A afterwards=(
  [trustee]='veil audit verify --data-dir veil-data | grep -q "resource.put prod/key/db"'
  [agent]='veil audit verify --data-dir veil-data | grep -q "resource.release prod/key/db"'
)
# What each one needs beyond bash and coreutils.
declare -A tools=(
  [trustee]='veil veil-trustee grep sed seq'
  [agent]='veil veil-trustee veil-agent swtpm tpm2_shutdown tar grep sed seq'
)

[ -f "$readme" ] || die "no README at $readme"
# The block after the marker: from the next line opening a ```sh fence to the closing ``` line.
snippet() {
  awk -v marker="<!-- quickstart: $1 -->" '
    $0 == marker { found = 1; next }
    found == 1 && /^```sh[[:space:]]*$/ { found = 2; next }
    found == 1 && NF > 0 { exit }  # only blank lines may separate the marker from its fence
    found == 2 && /^```[[:space:]]*$/ { exit }
    found == 2 { print }' "$readme"
}
# The heading above the marker, e.g. "### veil-trustee in six lines".
heading() {
  awk -v marker="<!-- quickstart: $1 -->" '/^#/ { last = $0 } $0 == marker { print last; exit }' \
    "$readme"
}
number() {  # "six" or "6" -> 6
  local words=(zero one two three four five six seven eight nine ten eleven twelve) i
  if [[ $1 =~ ^[0-9]+$ ]]; then echo "$1"; return; fi
  for i in "${!words[@]}"; do
    if [ "${words[$i]}" = "${1,,}" ]; then echo "$i"; return; fi
  done
  echo "?"
}

mapfile -t marked < <(sed -n 's/^<!-- quickstart: \([a-z0-9_-]*\) -->$/\1/p' "$readme")
if [ ${#names[@]} -eq 0 ]; then names=("${marked[@]}"); fi
for name in "${!expected[@]}"; do
  printf '%s\n' "${marked[@]}" | grep -qx "$name" ||
    fail "README.md has no \"<!-- quickstart: $name -->\" snippet, which this script checks"
done
for name in "${marked[@]}"; do
  [ -n "${expected[$name]:-}" ] ||
    fail "README.md's quickstart \"$name\" has no check in $0; add one to \"expected\""
done

# Pids of live processes whose working directory or command line lies inside directory $1 (one
# find and one grep over /proc: a loop of readlinks would take seconds on a busy machine).
processes_in() {
  local pid
  {
    find /proc/[0-9]*/cwd -maxdepth 0 \( -lname "$1" -o -lname "$1/*" \) 2>/dev/null
    grep -alF -- "$1" /proc/[0-9]*/cmdline 2>/dev/null
  } | sed -n 's|^/proc/\([0-9]*\)/.*|\1|p' | sort -u | while read -r pid; do
    # Not this script, and not the grep above (its own command line names $1), which has exited.
    if [ "$pid" != $$ ] && [ -d "/proc/$pid" ]; then echo "$pid"; fi
  done
}
# Waits up to 5 s for the processes inside $1 to exit (swtpm takes a moment after SIGTERM); prints
# those still running.
gone_or_listed() {
  local left
  for _ in $(seq 50); do
    left=$(processes_in "$1" | tr '\n' ' ')
    [ -n "$left" ] || return 0
    sleep 0.1
  done
  echo "$left"
}
stop_processes_in() {
  local pids
  mapfile -t pids < <(processes_in "$1")
  if [ ${#pids[@]} -gt 0 ]; then kill "${pids[@]}" 2>/dev/null || true; fi
}

tree_state() { git -C "$root" status --porcelain --untracked-files=all 2>/dev/null; }
command -v git >/dev/null || die "git is not on PATH (scripts/setup.sh installs it)"
tree_before=$(tree_state)

run_quickstart() {
  local name=$1 code work run out status line_count title declared missing=() tool leftover
  local failures_before=$failures
  code=$(snippet "$name")
  if [ -z "$code" ]; then
    fail "$name: no \`\`\`sh block follows \"<!-- quickstart: $name -->\" in README.md"
    return
  fi
  # The heading's "in N lines" is a promise too.
  title=$(heading "$name")
  line_count=$(printf '%s\n' "$code" | wc -l)
  if [[ $title =~ \ in\ ([A-Za-z0-9]+)\ lines ]]; then
    declared=$(number "${BASH_REMATCH[1]}")
    [ "$declared" = "$line_count" ] ||
      fail "$name: the heading \"$title\" says ${BASH_REMATCH[1]} lines; the snippet has $line_count"
  fi
  for tool in ${tools[$name]}; do
    PATH="$bin:$PATH" command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    fail "$name: not found in $bin or on PATH: ${missing[*]} (build the release preset; scripts/setup.sh installs the tools)"
    return
  fi
  if [ "$name" = agent ] && [ "$(id -u)" -ne 0 ]; then
    fail "agent: the README runs this quickstart as root (the agent mounts a tmpfs and runs the workload under a uid of its own); run this script as root"
    return
  fi

  work=$(mktemp -d "${TMPDIR:-/tmp}/veil-quickstart-$name.XXXXXX") || die "mktemp -d failed"
  printf '%s\n' "$code" >"$work.sh"
  for run in 1 2; do
    out="$work.run$run.log"
    printf '==> quickstart %s, run %d, in %s\n' "$name" "$run" "$work"
    status=0
    (cd "$work" && PATH="$bin:$PATH" timeout 180 bash -euo pipefail "$work.sh") >"$out" 2>&1 ||
      status=$?
    if [ "$status" -eq 0 ]; then
      leftover=$(gone_or_listed "$work")
    else
      leftover=$(processes_in "$work" | tr '\n' ' ')  # a failed snippet never got to stop them
    fi
    if [ "$status" -ne 0 ]; then
      fail "$name (run $run): exited with status $status; its output:"
      sed 's/^/    /' "$out" >&2
    elif ! grep -qF -- "${expected[$name]}" "$out"; then
      fail "$name (run $run): its output lacks \"${expected[$name]}\"; its output:"
      sed 's/^/    /' "$out" >&2
    elif ! (cd "$work" && PATH="$bin:$PATH" bash -euo pipefail -c "${afterwards[$name]}") \
      >>"$out" 2>&1; then
      fail "$name (run $run): afterwards, \`${afterwards[$name]}\` failed; its output:"
      sed 's/^/    /' "$out" >&2
    elif [ -n "$leftover" ]; then
      fail "$name (run $run): left processes running: $leftover"
    else
      printf '    ok: %s\n' "${expected[$name]}"
    fi
    if [ -n "$leftover" ]; then
      stop_processes_in "$work"
      [ -z "$(gone_or_listed "$work")" ] || fail "$name: could not stop: $(processes_in "$work")"
    fi
    # Logs the snippet wrote, for a failure's reader.
    if [ "$failures" -gt "$failures_before" ]; then
      for log in "$work"/*.log; do
        [ -s "$log" ] || continue
        printf -- '--- the last lines of %s ---\n' "$log" >&2
        tail -n 15 "$log" >&2
      done
      break
    fi
  done
  if [ "$failures" -eq "$failures_before" ]; then
    rm -rf "$work" "$work".*
  else
    echo "readme-quickstarts: kept $work (and $work.sh, the snippet as run)" >&2
  fi
}

for name in "${names[@]}"; do
  if [ -z "${expected[$name]:-}" ]; then
    fail "no quickstart check named \"$name\" (known: ${!expected[*]})"
    continue
  fi
  run_quickstart "$name"
done

[ "$(tree_state)" = "$tree_before" ] ||
  fail "the source tree changed while the quickstarts ran: $(diff <(echo "$tree_before") <(tree_state) | tail -n 5)"

if [ "$failures" -gt 0 ]; then
  echo "readme-quickstarts: $failures failure(s)" >&2
  exit 1
fi
echo "readme-quickstarts: ${names[*]}: ran as README.md says, twice each"
