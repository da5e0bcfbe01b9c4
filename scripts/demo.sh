#!/usr/bin/env bash
# The main job, end to end on this machine: install what is missing, build, then run Veil's whole
# story with a real (software) TPM — an owner's trustee, an agent on a TPM-equipped node, an
# encrypted workload that only runs, and only sees its secret, after the trustee has appraised the
# node's TPM quote; then the same workload with one byte changed, refused with the exact reason.
#
# Environment (all optional):
#   VEIL_DEMO_TPM_PORT=P      first choice for swtpm's ports: P (TPM) and P + 1 (control). When
#                             either is taken, the kernel picks a free pair instead. Default: the
#                             kernel picks. (`tpm_port=P` is the older name and still works.)
#   VEIL_DEMO_TRUSTEE_PORT=P  the trustee's port on 127.0.0.1. Default 0: the kernel picks.
#   TMPDIR                    where the demo's working directory is created. Default: /tmp.
# It builds build/ (the release preset) unless that is up to date. When anything fails, it says
# which step and command failed, prints the end of the logs that matter (build, trustee, swtpm),
# keeps its working directory with those logs, and exits non-zero.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bold=$'\033[1m'; blue=$'\033[1;34m'; green=$'\033[1;32m'; red=$'\033[1;31m'; dim=$'\033[2m'; reset=$'\033[0m'
say() { printf '\n%s==> %s%s\n' "$blue" "$*" "$reset"; }
note() { printf '%s%s%s\n' "$dim" "$*" "$reset"; }
# Runs a command after showing it; a failure names the command.
run() {
  printf '%s$ %s%s\n' "$bold" "$*" "$reset"
  "$@" || fail "\`$*\` exited with status $?"
}

# --- Failures -------------------------------------------------------------------------------------
# Every failure, whether a command under `set -e` or an explicit check, ends in report_failure:
# the step, what failed, the end of each log that matters now, and the kept working directory.
# Inside $(...) or a pipeline the first report wins; the enclosing shell then exits quietly.
step="checking the environment"
work=""
logs=()  # the logs that explain a failure in the current step
swtpm_pid=""; trustee_pid=""

report_failure() {
  if [ -n "$work" ] && [ -e "$work/.failed" ]; then return 0; fi
  [ -z "$work" ] || : >"$work/.failed"
  printf '\n%sThe demo failed at step "%s": %s%s\n' "$red" "$step" "$1" "$reset" >&2
  local log
  for log in "${logs[@]}"; do
    if [ -s "$log" ]; then
      printf '%s--- the last lines of %s ---%s\n' "$bold" "$log" "$reset" >&2
      tail -n 20 "$log" >&2
    else
      printf '%s(%s is empty)%s\n' "$dim" "$log" "$reset" >&2
    fi
  done
  if [ -n "$work" ]; then
    printf 'Everything the demo wrote, logs included, is kept in %s\n' "$work" >&2
  fi
}
fail() {
  report_failure "$*"
  exit 1
}
on_error() {  # the ERR trap: exit status, line and text of the command that failed
  report_failure "line $2: \`$3\` exited with status $1"
  exit "$1"
}
trap 'on_error $? $LINENO "$BASH_COMMAND"' ERR
trap 'report_failure "interrupted by a signal"; exit 130' INT TERM

# Stops a background process if it still runs, and reaps it; never fails.
stop() {
  if [ -n "$1" ]; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
cleanup() {
  local status=$?
  trap - ERR
  stop "$trustee_pid"
  shutdown_tpm
  if [ "$status" -eq 0 ] && [ -n "$work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

port_setting() {  # port_setting NAME VALUE MAX: VALUE must be a port number in 0..MAX
  if ! [[ $2 =~ ^[0-9]{1,5}$ ]] || (( 10#$2 > $3 )); then
    fail "$1 must be a port number from 0 to $3, found \"$2\""
  fi
}
tpm_first_port=${VEIL_DEMO_TPM_PORT:-${tpm_port:-}}
trustee_port=${VEIL_DEMO_TRUSTEE_PORT:-0}
[ -z "$tpm_first_port" ] || port_setting VEIL_DEMO_TPM_PORT "$tpm_first_port" 65534
port_setting VEIL_DEMO_TRUSTEE_PORT "$trustee_port" 65535
if [ -n "$tpm_first_port" ]; then tpm_first_port=$((10#$tpm_first_port)); fi  # no octal "010"
if [ "$tpm_first_port" = 0 ]; then tpm_first_port=""; fi                     # 0: the kernel picks

work=$(mktemp -d "${TMPDIR:-/tmp}/veil-demo.XXXXXX") || fail "cannot create a directory in ${TMPDIR:-/tmp}"

# --- Build ----------------------------------------------------------------------------------------
# Reads the build's output: keeps all of it in the build log and shows only progress, as one
# status line rewritten in place on a terminal, or one line per 10% otherwise.
show_progress() {
  local line finished total=0 percent shown=-10 seen=0
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$build_log"
    if [ "$line" = "ninja: no work to do." ]; then printf '  build/ is up to date\n'; fi
    # ninja's "[finished/total] description" lines; the globbing check runs before every build.
    if ! [[ $line =~ ^\[([0-9]+)/([0-9]+)\]\ (.*) ]] || [[ ${BASH_REMATCH[3]} == Re-checking* ]]; then
      continue
    fi
    finished=${BASH_REMATCH[1]}
    if ((BASH_REMATCH[2] != total)); then total=${BASH_REMATCH[2]}; shown=-10; fi  # CMake re-ran
    percent=$((finished * 100 / total)); seen=1
    if [ -t 1 ]; then
      printf '\r  building: %3d%% (%d of %d steps)' "$percent" "$finished" "$total"
    elif ((percent >= shown + 10)); then
      shown=$((percent / 10 * 10))
      printf '  building: %3d%% (%d of %d steps)\n' "$percent" "$finished" "$total"
    fi
  done
  if [ -t 1 ] && ((seen)); then printf '\n'; fi
}

step="installing and building"
say "Installing missing packages and building veil, veil-trustee and veil-agent"
bash scripts/setup.sh ||
  fail "scripts/setup.sh could not install the packages Veil needs (its output is above)"
for tool in cmake ninja swtpm tpm2_getrandom perl; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH, although scripts/setup.sh ran"
done
build_log="$work/build.log"
logs=("$build_log")
if [ ! -f build/build.ninja ]; then
  note "First build: on 2 cores it takes up to about 11-12 minutes (later runs take seconds)."
  cmake --preset release >>"$build_log" 2>&1 || fail "cmake could not configure build/"
fi
started=$SECONDS
cmake --build --preset release -j "$(nproc 2>/dev/null || echo 2)" \
  --target veil veil-trustee veil-agent 2>&1 | show_progress || fail "the build failed"
elapsed=$((SECONDS - started))
note "the build took $((elapsed / 60))m$((elapsed % 60))s; its full output is in $build_log"
bin="$root/build/bin"
export PATH="$bin:$PATH"

chmod 755 "$work"  # the workload user must be able to reach its secrets directory
cd "$work"
trustee_log="$work/trustee.log"
swtpm_log="$work/swtpm.log"

# --- The node's TPM -------------------------------------------------------------------------------
# swtpm serves on two consecutive loopback ports (TPM P, control P + 1), the pair the swtpm TCTI
# expects. Like the test harness (src/veil/testing/swtpm.cc), the kernel chooses them: bind port 0
# for P, then check that P + 1 is free too. `free_port_pair P` instead checks the given pair.
free_port_pair() {
  perl -MSocket -e '
    sub bound { my ($port, $reuse) = @_;
      socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!\n";
      setsockopt($s, SOL_SOCKET, SO_REUSEADDR, 1) if $reuse;
      return bind($s, pack_sockaddr_in($port, INADDR_LOOPBACK)) ? $s : undef; }
    if (@ARGV) { my $p = bound($ARGV[0], 1); exit((defined $p && bound($ARGV[0] + 1, 1)) ? 0 : 1) }
    for (1 .. 20) {
      my $s = bound(0, 0) or die "cannot bind a loopback port: $!\n";
      my ($port) = unpack_sockaddr_in(getsockname($s));
      if ($port < 65535 && bound($port + 1, 0)) { print "$port\n"; exit 0 }
    }
    die "no two free consecutive loopback ports in 20 tries\n";' "$@"
}
# Polls (5 s at most) until swtpm (pid $1) answers on port $2; false as soon as it exits.
tpm_ready() {
  local _
  for _ in $(seq 50); do
    if ! kill -0 "$1" 2>/dev/null; then return 1; fi
    if TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$2" timeout 5 tpm2_getrandom 1 >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}
# Starts swtpm on the state in $work/tpm-state and sets tpm_port. Restarting it on the same state
# is a reboot: same endorsement seed (so the same attestation key), PCRs reset. $1, when given, is
# the first choice for the port; when it is taken, or swtpm cannot bind, the kernel picks.
boot_tpm() {
  local first=${1:-} attempt port
  mkdir -p "$work/tpm-state"
  if [ -n "$first" ] && ! free_port_pair "$first"; then
    note "port $first or $((first + 1)) is in use; letting the kernel choose swtpm's ports"
    first=""
  fi
  for attempt in 1 2 3 4 5; do
    if [ -n "$first" ]; then
      port=$first; first=""
    else
      port=$(free_port_pair) || fail "no free loopback ports for swtpm"
    fi
    printf '== attempt %d: swtpm on 127.0.0.1 ports %d and %d\n' "$attempt" "$port" $((port + 1)) \
      >>"$swtpm_log"
    swtpm socket --tpm2 --tpmstate dir="$work/tpm-state" --flags not-need-init,startup-clear \
      --server type=tcp,port="$port",bindaddr=127.0.0.1 \
      --ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 >>"$swtpm_log" 2>&1 &
    swtpm_pid=$!
    if tpm_ready "$swtpm_pid" "$port"; then
      tpm_port=$port
      return 0
    fi
    stop "$swtpm_pid"; swtpm_pid=""
    note "swtpm did not serve on ports $port and $((port + 1))" \
      "($(tail -n 1 "$swtpm_log")); trying other ports"
  done
  fail "swtpm did not start in 5 attempts"
}
# Powers the TPM off cleanly: TPM2_Shutdown(CLEAR), then stop swtpm. Stopping swtpm without it
# is an unorderly shutdown, which the TPM counts as one dictionary-attack failure once the
# attestation key has been used; after swtpm's default of three, the TPM is in lockout and refuses
# every quote (docs/agent.md, "TPM dictionary-attack lockout"). Never fails.
shutdown_tpm() {
  if [ -n "$swtpm_pid" ] && [ -n "${tpm_port:-}" ]; then
    if ! TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$tpm_port" timeout 5 tpm2_shutdown --clear \
      >>"$swtpm_log" 2>&1; then
      note "tpm2_shutdown failed (see $swtpm_log); stopping swtpm anyway"
    fi
  fi
  stop "$swtpm_pid"; swtpm_pid=""
}
reboot_tpm() {
  local previous=$tpm_port
  shutdown_tpm
  boot_tpm "$previous"
  if [ "$tpm_port" != "$previous" ]; then  # only [workload] is measured, so the TCTI may change
    sed -i "s/port=$previous\"/port=$tpm_port\"/" agent.toml
    note "the TPM now listens on port $tpm_port; agent.toml follows"
  fi
}

# --- The story ------------------------------------------------------------------------------------
step="1. The owner starts a trustee"
logs=("$trustee_log")
say "$step (verifier + key broker, SQLite in $work/trustee)"
run veil admin keygen --out admin >/dev/null
: >trustee.out  # exists before the trustee starts, so that polling it never races its creation
veil-trustee --listen "127.0.0.1:$trustee_port" --data-dir trustee --admin-key admin/admin.pub \
  >trustee.out 2>"$trustee_log" &
trustee_pid=$!
url=""
for _ in $(seq 100); do
  url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' trustee.out)
  if [ -n "$url" ]; then break; fi
  if ! kill -0 "$trustee_pid" 2>/dev/null; then
    wait "$trustee_pid" && status=0 || status=$?
    trustee_pid=""
    fail "veil-trustee exited with status $status before it was listening (its log: $trustee_log)"
  fi
  sleep 0.1
done
[ -n "$url" ] || fail "veil-trustee did not say \"listening on\" within 10 s (its log: $trustee_log)"
echo "trustee: $url"
export VEIL_URL="$url" VEIL_ADMIN_KEY="$work/admin/admin.key"

step="2. The owner seals the workload and its secret"
say "$step"
mkdir bundle
cat >bundle/run.sh <<'SCRIPT'
#!/bin/sh
echo "Hello from inside the TEE. I run as uid $(id -u) from $(pwd)."
echo "My secret has SHA-256 $(sha256sum "$VEIL_SECRETS_DIR/greeting" | cut -d' ' -f1)"
SCRIPT
chmod 755 bundle/run.sh
tar -C bundle -cf bundle.tar run.sh
run veil payload encrypt --key-resource demo/key/workload bundle.tar workload.veil
printf 'the launch code is 0000' >greeting.txt
run veil secret put demo/secret/greeting greeting.txt
note "SHA-256 of the secret, for comparison: $(sha256sum greeting.txt | cut -d' ' -f1)"

step="3. A node with a TPM boots"
logs=("$trustee_log" "$swtpm_log")
say "$step; its agent is configured to run the sealed workload"
boot_tpm "$tpm_first_port"
cat >agent.toml <<TOML
[trustee]
url = "$url"

[tee]
kind = "tpm"
tcti = "swtpm:host=127.0.0.1,port=$tpm_port"

[measurement]
event_log = "$work/events.jsonl"

[workload]
secrets_dir = "$work/secrets"
payload = "$work/workload.veil"

[[workload.resources]]
uri = "kbs:///demo/secret/greeting"
file = "greeting"
TOML
cat agent.toml

step="4. The owner enrols the node's attestation key and the workload's expected measurement"
say "$step"
ak=$(veil-agent ak --config agent.toml | sed -n 's/.*refval add tpm.ak \([0-9a-f]*\).*/\1/p')
[ -n "$ak" ] || fail "\`veil-agent ak --config agent.toml\` printed no \"veil refval add tpm.ak\" line"
run veil refval add tpm.ak "$ak" --provenance "node enrolled by the demo"
run veil measure workload --config agent.toml -- ./run.sh
pcr=$(veil measure workload --config agent.toml --pcr-only -- ./run.sh)
run veil refval add tpm.pcrs.sha256.23 "$pcr" --provenance "workload.veil + ./run.sh + agent.toml"
cat >resource-policy.yaml <<'YAML'
id: demo-resources
rules:
  - name: demo-secrets-to-attested-tpm-nodes
    resource: "demo/**"
    allow_if:
      - {claim: status, equals: affirming}
      - {claim: tee, equals: tpm}
default: deny
YAML
run veil policy set resource resource-policy.yaml

step="5. The agent measures, attests, decrypts and launches the workload"
say "$step"
run veil-agent run --config agent.toml -- ./run.sh
printf '%sThe workload ran with its secret; the secrets tmpfs is gone: %s%s\n' "$green" "$(ls -A secrets | wc -l) files left" "$reset"

step="6. Someone changes one byte of the sealed workload; the node reboots and tries again"
say "$step"
reboot_tpm
# One byte in the middle of the encrypted bundle (not the header): what the agent measures changes.
offset=$(( $(stat -c %s workload.veil) - 40 ))
byte=$(od -An -tu1 -j "$offset" -N1 workload.veil | tr -d ' ')
printf "\\$(printf %o $(( byte ^ 1 )))" | dd of=workload.veil bs=1 seek="$offset" conv=notrunc status=none
note "flipped one bit of byte $offset of workload.veil"
printf '%s$ veil-agent run --config agent.toml -- ./run.sh%s\n' "$bold" "$reset"
status=0
veil-agent run --config agent.toml -- ./run.sh 2>&1 | tee refused.log || status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ]; then
  fail "the changed workload ran: the trustee should have refused its PCR 23"
fi
grep -q "claim tpm.pcrs.sha256.23 expected" refused.log ||
  fail "veil-agent exited with status $status, but not because of PCR 23 (its output is above)"
printf '%sRefused (exit %s): the trustee saw a PCR 23 that matches no reference value, and nothing ran.%s\n' \
  "$green" "$status" "$reset"

step="7. Everything is in the trustee's hash-chained audit log"
say "$step"
run veil audit verify --data-dir trustee | tail -n 5
say "Done. Stopping the trustee and the TPM, removing $work"
