#!/usr/bin/env bash
# The main job, end to end on this machine: install what is missing, build, then verify real
# AMD SEV-SNP hardware evidence and a fresh TPM 2.0 quote from a real (software) TPM, and show
# that tampered evidence is refused with the exact reason.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
fixtures=${VEIL_FIXTURES_DIR:-$root/../shared/fixtures}

bold=$'\033[1m'; blue=$'\033[1;34m'; green=$'\033[1;32m'; red=$'\033[1;31m'; reset=$'\033[0m'
say() { printf '\n%s==> %s%s\n' "$blue" "$*" "$reset"; }
run() { printf '%s$ %s%s\n' "$bold" "$*" "$reset"; "$@"; }
expect_rejection() {
  printf '%s$ %s%s\n' "$bold" "$*" "$reset"
  if "$@"; then printf '%sUNEXPECTED: accepted%s\n' "$red" "$reset"; exit 1; fi
  printf '%s(refused, as it must be)%s\n' "$green" "$reset"
}

say "Installing missing packages and building (first run takes a few minutes)"
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc 2>/dev/null || echo 2)" --target veil >/dev/null
veil="$root/build/bin/veil"

say "1. A real AMD SEV-SNP attestation report (Milan), signed by its chip's VCEK"
echo "Veil checks the VCEK -> ASK -> ARK chain against the AMD roots compiled into it,"
echo "the report's ECDSA P-384 signature, and the VCEK's TCB and chip ID against the report."
run "$veil" evidence verify --tee snp --report "$fixtures/snp/milan-virtee-report.bin" \
  --vcek "$fixtures/snp/milan-virtee-vcek.der"

say "1b. The same report with one measurement byte changed"
work=$(mktemp -d)
swtpm_pid=""
cleanup() {
  [ -n "$swtpm_pid" ] && kill "$swtpm_pid" 2>/dev/null && wait "$swtpm_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cp "$fixtures/snp/milan-virtee-report.bin" "$work/tampered.bin"
printf '\x00' | dd of="$work/tampered.bin" bs=1 seek=$((0x90)) conv=notrunc status=none
expect_rejection "$veil" evidence verify --tee snp --report "$work/tampered.bin" \
  --vcek "$fixtures/snp/milan-virtee-vcek.der"

say "2. A fresh TPM 2.0 quote from a real TPM (swtpm), bound to a verifier nonce"
# Start swtpm on a free pair of loopback ports (server P, control P + 1, as the swtpm TCTI
# expects), retrying on other ports if the pair is taken.
start_swtpm() {
  for _ in $(seq 20); do
    port=$((20000 + RANDOM % 40000))
    rm -rf "$work/state" && mkdir -p "$work/state"
    swtpm socket --tpm2 --tpmstate dir="$work/state" --flags not-need-init,startup-clear \
      --server type=tcp,port="$port",bindaddr=127.0.0.1 \
      --ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 2>/dev/null &
    swtpm_pid=$!
    export TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$port"
    for _ in $(seq 50); do
      if ! kill -0 "$swtpm_pid" 2>/dev/null; then break; fi
      if tpm2_getrandom 1 >/dev/null 2>&1; then return 0; fi
      sleep 0.1
    done
    kill "$swtpm_pid" 2>/dev/null; wait "$swtpm_pid" 2>/dev/null || true
    swtpm_pid=""
  done
  echo "could not start swtpm" >&2
  return 1
}
start_swtpm
echo "swtpm is listening on 127.0.0.1:$port"
cd "$work"
tpm2_createek -c ek.ctx -G rsa -u ek.pub >/dev/null && tpm2_flushcontext -t
tpm2_createak -C ek.ctx -c ak.ctx -G ecc -g sha256 -s ecdsa -u ak.pem -f pem -n ak.name >/dev/null
tpm2_flushcontext -t && tpm2_flushcontext -s
echo "Measuring a workload into PCR 23 (SHA-256 of its bytes), as the agent will:"
workload_digest=$(printf 'echo hello from a confidential workload' | sha256sum | cut -d' ' -f1)
run tpm2_pcrextend "23:sha256=$workload_digest"
nonce=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "Verifier nonce: $nonce"
run tpm2_quote -c ak.ctx -l sha256:0,1,7,23 -q "$nonce" -m quote.msg -s quote.sig -o quote.pcrs -g sha256 >/dev/null
run "$veil" evidence verify --tee tpm --ak ak.pem --message quote.msg --signature quote.sig --pcrs quote.pcrs \
  --nonce "$nonce" --pcr-list sha256:0,1,7,23

say "2b. The same quote replayed against a different nonce"
other_nonce=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
expect_rejection "$veil" evidence verify --tee tpm --ak ak.pem --message quote.msg --signature quote.sig \
  --pcrs quote.pcrs --nonce "$other_nonce"

say "2c. The quote presented with PCR values of a different workload"
run tpm2_pcrextend "23:sha256=$(printf 'a different workload' | sha256sum | cut -d' ' -f1)"
run tpm2_pcrread sha256:0,1,7,23 -o other.pcrs >/dev/null
expect_rejection "$veil" evidence verify --tee tpm --ak ak.pem --message quote.msg --signature quote.sig \
  --pcrs other.pcrs --nonce "$nonce"

printf '\n%sDemo complete: genuine evidence verified, every tampered variant refused with its reason.%s\n' \
  "$green" "$reset"
