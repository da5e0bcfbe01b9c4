#!/usr/bin/env bash
# Installs every Debian package Veil needs to build, test and run its demo.
# Idempotent: installs only what is missing. Must run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  clang-14 libclang-rt-14-dev clang-format-14 clang-tidy-14 ccache
  libssl-dev openssl
  libtss2-dev swtpm swtpm-tools tpm2-tools
  nlohmann-json3-dev libexpected-dev libcli11-dev libspdlog-dev libfmt-dev
  libtomlplusplus-dev libyaml-cpp-dev zlib1g-dev libre2-dev libsqlite3-dev libpq-dev postgresql libcurl4-openssl-dev libboost-dev
  gocryptfs fuse3
  libgtest-dev libgmock-dev libbenchmark-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
