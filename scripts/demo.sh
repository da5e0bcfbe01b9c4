#!/usr/bin/env bash
# The main job, end to end on this machine: install what is missing, build, then run Veil's whole
# story with a real (software) TPM — an owner's trustee, an agent on a TPM-equipped node, an
# encrypted workload that only runs, and only sees its secret, after the trustee has appraised the
# node's TPM quote; then the same workload with one byte changed, refused with the exact reason.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bold=$'\033[1m'; blue=$'\033[1;34m'; green=$'\033[1;32m'; red=$'\033[1;31m'; dim=$'\033[2m'; reset=$'\033[0m'
say() { printf '\n%s==> %s%s\n' "$blue" "$*" "$reset"; }
note() { printf '%s%s%s\n' "$dim" "$*" "$reset"; }
run() { printf '%s$ %s%s\n' "$bold" "$*" "$reset"; "$@"; }

say "Installing missing packages and building (the first run takes a few minutes)"
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc 2>/dev/null || echo 2)" --target veil veil-trustee veil-agent >/dev/null
bin="$root/build/bin"
export PATH="$bin:$PATH"

work=$(mktemp -d /tmp/veil-demo.XXXXXX)
swtpm_pid=""; trustee_pid=""
cleanup() {
  [ -n "$trustee_pid" ] && kill "$trustee_pid" 2>/dev/null && wait "$trustee_pid" 2>/dev/null
  [ -n "$swtpm_pid" ] && kill "$swtpm_pid" 2>/dev/null && wait "$swtpm_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"  # the workload user must be able to reach its secrets directory
cd "$work"

# The node's TPM: swtpm on a free pair of loopback ports (server P, control P + 1). Restarting it
# on the same state is a reboot: same endorsement seed (so the same attestation key), PCRs reset.
boot_tpm() {
  for _ in $(seq 20); do
    port=${tpm_port:-$((20000 + RANDOM % 40000))}
    mkdir -p "$work/tpm-state"
    swtpm socket --tpm2 --tpmstate dir="$work/tpm-state" --flags not-need-init,startup-clear \
      --server type=tcp,port="$port",bindaddr=127.0.0.1 \
      --ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 2>/dev/null &
    swtpm_pid=$!
    for _ in $(seq 50); do
      kill -0 "$swtpm_pid" 2>/dev/null || break
      if TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$port" tpm2_getrandom 1 >/dev/null 2>&1; then tpm_port=$port; return 0; fi
      sleep 0.1
    done
    kill "$swtpm_pid" 2>/dev/null; wait "$swtpm_pid" 2>/dev/null || true
    swtpm_pid=""
  done
  echo "could not start swtpm" >&2; return 1
}
reboot_tpm() { kill "$swtpm_pid"; wait "$swtpm_pid" 2>/dev/null || true; swtpm_pid=""; boot_tpm; }

say "1. The owner starts a trustee (verifier + key broker, SQLite in $work/trustee)"
run veil admin keygen --out admin >/dev/null
veil-trustee --listen 127.0.0.1:0 --data-dir trustee --admin-key admin/admin.pub >trustee.out 2>trustee.log &
trustee_pid=$!
for _ in $(seq 100); do grep -q "listening on" trustee.out 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' trustee.out)
[ -n "$url" ] || { cat trustee.log; exit 1; }
echo "trustee: $url"
export VEIL_URL="$url" VEIL_ADMIN_KEY="$work/admin/admin.key"

say "2. The owner seals the workload and its secret"
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

say "3. A node with a TPM boots; its agent is configured to run the sealed workload"
boot_tpm
cat >agent.toml <<TOML
[trustee]
url = "$url"

[tee]
kind = "tpm"
tcti = "swtpm:host=127.0.0.1,port=$tpm_port"

[measurement]
event_log = "$work/events.jsonl"

[workload]
user = "nobody"
secrets_dir = "$work/secrets"
payload = "$work/workload.veil"

[[workload.resources]]
uri = "kbs:///demo/secret/greeting"
file = "greeting"
TOML
cat agent.toml

say "4. The owner enrols the node's attestation key and the workload's expected measurement"
ak=$(veil-agent ak --config agent.toml | sed -n 's/.*refval add tpm.ak \([0-9a-f]*\).*/\1/p')
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

say "5. The agent measures, attests, decrypts and launches the workload"
run veil-agent run --config agent.toml -- ./run.sh
printf '%sThe workload ran with its secret; the secrets tmpfs is gone: %s%s\n' "$green" "$(ls -A secrets | wc -l) files left" "$reset"

say "6. Someone changes one byte of the sealed workload; the node reboots and tries again"
reboot_tpm
# One byte in the middle of the encrypted bundle (not the header): what the agent measures changes.
offset=$(( $(stat -c %s workload.veil) - 40 ))
byte=$(od -An -tu1 -j "$offset" -N1 workload.veil | tr -d ' ')
printf "\\$(printf %o $(( byte ^ 1 )))" | dd of=workload.veil bs=1 seek="$offset" conv=notrunc status=none
note "flipped one bit of byte $offset of workload.veil"
printf '%s$ veil-agent run --config agent.toml -- ./run.sh%s\n' "$bold" "$reset"
if veil-agent run --config agent.toml -- ./run.sh; then
  printf '%sUNEXPECTED: the changed workload ran%s\n' "$red" "$reset"; exit 1
else
  status=$?
fi
printf '%sRefused (exit %s): the trustee saw a PCR 23 that matches no reference value, and nothing ran.%s\n' \
  "$green" "$status" "$reset"

say "7. Everything is in the trustee's hash-chained audit log"
run veil audit verify --data-dir trustee | tail -n 5
say "Done. Stopping the trustee and the TPM, removing $work"
